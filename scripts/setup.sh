#!/usr/bin/env bash
# Installs what building (and, with "test", testing) needs; skips what is already there.
# Usage: scripts/setup.sh [build|test|dev]
#   build: what scripts/build.sh needs (start.sh); test: also the browser tests' tools;
#   dev:   also cargo-leptos, for `cargo leptos watch` (compiles about 13 minutes, once).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-build}"
CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96
WASM_BINDGEN_VERSION=0.2.130  # must equal the wasm-bindgen pin in frontend/Cargo.toml

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$mode" = dev ] && ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
  say "cargo-leptos $CARGO_LEPTOS_VERSION (compiles once, about 13 minutes on 2 cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -x tools/node_modules/.bin/esbuild ] \
  || [ ! -x tools/node_modules/.bin/lightningcss ]; then
  say "wasm-opt, esbuild, lightningcss (from npm, into tools/)"
  (cd tools && npm ci --no-audit --no-fund)
fi

if [ "$mode" = test ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    say "Chromium (Debian package) for end-to-end tests"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  fi
  if ! command -v pdftotext >/dev/null 2>&1; then
    say "poppler-utils (pdftotext, pdfinfo): the export tests read the PDF back"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils
  fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "PostgreSQL (Debian package): the schema check and the integration suite's second run start clusters of their own"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/@axe-core/playwright ]; then
    say "Playwright test runner and axe-core (without Playwright's browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi
