#!/usr/bin/env bash
# `make stress`: the reference server under load, and killed in the middle of a
# batch. Not part of `make test` (it takes about two minutes and wants the
# machine to itself); prints figures and fails on any error.
#
#   scripts/stress.sh            # or: make stress
#
# 1. Builds the server with the `server` profile (release) and starts it on a
#    loopback port with the demo data and every rate limit off (--rate-limit-* 0).
# 2. Runs wrk (installed from Debian when missing) with CONNECTIONS (200)
#    connections for DURATION (30s) on the members list of Acme Corp
#    (`GET /api/v1/organizations/{id}/users`, bearer token of the demo partner),
#    then on a mix: one request in MIX_EVERY (10) sends an invitation to a new
#    address with its own Idempotency-Key (scripts/stress-mix.lua). Prints
#    requests/s, p50, p99, errors (any answer outside 2xx, and socket errors)
#    and the server's CPU time per request.
# 3. kill -9: sends a batch of 500 new addresses, kills the server with SIGKILL
#    part-way through the request (at 10%, 30%, 50%, 70% and 90% of the time a
#    batch takes), restarts it on the same database, retries with the same
#    Idempotency-Key, and checks that the retry answers all 500 as invited and
#    that the database holds exactly one invitation and one message per address.
#
# Environment: DURATION, CONNECTIONS, THREADS (wrk threads, 2), MIX_EVERY,
# KILL_ROUNDS (5), ROSTER_SERVER_BIN (skip the build and use this binary).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
MIX_EVERY=${MIX_EVERY:-10}
KILL_ROUNDS=${KILL_ROUNDS:-5}
BATCH=500

if ! command -v wrk >/dev/null; then
  say "installing wrk (Debian package)"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get install -y wrk >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi
command -v python3 >/dev/null || { echo "python3 is needed (JSON and the database check)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }

if [[ -n "${ROSTER_SERVER_BIN:-}" ]]; then
  BIN=$ROSTER_SERVER_BIN
else
  say "building the server (release, \`server\` profile)"
  cargo build --profile server -p roster-server
  BIN="$TARGET_DIR/server/roster-server"
fi

DIR=$(mktemp -d /tmp/roster-stress-XXXXXX)
DB="$DIR/stress.db"
SERVER_PID=""
BASE=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
cleanup() {
  stop_server
  rm -rf "$DIR"
}
trap cleanup EXIT

# Starts the server on the stress database and sets BASE (waits at most 60 s).
start_server() {
  : >"$DIR/server.log"
  "$BIN" --demo --db "$DB" --bind 127.0.0.1:0 --static-dir "$DIR/no-app" \
    --rate-limit-sign-in 0 --rate-limit-invitations 0 --rate-limit-invitations-org 0 \
    --rate-limit-token 0 >>"$DIR/server.log" 2>&1 &
  SERVER_PID=$!
  BASE=""
  for _ in $(seq 600); do
    BASE=$(sed -n 's/^Roster listening on \(http:[^ ]*\).*/\1/p' "$DIR/server.log" | head -1)
    [[ -n "$BASE" ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$DIR/server.log" >&2
  echo "the server did not start" >&2
  exit 1
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

start_server
say "server up at $BASE ($BIN), database $DB"
TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/demo-sign-in" -H 'content-type: application/json' \
  -d '{"email":"partner@roster.demo"}' | json 'd["token"]')
ORG=$(curl -sf "$BASE/api/v1/organizations?search=Acme%20Corp" -H "authorization: Bearer $TOKEN" \
  | json '[o["id"] for o in d["items"] if o["name"] == "Acme Corp"][0]')
LIST="$BASE/api/v1/organizations/$ORG/users"
curl -sf "$LIST" -H "authorization: Bearer $TOKEN" >/dev/null

# Figures of one wrk run: "req/s p50 p99 errors" (errors: non-2xx/3xx + socket errors).
figures() {
  python3 - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m:
        return "?"
    value, unit = float(m.group(1)), m.group(2)
    return "%.1f ms" % (value / 1000 if unit == "us" else value * 1000 if unit == "s" else value)
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
total = re.search(r"(\d+) requests in", text)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
mix = re.search(r"MIX invitation_posts=(\d+) non2xx=(\d+)", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
cpu = re.search(r"SERVER_CPU_TICKS (\d+) (\d+)", text)
errors = sum(int(x) for x in sock.groups()) if sock else 0
errors += int(mix.group(2)) if mix else int(non2xx.group(1)) if non2xx else 0
cpu_us = "?"
if cpu and total and int(total.group(1)) > 0:
    cpu_us = "%.0f" % (int(cpu.group(1)) / int(cpu.group(2)) * 1e6 / int(total.group(1)))
print("%s|%s|%s|%s|%d|%s|%s" % (
    total.group(1) if total else "?",
    "%.0f" % float(rps.group(1)) if rps else "?",
    ms("50"), ms("99"), errors,
    mix.group(1) if mix else "-", cpu_us))
EOF
}

# CPU time (user + system, clock ticks) the server has used so far.
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

run_wrk() { # name, output file, wrk args...
  local name=$1 out=$2 before
  shift 2
  say "$name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  before=$(server_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 10s "$@" | tee "$out"
  echo "SERVER_CPU_TICKS $(($(server_ticks) - before)) $(getconf CLK_TCK)" >>"$out"
}

run_wrk "members list" "$DIR/list.txt" -H "Authorization: Bearer $TOKEN" "$LIST"
LIST_FIGURES=$(figures "$DIR/list.txt")
NONCE=$(date +%s)
run_wrk "list + invitations (1 in $MIX_EVERY)" "$DIR/mix.txt" -s scripts/stress-mix.lua "$BASE" -- \
  "$TOKEN" "$ORG" "$NONCE" "$MIX_EVERY"
MIX_FIGURES=$(figures "$DIR/mix.txt")

# --- kill -9 in the middle of a batch of 500 -------------------------------
batch_body() { # prefix -> JSON body with BATCH addresses
  python3 -c "import json,sys; print(json.dumps({'emails': ['%s-%03d@example.com' % (sys.argv[1], i) for i in range($BATCH)]}))" "$1"
}
post_batch() { # key, body file, output file -> curl's exit status; prints the time taken
  curl -s -o "$3" -w '%{time_total}' --max-time 60 -X POST "$BASE/api/v1/organizations/$ORG/invitations" \
    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -H "idempotency-key: $1" --data-binary @"$2"
}
count_copies() { # prefix -> "invitations outbox" rows whose address starts with it, and the largest per-address count
  python3 - "$DB" "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
like = sys.argv[2] + "-%"
inv = db.execute("SELECT COUNT(*), COUNT(DISTINCT email) FROM invitations WHERE email LIKE ?", (like,)).fetchone()
out = db.execute("SELECT COUNT(*), COUNT(DISTINCT to_email) FROM outbox WHERE to_email LIKE ?", (like,)).fetchone()
print(inv[0], inv[1], out[0], out[1])
EOF
}

say "kill -9: timing three batches of $BATCH addresses"
BATCH_SECONDS=""
for i in 1 2 3; do
  batch_body "warmup-$NONCE-$i" >"$DIR/warmup.json"
  took=$(post_batch "warmup-$NONCE-$i" "$DIR/warmup.json" "$DIR/warmup.out")
  BATCH_SECONDS=$(python3 -c "print(min(x for x in [$took, ${BATCH_SECONDS:-$took}]))")
done
say "a batch of $BATCH takes ${BATCH_SECONDS}s (the fastest of three)"

KILL_OK=0
KILL_CUT=0
KILL_REPORT=""
for round in $(seq "$KILL_ROUNDS"); do
  prefix="kill-$NONCE-$round"
  key="stress-kill-$NONCE-$round"
  batch_body "$prefix" >"$DIR/batch.json"
  fraction=$(python3 -c "print(round((2 * $round - 1) / (2 * $KILL_ROUNDS), 2))")
  delay=$(python3 -c "print('%.3f' % max(0.001, $BATCH_SECONDS * $fraction))")
  post_batch "$key" "$DIR/batch.json" "$DIR/first.out" >/dev/null &
  CURL_PID=$!
  sleep "$delay"
  kill -9 "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  first=answered
  wait "$CURL_PID" || first="cut off"
  [[ $first == "cut off" ]] && KILL_CUT=$((KILL_CUT + 1))
  start_server
  post_batch "$key" "$DIR/batch.json" "$DIR/retry.out" >/dev/null || true
  invited=$(json 'sum(1 for r in d.get("results", []) if r.get("outcome") == "invited")' <"$DIR/retry.out" || echo 0)
  read -r inv_rows inv_distinct out_rows out_distinct <<<"$(count_copies "$prefix")"
  verdict=FAIL
  if [[ $invited == "$BATCH" && $inv_rows == "$BATCH" && $inv_distinct == "$BATCH" \
        && $out_rows == "$BATCH" && $out_distinct == "$BATCH" ]]; then
    verdict=ok
    KILL_OK=$((KILL_OK + 1))
  fi
  line="round $round: killed at ${delay}s ($first); retry answered $invited invited; invitations $inv_rows ($inv_distinct addresses), messages $out_rows ($out_distinct addresses): $verdict"
  say "$line"
  KILL_REPORT+="  $line"$'\n'
done

print_row() { # name, figures
  IFS='|' read -r total rps p50 p99 errors invites cpu <<<"$2"
  printf '%-34s %10s %10s %10s %10s %8s %14s %16s\n' "$1" "$total" "$rps" "$p50" "$p99" "$errors" "$invites" "$cpu"
}
echo
say "results ($CONNECTIONS connections, $DURATION each, wrk -t$THREADS, $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg), $BIN)"
echo "(server CPU/req: microseconds of server CPU per request, a figure that a busy machine disturbs less than req/s)"
printf '%-34s %10s %10s %10s %10s %8s %14s %16s\n' scenario requests "req/s" p50 p99 errors "invite posts" "server CPU/req"
print_row "members list" "$LIST_FIGURES"
print_row "list + invitations (1 in $MIX_EVERY)" "$MIX_FIGURES"
echo "kill -9 in a batch of $BATCH, retried with the same Idempotency-Key: $KILL_OK of $KILL_ROUNDS rounds left exactly one copy ($KILL_CUT answers cut off by the kill)"
printf '%s' "$KILL_REPORT"

LIST_ERRORS=$(cut -d'|' -f5 <<<"$LIST_FIGURES")
MIX_ERRORS=$(cut -d'|' -f5 <<<"$MIX_FIGURES")
if [[ $LIST_ERRORS != 0 || $MIX_ERRORS != 0 || $KILL_OK != "$KILL_ROUNDS" ]]; then
  echo "stress: FAILED (errors under load, or a batch not left with exactly one copy)" >&2
  exit 1
fi
say "stress: no errors"
