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

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${MIG_BENCH_BUILD_DIR:-$ROOT/build-perf}
MIG_GIVEN=""
RUNS=20
COLD_RUNS=3

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --mig) MIG_GIVEN=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --cold-runs) COLD_RUNS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "postgres_autogen_bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for number in "$RUNS" "$COLD_RUNS"; do
  [[ $number =~ ^[1-9][0-9]*$ ]] || {
    echo "postgres_autogen_bench.sh: --runs and --cold-runs take a positive number" >&2; exit 2; }
done
for tool in hyperfine psql python3; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "postgres_autogen_bench.sh: needs $tool (MIG_WITH_BENCH_TOOLS=1 bash scripts/install-deps.sh)" >&2
    exit 1; }
done
log() { printf '\n== %s\n' "$*" >&2; }

if [[ -n "$MIG_GIVEN" ]]; then
  MIG=$(cd "$(dirname "$MIG_GIVEN")" && pwd)/$(basename "$MIG_GIVEN")
  [[ -x "$MIG" ]] || { echo "postgres_autogen_bench.sh: --mig $MIG_GIVEN is not an executable" >&2; exit 2; }
else
  log "building mig (Release) in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DMIG_BUILD_TESTS=OFF -DMIG_WARNINGS_AS_ERRORS=OFF >/dev/null
  ninja -C "$BUILD_DIR" mig >/dev/null
  MIG="$BUILD_DIR/mig"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mig-postgres-autogen-bench.XXXXXX")
SERVER_DIR=""
cleanup() {
  if [[ -n "$SERVER_DIR" ]]; then bash "$ROOT/scripts/pg-server.sh" stop "$SERVER_DIR" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

log "starting a PostgreSQL server (scripts/pg-server.sh)"
eval "$(bash "$ROOT/scripts/pg-server.sh" start)"
SERVER_DIR=$MIG_TEST_PG_DIR
URL="postgresql:///bench?host=$MIG_TEST_PG_SOCKET_DIR&port=$MIG_TEST_PG_PORT&user=$MIG_TEST_PG_USER"
psql -q -X -v ON_ERROR_STOP=1 -d "${URL/bench/postgres}" -c 'CREATE DATABASE bench'

# The same history twice: a model equal to it (check), and one that differs in 20 tables
# (migrate has something to write).
log "generating the projects (200 tables, 1,000 revisions)"
python3 "$BENCH/generate_autogen_project.py" "$WORK/same" --tables 200 --revisions 1000 --postgres >/dev/null
python3 "$BENCH/generate_autogen_project.py" "$WORK/changed" --tables 200 --revisions 1000 \
  --changed 20 --postgres >/dev/null
CHECK="'$MIG' -q -C '$WORK/same' --database-url '$URL' check"
MIGRATE="'$MIG' -q -C '$WORK/changed' --database-url '$URL' migrate --sql -m bench"

# Both must do their job before they are timed: check finds no difference, migrate writes SQL.
eval "$CHECK" || { echo "postgres_autogen_bench.sh: mig check found differences" >&2; exit 1; }
[[ -n "$(eval "$MIGRATE")" ]] || {
  echo "postgres_autogen_bench.sh: mig migrate --sql printed nothing" >&2; exit 1; }

log "cold: no .mig/cache (a scratch database, replay, model, introspection)"
hyperfine --style basic --runs "$COLD_RUNS" --export-json "$WORK/cold.json" \
  --prepare "rm -rf '$WORK/same/.mig' '$WORK/changed/.mig'" \
  --command-name "check cold" "$CHECK" --command-name "migrate cold" "$MIGRATE" >&2

log "warm: nothing changed since the last run"
hyperfine --style basic -N --warmup 3 --runs "$RUNS" --export-json "$WORK/warm.json" \
  --command-name "check warm" "$MIG -q -C $WORK/same --database-url $URL check" \
  --command-name "migrate warm" "$MIG -q -C $WORK/changed --database-url $URL migrate --sql -m bench" \
  >&2
[[ -z "$(psql -X -At -d "${URL/bench/postgres}" -c "SELECT datname FROM pg_database WHERE datname LIKE 'mig_scratch%'")" ]] || {
  echo "postgres_autogen_bench.sh: a scratch database was left behind" >&2; exit 1; }

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
