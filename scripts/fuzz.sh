#!/usr/bin/env bash
# `make fuzz`: property-based fuzzing of the API from its own OpenAPI document
# with schemathesis (PyPI), all phases and all checks, against a demo server on
# loopback with the rate limits off. Not part of `make test` (it takes minutes).
#
# Knobs (environment):
#   FUZZ_MAX_EXAMPLES  test cases per operation and phase   (default 60)
#   FUZZ_MAX_TIME      time budget of the whole run, seconds (default 600)
#   FUZZ_SEED          seed, for a reproducible run          (default random)
#   FUZZ_PROFILE       cargo profile of the server           (default dev)
#   FUZZ_CASSETTE=1    also record every request and answer (a VCR cassette,
#                      about 250 MB for a default run)
#   SCHEMATHESIS       a schemathesis binary to use instead of installing one
# The report (JUnit XML, the summary, the server's log) goes to $TARGET_DIR/fuzz/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

SCHEMATHESIS_VERSION="4.32.*"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/roster/schemathesis-venv"
if [[ -z "${SCHEMATHESIS:-}" ]]; then
  SCHEMATHESIS="$VENV/bin/schemathesis"
  if ! "$SCHEMATHESIS" --version 2>/dev/null | grep -q "version 4\.32\."; then
    say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi
"$SCHEMATHESIS" --version

PROFILE="${FUZZ_PROFILE:-dev}"
say "building the server ($PROFILE profile)"
cargo build --profile "$PROFILE" -p roster-server
case "$PROFILE" in
  dev) BIN="$TARGET_DIR/debug/roster-server" ;;
  *) BIN="$TARGET_DIR/$PROFILE/roster-server" ;;
esac

OUT="$TARGET_DIR/fuzz"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/server.log"
# A fresh demo database per run; the static directory does not exist, so the
# server serves the API only. Rate limits off (0), or the fuzzer would mostly
# test the limiter.
"$BIN" --demo --db "$OUT/fuzz.db" --bind 127.0.0.1:0 --static-dir "$OUT/no-app" \
  --rate-limit-sign-in 0 --rate-limit-invitations 0 --rate-limit-invitations-org 0 --rate-limit-token 0 \
  >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

BASE=""
for _ in $(seq 1 600); do
  BASE="$(sed -n 's/^Roster listening on \(http:[^ ]*\)$/\1/p' "$LOG" | head -n1)"
  [[ -n "$BASE" ]] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG"; say "the server did not start"; exit 1; }
  sleep 0.1
done
[[ -n "$BASE" ]] || { cat "$LOG"; say "the server did not say where it listens"; exit 1; }
say "server on $BASE"

# The partner's bearer token comes from the hooks (scripts/fuzz_hooks.py), which
# sign in again when a fuzzed sign-out ended the session. Check once here that
# signing in works at all.
curl -sf -X POST "$BASE/api/v1/auth/demo-sign-in" \
  -H 'content-type: application/json' -d '{"email":"partner@roster.demo"}' >/dev/null
export ROSTER_FUZZ_BASE="$BASE"
export ROSTER_FUZZ_CACHE="$TARGET_DIR/fuzz-cache"

say "fuzzing $BASE/api/v1/openapi.json (max ${FUZZ_MAX_EXAMPLES:-60} examples per operation, ${FUZZ_MAX_TIME:-600} s at most)"
set +e
"$SCHEMATHESIS" --config-file scripts/schemathesis.toml run "$BASE/api/v1/openapi.json" \
  --url "$BASE" \
  --phases examples,coverage,fuzzing,stateful \
  --checks all \
  --max-examples "${FUZZ_MAX_EXAMPLES:-60}" \
  --max-time "${FUZZ_MAX_TIME:-600}" \
  ${FUZZ_SEED:+--seed "$FUZZ_SEED"} \
  --workers 2 \
  --request-timeout 30 \
  --report "junit${FUZZ_CASSETTE:+,vcr}" --report-dir "$OUT" \
  2>&1 | tee "$OUT/summary.txt"
status=${PIPESTATUS[0]}
set -e

# 5xx answers leave their cause in the server's log.
if grep -q "internal error" "$LOG"; then
  say "the server logged internal errors:"
  grep "internal error" "$LOG" | sort | uniq -c | sort -rn | head -20
fi
say "report: $OUT (summary.txt, the JUnit XML, server.log${FUZZ_CASSETTE:+, the cassette})"
exit "$status"
