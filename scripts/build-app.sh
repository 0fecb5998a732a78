#!/usr/bin/env bash
# Builds the app in release into dist/ (Trunk, wasm-opt -Oz) and prints its weight.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
say "building the app (release)"
# --offline: Trunk must use the pinned wasm-bindgen and the npm wasm-opt, never download tools.
trunk build --release --offline
node scripts/size.mjs dist
