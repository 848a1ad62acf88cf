#!/usr/bin/env bash
# Runs clang-tidy (Debian's clang-tidy 14) with the repository's .clang-tidy over every
# translation unit of src/ and tests/ (unit, end-to-end, support and fuzz targets), and fails on
# any finding: .clang-tidy makes every enabled check an error. Headers under src/ are checked
# through the files that include them (HeaderFilterRegex).
#
# Tests are included because a bug in a test (a use after move, a narrowing comparison) is a
# test that cannot fail; bench/ is not, as it measures and asserts nothing.
#
# The compile database comes from a clang configuration in build-tidy/ (or $MIG_TIDY_BUILD_DIR):
# configuring is enough, nothing is built, and clang-tidy sees the flags clang would get.
#
#   scripts/tidy.sh                 everything
#   scripts/tidy.sh src/db/         only files whose path matches (a regular expression)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${MIG_TIDY_BUILD_DIR:-$root/build-tidy}"
MIG_WITH_CHECK_TOOLS=1 bash "$root/scripts/install-deps.sh"
if [[ ! -f "$build_dir/compile_commands.json" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DMIG_FUZZ=ON -DMIG_BUILD_BENCH=OFF >/dev/null
else
  cmake "$build_dir" >/dev/null  # picks up sources added since (globs re-checked)
fi

filter="${1:-}"
pattern="^$root/(src|tests)/.*${filter}"
if [[ -n "$filter" ]]; then
  pattern="^$root/.*${filter}"
fi
run_clang_tidy="$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)"
if [[ -n "$run_clang_tidy" ]]; then
  # Its clang-tidy output is always coloured (LLVM 14): plain text for logs. stderr holds only
  # "N warnings generated" counts of suppressed (system header) warnings.
  "$run_clang_tidy" -clang-tidy-binary "$(command -v clang-tidy-14)" -p "$build_dir" \
    -j "$(nproc)" -quiet "$pattern" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g'
  exit "${PIPESTATUS[0]}"
else
  # No runner: one file at a time, every file even after a failure.
  status=0
  while read -r file; do
    clang-tidy-14 -p "$build_dir" --quiet "$file" || status=1
  done < <(python3 -c 'import json, re, sys
for entry in json.load(open(sys.argv[1])):
    if re.search(sys.argv[2], entry["file"]):
        print(entry["file"])' "$build_dir/compile_commands.json" "$pattern")
  exit $status
fi
