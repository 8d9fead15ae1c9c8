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

# The tests' build must find the release build's dependencies already compiled. If typst
# compiles again, a dev-dependency switched on a feature that the server's dependencies lack
# (see the notes in Cargo.toml): the run stays green but takes minutes longer; say so.
test_build() {
  cargo test --release --features ssr --no-run 2>&1 | tee target/test-build.log
  if grep -qE '^ +Compiling typst ' target/test-build.log; then
    steps+=("warning: the test build compiled typst again (features differ, see Cargo.toml)|0")
  fi
}

# One release build serves everything after it: the end-to-end tests run against it;
# `cargo test --release` reuses its compiled library and dependencies (same profile, same
# features: see the notes in Cargo.toml), so typst and the rest of the server's dependencies
# compile once instead of twice; the clippy runs reuse its compiled build scripts and macros
# (same target directories and profiles). Overflow checks stay on in the tested code.
step "Setup (installs what is missing)" scripts/setup.sh test
step "Formatting" cargo fmt --all -- --check
step "Layers (imports point down, ARCHITECTURE.md)" python3 scripts/check-layers.py
step "Schemas: SQLite = PostgreSQL (migrations)" python3 scripts/compare-schemas.py
step "Release build (server + wasm)" scripts/build.sh
step "Clippy, server" cargo clippy --release --all-targets --features ssr -- -D warnings
step "Clippy, browser (wasm)" cargo clippy --package umsetzungsmonitor --package umsetzungsmonitor-frontend \
  --lib --target wasm32-unknown-unknown --profile wasm-release --target-dir target/front \
  --features umsetzungsmonitor/hydrate -- -D warnings
step "Test build" test_build
step "Unit and integration tests" cargo test --release --features ssr
# The integration suite once more, on a PostgreSQL cluster of its own (issue 22): every
# test gets a fresh database on it; the cluster is removed afterwards.
step "Integration tests on PostgreSQL" python3 scripts/postgres.py -- \
  cargo test --release --features ssr --test it
step "End-to-end tests (Chromium)" bash -c "cd end2end && npx playwright test"
