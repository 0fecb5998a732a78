#!/usr/bin/env bash
# The server's tests (store, API, CLI) against PostgreSQL: starts a private
# server in a temporary folder (initdb + pg_ctl on a free port, trust auth,
# no fsync), runs `cargo test -p roster-server` with ROSTER_TEST_POSTGRES_URL
# pointing at it (each test creates and drops its own database), then stops it.
#
#   scripts/test-postgres.sh [cargo test args...]
#
# Needs PostgreSQL's initdb, pg_ctl and postgres (found on PATH or in
# /usr/lib/postgresql/*/bin). Without them it says so and exits 0, so CI can
# call it on machines without PostgreSQL. When run as root, the server runs as
# the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

pg_bin() {
  command -v "$1" 2>/dev/null && return
  ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1
}
INITDB=$(pg_bin initdb || true)
PG_CTL=$(pg_bin pg_ctl || true)
if [[ -z "$INITDB" || -z "$PG_CTL" ]]; then
  say "PostgreSQL (initdb, pg_ctl) not found: PostgreSQL tests skipped"
  exit 0
fi

if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
  say "running as root without a postgres user to run PostgreSQL as: PostgreSQL tests skipped"
  exit 0
fi

DIR=$(mktemp -d /tmp/roster-pg-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres "$DIR"
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}
stop() {
  as_pg "'$PG_CTL' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

say "PostgreSQL: initdb in $DIR, port $PORT"
as_pg "'$INITDB' -D '$DIR/data' -U roster --auth=trust -E UTF8 --locale=C.UTF-8" >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log"; exit 1; }
# Start and stop commands, also handed to the tests (tests/unavailable.rs
# stops the server, expects 503 answers, starts it again and expects recovery).
START="'$PG_CTL' -D '$DIR/data' -l '$DIR/server.log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start"
STOP="'$PG_CTL' -D '$DIR/data' -m fast -w stop"
if [[ $(id -u) -eq 0 ]]; then
  chown -R postgres "$DIR"
  printf 'su postgres -s /bin/sh -c %q >/dev/null\n' "$START" >"$DIR/start.sh"
  printf 'su postgres -s /bin/sh -c %q >/dev/null\n' "$STOP" >"$DIR/stop.sh"
else
  printf '%s >/dev/null\n' "$START" >"$DIR/start.sh"
  printf '%s >/dev/null\n' "$STOP" >"$DIR/stop.sh"
fi
chmod +x "$DIR/start.sh" "$DIR/stop.sh"
"$DIR/start.sh" || { cat "$DIR/server.log"; exit 1; }

say "cargo test -p roster-server against PostgreSQL"
ROSTER_TEST_POSTGRES_URL="postgres://roster@127.0.0.1:$PORT/postgres" \
  ROSTER_TEST_POSTGRES_STOP="$DIR/stop.sh" ROSTER_TEST_POSTGRES_START="$DIR/start.sh" \
  cargo test -p roster-server "$@"
