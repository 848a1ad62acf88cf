#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, ASan + UBSan) into build-fuzz/ (or
# $MIG_FUZZ_BUILD_DIR) and runs each one for a while, starting from its seed corpus in
# tests/fuzz/corpus/<target>/. Fails when any target finds a crash, a leak, undefined behaviour,
# a broken invariant or a slow input; the input is left in <build dir>/artifacts/<target>/.
#
#   scripts/fuzz.sh                      every target for 30 s (what CI runs)
#   scripts/fuzz.sh --seconds 600        longer
#   scripts/fuzz.sh --runs 10000000      until 10 million executions each (the long run)
#   scripts/fuzz.sh --target config      one target (repeatable)
#
# MIG_FUZZ_TIMEOUT (seconds, default 10): an input that runs longer is a finding. libFuzzer
# measures wall time, so a long run on a busy machine at low priority needs more (e.g. 300)
# to not report a starved process as a slow input.
#
# New inputs that reach new code go to <build dir>/corpus/<target>/, never into the repository:
# copy one into tests/fuzz/corpus/ by hand when it is worth keeping.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${MIG_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds=30
runs=""
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    *) echo "usage: scripts/fuzz.sh [--seconds N | --runs N] [--target NAME]..." >&2; exit 2 ;;
  esac
done
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(revision_script statement_split postgres_split sql_tokenizer create_table create_index config database_url git_index)
fi

MIG_WITH_CHECK_TOOLS=1 bash "$root/scripts/install-deps.sh"
if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DMIG_FUZZ=ON -DMIG_BUILD_TESTS=OFF -DMIG_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build_dir" --target "${targets[@]/#/fuzz_}"

# A leak or undefined behaviour is a finding too; the fuzzer reports it with the input.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
timeout="${MIG_FUZZ_TIMEOUT:-10}"
failed=()
for target in "${targets[@]}"; do
  corpus="$build_dir/corpus/$target"
  artifacts="$build_dir/artifacts/$target/"
  log="$build_dir/fuzz-$target.log"
  mkdir -p "$corpus" "$artifacts"
  limit=(-max_total_time="$seconds")
  if [[ -n "$runs" ]]; then
    limit=(-runs="$runs")
  fi
  dict=()
  if [[ -f "$root/tests/fuzz/$target.dict" ]]; then
    dict=(-dict="$root/tests/fuzz/$target.dict")
  fi
  # One process (no -jobs/-fork): CI has two cores and the build shares them. -timeout makes
  # an input that takes seconds (a quadratic path) a failure too.
  status=0
  "$build_dir/tests/fuzz/fuzz_$target" "${limit[@]}" "${dict[@]}" -max_len=4096 -timeout="$timeout" \
    -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$corpus" "$root/tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  time_s=$(sed -n 's/^stat::.*//; s/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
  files=$(find "$corpus" -type f | wc -l)
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "fuzz_$target: FAILED (exit $status) after ${execs:-?} executions; see $log" >&2
    grep -E "^(==|SUMMARY|.*fuzz invariant failed|.*runtime error)" "$log" | head -20 >&2 || true
  else
    echo "fuzz_$target: ${execs:-?} executions in ${time_s:-$seconds} s, corpus $files files, no finding"
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
