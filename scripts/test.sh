#!/usr/bin/env bash
# Builds mig and runs every test: unit tests per layer and the end-to-end suite that drives
# the real binary against real SQLite files and git repositories in temporary folders.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MIG_BUILD_DIR="${MIG_BUILD_DIR:-$root/build}"
bash "$root/scripts/build.sh"
cd "$MIG_BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" --timeout 300
