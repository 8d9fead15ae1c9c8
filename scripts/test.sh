#!/usr/bin/env bash
# Runs every test: formatting, lints (server and browser code), unit and integration
# tests, the release build, and the end-to-end tests in Chromium against that build.
# Installs whatever is missing first (toolchain, Chromium, Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh

step() {
  local name="$1"
  shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local started=$SECONDS
  "$@"
  printf '\033[1m    %s: ok (%ss)\033[0m\n' "$name" $((SECONDS - started))
}

step "Formatting" cargo fmt --all -- --check
step "Clippy, server" cargo clippy --all-targets --features ssr -- -D warnings
step "Clippy, browser (wasm)" cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings
step "Unit and integration tests" cargo test --features ssr
step "Release build (server + wasm)" cargo leptos build --release
step "End-to-end tests (Chromium)" bash -c "cd end2end && npx playwright test"
