#!/usr/bin/env bash
# Builds mig and runs every test: unit tests per layer and the end-to-end suite that drives
# the real binary against real SQLite files and git repositories in temporary folders, and
# against a PostgreSQL server started for the run (scripts/pg-server.sh: stopped at the end even
# when tests fail; without one, the PostgreSQL tests skip, except in CI where that fails).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MIG_BUILD_DIR="${MIG_BUILD_DIR:-$root/build}"
bash "$root/scripts/build.sh"
cd "$MIG_BUILD_DIR"
bash "$root/scripts/pg-server.sh" run ctest --output-on-failure -j "$(nproc)" --timeout 300
