#!/usr/bin/env bash
# Runs every test: formatting, lints (server and browser code), unit and integration
# tests, the release build, and the end-to-end tests in Chromium against that build.
# Installs whatever is missing first (toolchain, Chromium, Playwright).
# Ends with a table of the steps and their seconds (BENCHMARKS.md, "Build and CI").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

steps=()
step() {
  local name="$1"
  shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local started=$SECONDS
  "$@"
  steps+=("$name|$((SECONDS - started))")
  printf '\033[1m    %s: ok (%ss)\033[0m\n' "$name" $((SECONDS - started))
}
table() {
  local status=$1 total=0 row
  printf '\n| step | seconds |\n|---|---:|\n'
  for row in "${steps[@]}"; do
    printf '| %s | %s |\n' "${row%|*}" "${row##*|}"
    total=$((total + ${row##*|}))
  done
  printf '| **total** | **%s** |\n' "$total"
  [ "$status" -eq 0 ] || printf '(stopped by a failure after the steps above)\n'
}
trap 'table $?' EXIT

# Clippy's lints run inside the test build instead of in a `cargo clippy` run of their own:
# clippy-driver is rustc with the lints added, and cargo hands it only this workspace's
# crates, so the dependencies compile once for both. This is what `cargo clippy` itself
# does (RUSTC_WORKSPACE_WRAPPER, CLIPPY_ARGS), without its check-only mode; it saved the
# separate check build of every server dependency (about 7 minutes).
clippy_in_build() {
  RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)" \
    CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}

step "Setup (installs what is missing)" scripts/setup.sh test
step "Formatting" cargo fmt --all -- --check
step "Clippy, browser (wasm)" cargo clippy --package umsetzungsmonitor --package umsetzungsmonitor-frontend \
  --lib --target wasm32-unknown-unknown --no-default-features --features umsetzungsmonitor/hydrate -- -D warnings
step "Build tests, with clippy (server)" clippy_in_build cargo test --features ssr --all-targets --no-run
step "Unit and integration tests" clippy_in_build cargo test --features ssr
step "Release build (server + wasm)" scripts/build.sh
step "End-to-end tests (Chromium)" bash -c "cd end2end && npx playwright test"
