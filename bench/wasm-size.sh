#!/usr/bin/env bash
# Size of the hydrate bundle: raw / gzip -9 / brotli -q 11 of the shipped wasm, and what it
# is made of: code and data by crate and the largest functions, read with twiggy from the
# unstripped build scripts/build.sh leaves in target/front (names are still in it there).
# Usage: bench/wasm-size.sh   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
# Named by content (scripts/build.sh): the one file of each kind.
pkg=target/site/pkg
wasm=$(ls "$pkg"/umsetzungsmonitor.*.wasm 2>/dev/null | head -1)
js=$(ls "$pkg"/umsetzungsmonitor.*.js 2>/dev/null | head -1)
css=$(ls "$pkg"/umsetzungsmonitor.*.css 2>/dev/null | head -1)
named=target/front/wasm32-unknown-unknown/wasm-release/umsetzungsmonitor_frontend.wasm
[[ -n $wasm && -f $wasm ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
command -v brotli >/dev/null || apt-get install -y -qq brotli >/dev/null
echo "| wasm raw | gzip -9 | brotli -q 11 | as served (.br built by scripts/build.sh) | JS glue raw (.br) | CSS raw (.br) |"
echo "|---|---|---|---|---|---|"
echo "| $(stat -c %s "$wasm") B | $(gzip -9 -c "$wasm" | wc -c) B | $(brotli -q 11 -c "$wasm" | wc -c) B | $(stat -c %s "$wasm.br") B |" \
  "$(stat -c %s "$js") B ($(stat -c %s "$js.br") B) | $(stat -c %s "$css") B ($(stat -c %s "$css.br") B) |"
[[ -f $named ]] || exit 0
command -v twiggy >/dev/null || cargo install --quiet --locked twiggy
echo
echo "Code and data by crate (twiggy, before wasm-bindgen and wasm-opt; shares of the code and data, name sections left out):"
echo
twiggy top -n 1000000 -f csv "$named" | python3 -c '
import csv, collections, re, sys
sizes = collections.Counter()
for row in csv.DictReader(sys.stdin):
    name, size = row["Name"], int(row["ShallowSize"])
    if "function names" in name or "custom section" in name:
        continue
    # the crate: first path segment, or the trait crate of "<T as crate::Trait>"
    match = re.search(r" as ([A-Za-z_]\w*)::", name) if re.match(r"^<[TF] as ", name) else None
    match = match or re.match(r"^[<&\s]*(?:mut\s+|dyn\s+)*([A-Za-z_]\w*)", name)
    sizes[re.sub(r"\[[0-9a-f]+\]", "", match.group(1)) if match else "other"] += size
total = sum(sizes.values())
print("| crate | bytes | share |")
print("|---|---|---|")
for crate, size in sizes.most_common(12):
    print(f"| {crate} | {size} | {100 * size / total:.1f} % |")
'
echo
echo "Largest single items (twiggy top -n 12):"
echo
echo '```'
twiggy top -n 14 "$named" | grep -v "function names\|custom section" | cut -c1-150
echo '```'
