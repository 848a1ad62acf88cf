#!/usr/bin/env bash
# Measures `mig upgrade --one-transaction` through 1,000 small revisions from an empty SQLite
# database against the sqlite3 CLI running the same statements in one transaction (issue 10's
# budget: within 1.2x), and, for scale, the default one transaction per revision.
#
#   bench/one_transaction_bench.sh [--mig BIN] [--rounds N] [--revisions N] [--dir DIR]
#
#   --mig BIN        measure this mig binary (default: build mig in Release in build-perf/, or
#                    $MIG_BENCH_BUILD_DIR, as bench/run_benchmarks.sh does)
#   --rounds N       paired rounds (default 7, after one untimed warm-up round)
#   --revisions N    revisions in the project (default 1000)
#   --dir DIR        where to generate the project (default: a temporary directory, removed
#                    on exit); on tmpfs (/dev/shm) the comparison is CPU-only (no fsync cost)
#
# The project is bench/generate_project.py's (alternating CREATE TABLE and ADD COLUMN). The
# baseline is its baseline.sql with the per-revision BEGIN/COMMIT removed and one BEGIN/COMMIT
# around everything: each revision's statement and its version-row UPDATE, in one
# transaction, the work mig does with --one-transaction (mig also writes a mig_history row per
# revision and checks foreign keys once). Both use SQLite's defaults (journal_mode=DELETE,
# synchronous=FULL). Each round runs mig and sqlite3 back to back, the order alternating: a
# shared VM disk's fsync latency drifts within a minute, so pairs are the fair comparison and
# the summary is the median of the per-round ratios.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
bench_init one_transaction_bench.sh
MIG_GIVEN=""
ROUNDS=7
REVISIONS=1000
DIR=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --mig) MIG_GIVEN=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --revisions) REVISIONS=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    -h|--help) bench_usage; exit 0 ;;
    *) bench_usage >&2; bench_fail "unknown option $1" 2 ;;
  esac
done
bench_positive "--rounds and --revisions" "$ROUNDS" "$REVISIONS"
bench_require hyperfine sqlite3 python3
bench_mig "$MIG_GIVEN"
bench_workdir
PROJECT=${DIR:-$WORK/project}
RESULTS=$WORK/results
mkdir -p "$RESULTS"

bench_log "generating $REVISIONS revisions in $PROJECT"
python3 "$BENCH/generate_project.py" "$PROJECT" --revisions "$REVISIONS"
{
  echo "BEGIN;"
  grep -v -x -e 'BEGIN;' -e 'COMMIT;' "$PROJECT/baseline.sql"
  echo "COMMIT;"
} > "$PROJECT/baseline_one.sql"

# Per command: its own database removed before each run, so each starts empty.
MIG_ONE="'$MIG' -q -C '$PROJECT' upgrade --no-backup --one-transaction"
MIG_EACH="'$MIG' -q -C '$PROJECT' upgrade --no-backup"
SQLITE_ONE="sqlite3 '$PROJECT/base.db' < '$PROJECT/baseline_one.sql'"
MIG_CLEAN="rm -f '$PROJECT/app.db' '$PROJECT/app.db-journal'"
SQLITE_CLEAN="rm -f '$PROJECT/base.db' '$PROJECT/base.db-journal'"

files=()
for ((round = 0; round <= ROUNDS; round++)); do
  out="$RESULTS/round$round.json"
  if ((round % 2 == 0)); then
    hyperfine --style basic --runs 1 --export-json "$out" \
      --prepare "$MIG_CLEAN" --prepare "$SQLITE_CLEAN" \
      --command-name mig "$MIG_ONE" --command-name sqlite3 "$SQLITE_ONE" >&2
  else
    hyperfine --style basic --runs 1 --export-json "$out" \
      --prepare "$SQLITE_CLEAN" --prepare "$MIG_CLEAN" \
      --command-name sqlite3 "$SQLITE_ONE" --command-name mig "$MIG_ONE" >&2
  fi
  if ((round > 0)); then files+=("$out"); fi
done
[[ "$("$MIG" -C "$PROJECT" current)" == "$(cat "$PROJECT/HEAD_REVISION")" ]] || {
  echo "one_transaction_bench.sh: mig upgrade --one-transaction did not reach head" >&2; exit 1; }

bench_log "for scale: mig upgrade, one transaction per revision (3 runs)"
hyperfine --style basic --runs 3 --export-json "$RESULTS/each.json" --prepare "$MIG_CLEAN" \
  --command-name "mig (per revision)" "$MIG_EACH" >&2

python3 - "$REVISIONS" "$RESULTS/each.json" "${files[@]}" <<'EOF'
import json
import statistics
import sys

revisions, each_file, rounds = sys.argv[1], sys.argv[2], sys.argv[3:]
mig, base, ratios, mig_cpu, base_cpu = [], [], [], [], []
for path in rounds:
    results = {r["command"]: r for r in json.load(open(path))["results"]}
    m, s = results["mig"], results["sqlite3"]
    mig.append(m["mean"])
    base.append(s["mean"])
    ratios.append(m["mean"] / s["mean"])
    mig_cpu.append(m["user"] + m["system"])
    base_cpu.append(s["user"] + s["system"])
each = json.load(open(each_file))["results"][0]["times"]


def span(values):
    return f"{statistics.median(values):.3f} s ({min(values):.3f} … {max(values):.3f})"


ratio = statistics.median(ratios)
print(f"revisions: {revisions}, paired rounds: {len(rounds)}")
print(f"mig upgrade --one-transaction: {span(mig)}")
print(f"sqlite3, one transaction:      {span(base)}")
print(f"ratio, median of pairs: {ratio:.2f}x ({min(ratios):.2f} … {max(ratios):.2f}); "
      f"ratio of user+sys medians: "
      f"{statistics.median(mig_cpu) / statistics.median(base_cpu):.2f}x; "
      f"budget 1.2x: {'pass' if ratio <= 1.2 else 'MISSED'}")
print(f"mig upgrade (one transaction per revision), for scale: {span(each)}")
EOF
