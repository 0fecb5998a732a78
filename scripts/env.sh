# Sourced by the other scripts: one place for the PATH and build locations.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
say() { printf '\033[1m[roster]\033[0m %s\n' "$*"; }
