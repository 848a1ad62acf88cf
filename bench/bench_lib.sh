# Shared by the bench/*.sh scripts that measure one mig binary (sourced, not run):
#
#   source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
#   bench_init NAME          ROOT, BENCH, BUILD_DIR; bench_log, bench_fail
#   bench_usage              prints the script's leading comment block (its --help)
#   bench_positive WHAT N..  exit 2 unless every N is a positive whole number
#   bench_require TOOL...    exit 1 naming the first missing tool
#   bench_mig [BIN]          MIG: BIN (made absolute, must be executable), or mig built in
#                            Release in BUILD_DIR ($MIG_BENCH_BUILD_DIR, default build-perf/)
#   bench_postgres_start     a throwaway server from scripts/pg-server.sh (MIG_TEST_PG_*),
#                            stopped by bench_cleanup
#   bench_cleanup            the EXIT trap bench_workdir sets: stops the server, removes WORK
#   bench_workdir            WORK: a temporary folder removed on exit
#
# NAME prefixes every message (`postgres_bench.sh: needs psql ...`).

bench_init() {
  BENCH_NAME=$1
  ROOT=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
  BENCH="$ROOT/bench"
  BUILD_DIR=${MIG_BENCH_BUILD_DIR:-$ROOT/build-perf}
  BENCH_SERVER_DIR=""
  WORK=""
}

bench_log() { printf '\n== %s\n' "$*" >&2; }
bench_fail() { echo "$BENCH_NAME: $1" >&2; exit "${2:-1}"; }

bench_usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

bench_positive() {
  local what=$1
  shift
  local number
  for number in "$@"; do
    [[ $number =~ ^[1-9][0-9]*$ ]] || bench_fail "$what take a positive number" 2
  done
}

bench_require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 ||
      bench_fail "needs $tool (MIG_WITH_BENCH_TOOLS=1 bash scripts/install-deps.sh)"
  done
}

bench_mig() {
  local given=${1:-}
  if [[ -n "$given" ]]; then
    MIG=$(cd "$(dirname "$given")" && pwd)/$(basename "$given")
    [[ -x "$MIG" ]] || bench_fail "--mig $given is not an executable" 2
  else
    bench_log "building mig (Release) in $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
          -DMIG_BUILD_TESTS=OFF -DMIG_WARNINGS_AS_ERRORS=OFF >/dev/null
    ninja -C "$BUILD_DIR" mig >/dev/null
    MIG="$BUILD_DIR/mig"
  fi
}

bench_cleanup() {
  if [[ -n "$BENCH_SERVER_DIR" ]]; then
    bash "$ROOT/scripts/pg-server.sh" stop "$BENCH_SERVER_DIR" || true
  fi
  if [[ -n "$WORK" ]]; then rm -rf "$WORK"; fi
}

bench_workdir() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/mig-${BENCH_NAME%.sh}.XXXXXX")
  trap bench_cleanup EXIT
}

bench_postgres_start() {
  bench_log "starting a PostgreSQL server (scripts/pg-server.sh)"
  eval "$(bash "$ROOT/scripts/pg-server.sh" start)"
  BENCH_SERVER_DIR=$MIG_TEST_PG_DIR
}
