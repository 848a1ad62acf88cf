#!/usr/bin/env bash
# Builds mig and every test with AddressSanitizer + UndefinedBehaviorSanitizer (g++) into
# build-asan/ (or $MIG_ASAN_BUILD_DIR) and runs the whole suite there: the unit tests, and the
# end-to-end tests, which run the sanitized `mig` binary (with a PostgreSQL server for the run,
# as scripts/test.sh). Any memory error, leak or undefined
# behaviour fails the test it happens in (the report is in the test's output). Idempotent and
# incremental, like scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${MIG_ASAN_BUILD_DIR:-$root/build-asan}"
bash "$root/scripts/install-deps.sh"
if [[ ! -f "$build_dir/build.ninja" ]]; then
  # -O1: the usual sanitizer compromise (fast enough to run, frames still readable); asserts
  # stay on. -g1: line tables and function names, all a report's stack needs, without the
  # variable and type descriptions that slow this build down (docs/testing.md). The
  # benchmarks are not tests.
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DMIG_SANITIZE=address,undefined -DMIG_BUILD_BENCH=OFF "$@" >/dev/null
fi
cmake --build "$build_dir"

# Every process the tests start inherits these, mig included. abort_on_error turns a report
# into SIGABRT, an exit status no mig path produces (a report must not pass for exit 1).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
# The property tests' full batches run in scripts/test.sh; under the sanitizers a smaller batch
# walks the same code paths (what the sanitizers look at) in a fraction of CI's time.
export MIG_PROPERTY_CASES="${MIG_PROPERTY_CASES:-500}"
export MIG_PG_PROPERTY_CASES="${MIG_PG_PROPERTY_CASES:-15}"
cd "$build_dir"
bash "$root/scripts/pg-server.sh" run ctest --output-on-failure -j "$(nproc)" --timeout 900
