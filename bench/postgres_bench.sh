#!/usr/bin/env bash
# Measures mig on a local PostgreSQL server against issue 10's budgets:
#   - `mig upgrade` through 1,000 small revisions from an empty database, within 1.3x of psql
#     running the same statements with one transaction per revision (each with its version-row
#     UPDATE, as mig writes its bookkeeping in the revision's transaction);
#   - `mig current` against that database over the server's socket, under 10 ms (over TCP
#     with the password, and psql's `select 1` over the socket, for scale), beside its floor:
#     bench/pg_connect_floor.c, the smallest libpq client reading mig_version, so the figure
#     splits into what any client pays to connect and mig's own share.
#
#   bench/postgres_bench.sh [--mig BIN] [--rounds N] [--revisions N]
#
#   --mig BIN        measure this mig binary (default: build mig in Release in build-perf/, or
#                    $MIG_BENCH_BUILD_DIR, as bench/run_benchmarks.sh does)
#   --rounds N       paired rounds of the upgrade comparison (default 5, after one untimed)
#   --revisions N    revisions in the project (default 1000)
#
# The server is scripts/pg-server.sh's (a throwaway cluster on 127.0.0.1, fsync off, so the
# comparison is of the work per revision, not of the disk). Both clients connect over TCP with
# the same password (scram-sha-256). The project is bench/generate_project.py's (alternating
# CREATE TABLE and ADD COLUMN); its baseline.sql is what psql runs. Each round runs mig and
# psql back to back on fresh databases, the order alternating, and the summary is the median
# of the per-round ratios (a shared VM's speed drifts within a minute).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
bench_init postgres_bench.sh
MIG_GIVEN=""
ROUNDS=5
REVISIONS=1000

while [[ $# -gt 0 ]]; do
  case "$1" in
    --mig) MIG_GIVEN=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --revisions) REVISIONS=$2; shift 2 ;;
    -h|--help) bench_usage; exit 0 ;;
    *) bench_usage >&2; bench_fail "unknown option $1" 2 ;;
  esac
done
bench_positive "--rounds and --revisions" "$ROUNDS" "$REVISIONS"
bench_require hyperfine psql python3 cc pg_config
bench_mig "$MIG_GIVEN"
bench_workdir
bench_postgres_start
SERVER="postgresql://$MIG_TEST_PG_USER:$MIG_TEST_PG_PASSWORD@$MIG_TEST_PG_HOST:$MIG_TEST_PG_PORT"
PROJECT=$WORK/project
RESULTS=$WORK/results
mkdir -p "$RESULTS"

bench_log "generating $REVISIONS revisions in $PROJECT"
python3 "$BENCH/generate_project.py" "$PROJECT" --revisions "$REVISIONS"

fresh() { echo "psql -q -X -v ON_ERROR_STOP=1 -d '$SERVER/postgres' -c 'DROP DATABASE IF EXISTS $1' -c 'CREATE DATABASE $1'"; }
MIG_UP="'$MIG' -q -C '$PROJECT' --database-url '$SERVER/bench_mig' upgrade"
PSQL_UP="psql -q -X -v ON_ERROR_STOP=1 -d '$SERVER/bench_psql' -f '$PROJECT/baseline.sql'"

files=()
for ((round = 0; round <= ROUNDS; round++)); do
  out="$RESULTS/round$round.json"
  if ((round % 2 == 0)); then
    hyperfine --style basic --runs 1 --export-json "$out" \
      --prepare "$(fresh bench_mig)" --prepare "$(fresh bench_psql)" \
      --command-name mig "$MIG_UP" --command-name psql "$PSQL_UP" >&2
  else
    hyperfine --style basic --runs 1 --export-json "$out" \
      --prepare "$(fresh bench_psql)" --prepare "$(fresh bench_mig)" \
      --command-name psql "$PSQL_UP" --command-name mig "$MIG_UP" >&2
  fi
  if ((round > 0)); then files+=("$out"); fi
done
[[ "$("$MIG" -C "$PROJECT" --database-url "$SERVER/bench_mig" current)" == "$(cat "$PROJECT/HEAD_REVISION")" ]] ||
  bench_fail "mig upgrade did not reach head"

bench_log "mig current against the upgraded database (socket, TCP), and the connection's floor"
SOCKET="postgresql:///bench_mig?host=$MIG_TEST_PG_SOCKET_DIR&port=$MIG_TEST_PG_PORT&user=$MIG_TEST_PG_USER"
# The floor: the smallest libpq client reading mig_version (bench/pg_connect_floor.c).
FLOOR="$WORK/pg_connect_floor"
cc -O2 -o "$FLOOR" "$BENCH/pg_connect_floor.c" -I"$(pg_config --includedir)" -lpq
[[ "$("$FLOOR" "$SOCKET")" == "$(cat "$PROJECT/HEAD_REVISION")" ]] ||
  bench_fail "pg_connect_floor did not read the head"
hyperfine --style basic -N --warmup 5 --runs 40 --export-json "$RESULTS/current.json" \
  --command-name "mig current" "$MIG -C $PROJECT --database-url $SOCKET current" \
  --command-name "libpq floor" "$FLOOR $SOCKET" \
  --command-name "mig current (TCP)" "$MIG -C $PROJECT --database-url $SERVER/bench_mig current" \
  --command-name "psql select 1" "psql -X -q -d $SOCKET -c 'select 1'" >&2

python3 - "$REVISIONS" "$RESULTS/current.json" "${files[@]}" <<'PYTHON'
import json
import statistics
import sys

revisions, current_file, rounds = sys.argv[1], sys.argv[2], sys.argv[3:]
mig, base, ratios = [], [], []
for path in rounds:
    results = {r["command"]: r for r in json.load(open(path))["results"]}
    mig.append(results["mig"]["mean"])
    base.append(results["psql"]["mean"])
    ratios.append(results["mig"]["mean"] / results["psql"]["mean"])
current_runs = {r["command"]: r for r in json.load(open(current_file))["results"]}
current = current_runs["mig current"]


def span(values):
    return f"{statistics.median(values):.3f} s ({min(values):.3f} … {max(values):.3f})"


ratio = statistics.median(ratios)
print(f"revisions: {revisions}, paired rounds: {len(rounds)}")
print(f"mig upgrade:                         {span(mig)}")
print(f"psql, one transaction per revision:  {span(base)}")
print(f"ratio, median of pairs: {ratio:.2f}x ({min(ratios):.2f} … {max(ratios):.2f}); "
      f"budget 1.3x: {'pass' if ratio <= 1.3 else 'MISSED'}")
mean_ms = current["mean"] * 1000
print(f"mig current (socket): {mean_ms:.1f} ms ± {current['stddev'] * 1000:.1f} "
      f"(min {current['min'] * 1000:.1f}); budget 10 ms: {'pass' if mean_ms < 10 else 'MISSED'}")
floor = current_runs["libpq floor"]
print(f"libpq floor (connect, read mig_version): {floor['mean'] * 1000:.1f} ms "
      f"± {floor['stddev'] * 1000:.1f} (min {floor['min'] * 1000:.1f}); "
      f"mig's own share: {(current['mean'] - floor['mean']) * 1000:.1f} ms")
for name in ("mig current (TCP)", "psql select 1"):
    run = current_runs[name]
    print(f"{name}: {run['mean'] * 1000:.1f} ms ± {run['stddev'] * 1000:.1f} "
          f"(min {run['min'] * 1000:.1f}), for scale: a connection's own cost")
PYTHON
