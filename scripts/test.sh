#!/usr/bin/env bash
# The README's test command: lint, native tests, wasm tests in headless
# Chromium, then end-to-end tests in headless Chromium against the real server.
# Each artifact is built once.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

timings=()
stage() { # stage NAME COMMAND...: runs a stage and records how long it took
  local name=$1 start=$SECONDS
  shift
  say "== $name"
  "$@"
  timings+=("$(printf '%-34s %5ss' "$name" $((SECONDS - start)))")
}

stage "setup" scripts/setup.sh --browser
stage "cargo fmt --check" cargo fmt --all -- --check
stage "clippy (native: api, server, app)" cargo clippy --workspace --all-targets --locked -- -D warnings
stage "clippy (wasm32: app)" cargo clippy -p roster -p roster-api --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
stage "native tests" cargo test --workspace --locked
# The server's tests again on PostgreSQL, when it is installed (skipped otherwise).
stage "server tests on PostgreSQL" scripts/test-postgres.sh --locked

# wasm-bindgen-test in headless Chromium through chromedriver (webdriver.json adds --no-sandbox).
wasm_tests() {
  CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_TIMEOUT=180 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test -p roster --target wasm32-unknown-unknown --test web --locked
}
stage "wasm tests (headless Chromium)" wasm_tests

stage "app build (release)" scripts/build-app.sh
stage "server build" cargo build -p roster-server --locked

e2e() {
  ROSTER_SERVER_BIN="$TARGET_DIR/debug/roster-server" ROSTER_DIST="$ROOT/dist" \
    npx playwright test "$@"
}
stage "e2e (Playwright, headless Chromium)" e2e "$@"

say "timings"
printf '  %s\n' "${timings[@]}"
