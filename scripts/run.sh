#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the app and the
# server in release, and starts the server on loopback with demo data.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
scripts/setup.sh
scripts/build-app.sh
say "building the server (release, `server` profile)"
cargo build --profile server -p roster-server
mkdir -p .roster
say "starting the reference server with demo data (Ctrl-C stops it)"
exec "$TARGET_DIR/server/roster-server" --demo --db .roster/demo.db \
  --bind "127.0.0.1:${PORT:-8080}" --static-dir dist
