#!/usr/bin/env bash
# Builds the release site into target/ the way `cargo leptos build --release` does, without
# needing cargo-leptos (compiling it takes about 13 minutes on 2 cores; `cargo leptos watch`
# for development still uses it):
#   target/site/pkg/umsetzungsmonitor.<hash>.{wasm,js,css}  the browser bundle and the
#                                   stylesheet, named by content, with .br and .gz beside
#   target/site/pkg/hash.txt        the hashes (the server reads it and names the files)
#   target/site/…                                   the files from public/
#   target/release/umsetzungsmonitor                the server
# The browser bundle and the server compile at the same time, in separate target
# directories (target/front and target), as cargo-leptos does: each keeps the other core busy
# while the other links.
# Usage: scripts/build.sh        (after scripts/setup.sh)
#   TIMINGS=1 scripts/build.sh   also writes cargo's --timings reports (target/cargo-timings,
#                                target/front/cargo-timings)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

name=umsetzungsmonitor
site=target/site
pkg=$site/pkg
timings=()
[ -z "${TIMINGS:-}" ] || timings=(--timings)
front_wasm=target/front/wasm32-unknown-unknown/wasm-release/umsetzungsmonitor_frontend.wasm

build_front() {
  cargo build --package umsetzungsmonitor-frontend --lib --target wasm32-unknown-unknown \
    --profile wasm-release --target-dir target/front "${timings[@]}"
  rm -rf "$pkg.new" && mkdir -p "$pkg.new"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg.new" --out-name "$name" "$front_wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg.new/${name}_bg.wasm" -o "$pkg.new/${name}_bg.wasm"
  esbuild --minify --format=esm --log-level=warning "$pkg.new/$name.js" --outfile="$pkg.new/$name.min.js"
  mv "$pkg.new/$name.min.js" "$pkg.new/$name.js"
}

build_server() {
  cargo build --release --package "$name" --bin "$name" --no-default-features --features ssr "${timings[@]}"
}

started=$SECONDS
mkdir -p target
build_front > target/build-front.log 2>&1 &
front=$!
build_server
if ! wait "$front"; then
  cat target/build-front.log >&2
  echo "scripts/build.sh: the browser bundle failed to build (log above)" >&2
  exit 1
fi
grep -E '^(warning|error)' target/build-front.log >&2 || true

# The stylesheet: minified, with the prefixes the browsers in `defaults` need.
lightningcss --minify --targets defaults style/main.css -o "$pkg.new/$name.css"

# Named by content: a changed file gets a new address, so browsers and proxies may keep each
# one for a year (the server says `immutable`). The server finds the names in hash.txt, as
# cargo-leptos's `hash-files` writes it.
hash_of() { sha256sum "$1" | cut -c1-20; }
js_hash=$(hash_of "$pkg.new/$name.js")
wasm_hash=$(hash_of "$pkg.new/${name}_bg.wasm")
css_hash=$(hash_of "$pkg.new/$name.css")
mv "$pkg.new/$name.js" "$pkg.new/$name.$js_hash.js"
mv "$pkg.new/${name}_bg.wasm" "$pkg.new/$name.$wasm_hash.wasm"
mv "$pkg.new/$name.css" "$pkg.new/$name.$css_hash.css"
printf 'js: %s\nwasm: %s\ncss: %s\n' "$js_hash" "$wasm_hash" "$css_hash" >"$pkg.new/hash.txt"
# Compressed once, at the best levels, instead of on every request.
node tools/precompress.mjs "$pkg.new/$name.$js_hash.js" "$pkg.new/$name.$wasm_hash.wasm" \
  "$pkg.new/$name.$css_hash.css"
cp -r public/. "$site/"
rm -rf "$pkg" && mv "$pkg.new" "$pkg"
echo "scripts/build.sh: site and server built in $((SECONDS - started)) s"
