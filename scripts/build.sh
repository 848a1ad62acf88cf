#!/usr/bin/env bash
# Configures and builds mig and its tests into build/ (or $MIG_BUILD_DIR). Idempotent and
# incremental. Arguments go to `cmake --build`: `bash scripts/build.sh --target mig` builds the
# binary alone (what the demo needs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${MIG_BUILD_DIR:-$root/build}"
bash "$root/scripts/install-deps.sh"
if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build_dir" "$@"
