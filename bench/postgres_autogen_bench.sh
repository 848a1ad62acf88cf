#!/usr/bin/env bash
# Measures autogenerate on a local PostgreSQL server against issue 11's budgets, on the project
# of bench/generate_autogen_project.py (a 200-table model, 1,000 revisions):
#   - `mig check` warm (nothing changed since the last run): under 150 ms;
#   - `mig migrate --sql` warm, with a model that differs in 20 tables: under 300 ms;
#   - the cold figures of both (no .mig/cache: a scratch database, the replay of 1,000
#     revisions, the model loaded, both introspected), recorded, no budget.
#
#   bench/postgres_autogen_bench.sh [--mig BIN] [--runs N] [--cold-runs N]
#
#   --mig BIN        measure this mig binary (default: build mig in Release in build-perf/, or
#                    $MIG_BENCH_BUILD_DIR, as bench/run_benchmarks.sh does)
#   --runs N         timed runs of each warm command (default 20, after 3 untimed)
#   --cold-runs N    timed runs of each cold command (default 3)
#
# The server is scripts/pg-server.sh's (a throwaway cluster on 127.0.0.1, fsync off); mig
# connects over its socket, and makes its temporary scratch databases there (no dev_url).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
bench_init postgres_autogen_bench.sh
MIG_GIVEN=""
RUNS=20
COLD_RUNS=3

while [[ $# -gt 0 ]]; do
  case "$1" in
    --mig) MIG_GIVEN=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --cold-runs) COLD_RUNS=$2; shift 2 ;;
    -h|--help) bench_usage; exit 0 ;;
    *) bench_usage >&2; bench_fail "unknown option $1" 2 ;;
  esac
done
bench_positive "--runs and --cold-runs" "$RUNS" "$COLD_RUNS"
bench_require hyperfine psql python3
bench_mig "$MIG_GIVEN"
bench_workdir
bench_postgres_start
URL="postgresql:///bench?host=$MIG_TEST_PG_SOCKET_DIR&port=$MIG_TEST_PG_PORT&user=$MIG_TEST_PG_USER"
psql -q -X -v ON_ERROR_STOP=1 -d "${URL/bench/postgres}" -c 'CREATE DATABASE bench'

# The same history twice: a model equal to it (check), and one that differs in 20 tables
# (migrate has something to write).
bench_log "generating the projects (200 tables, 1,000 revisions)"
python3 "$BENCH/generate_autogen_project.py" "$WORK/same" --tables 200 --revisions 1000 --postgres >/dev/null
python3 "$BENCH/generate_autogen_project.py" "$WORK/changed" --tables 200 --revisions 1000 \
  --changed 20 --postgres >/dev/null
CHECK="'$MIG' -q -C '$WORK/same' --database-url '$URL' check"
MIGRATE="'$MIG' -q -C '$WORK/changed' --database-url '$URL' migrate --sql -m bench"

# Both must do their job before they are timed: check finds no difference, migrate writes SQL.
eval "$CHECK" || bench_fail "mig check found differences"
[[ -n "$(eval "$MIGRATE")" ]] || bench_fail "mig migrate --sql printed nothing"

bench_log "cold: no .mig/cache (a scratch database, replay, model, introspection)"
hyperfine --style basic --runs "$COLD_RUNS" --export-json "$WORK/cold.json" \
  --prepare "rm -rf '$WORK/same/.mig' '$WORK/changed/.mig'" \
  --command-name "check cold" "$CHECK" --command-name "migrate cold" "$MIGRATE" >&2

bench_log "warm: nothing changed since the last run"
hyperfine --style basic -N --warmup 3 --runs "$RUNS" --export-json "$WORK/warm.json" \
  --command-name "check warm" "$MIG -q -C $WORK/same --database-url $URL check" \
  --command-name "migrate warm" "$MIG -q -C $WORK/changed --database-url $URL migrate --sql -m bench" \
  >&2
[[ -z "$(psql -X -At -d "${URL/bench/postgres}" -c "SELECT datname FROM pg_database WHERE datname LIKE 'mig_scratch%'")" ]] ||
  bench_fail "a scratch database was left behind"

python3 - "$WORK/cold.json" "$WORK/warm.json" <<'PYTHON'
import json
import sys

runs = {}
for path in sys.argv[1:]:
    for result in json.load(open(path))["results"]:
        runs[result["command"]] = result
budgets = {"check warm": 150, "migrate warm": 300}
for name in ("check warm", "migrate warm", "check cold", "migrate cold"):
    run = runs[name]
    mean = run["mean"] * 1000
    line = (f"mig {name}: {mean:.1f} ms ± {run['stddev'] * 1000:.1f} "
            f"(min {run['min'] * 1000:.1f}, median {run['median'] * 1000:.1f})")
    if name in budgets:
        budget = budgets[name]
        line += f"; budget {budget} ms: {'pass' if mean < budget else 'MISSED'}"
    print(line)
PYTHON
