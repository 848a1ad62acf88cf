#!/usr/bin/env bash
# Measures mig against the speed budgets of docs/performance.md and prints a summary table.
#
#   bench/run_benchmarks.sh [--upgrade-runs N] [--no-micro] [--keep] [--out DIR]
#
#   --upgrade-runs N  paired rounds (mig, then sqlite3, or the reverse) of the upgrade
#                     comparison on disk (default 3; a round applies 1,000 revisions twice and
#                     is fsync-bound: 3 s to 40 s on a shared VM disk)
#   --no-micro        skip the Google Benchmark micro-benchmarks (build-perf/bench/mig_bench)
#   --keep            keep the generated projects and raw hyperfine exports (path printed)
#   --out DIR         copy the raw results (hyperfine JSON/Markdown, summary.md) to DIR
#
# What it does, in order: installs hyperfine (and the other tools it needs) with apt-get when
# missing; builds mig in Release in its own build directory ($MIG_BENCH_BUILD_DIR, default
# build-perf/); generates 1,000- and 10,000-revision projects with bench/generate_project.py in
# a temporary directory; compares `mig upgrade --no-backup` from an empty database with the
# sqlite3 CLI running the same statements (on disk, and again on tmpfs where fsync is free);
# times the read commands with hyperfine; measures peak RSS; prints the summary.
# Safe to re-run: everything temporary is removed on exit, the build directory is reused.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${MIG_BENCH_BUILD_DIR:-$ROOT/build-perf}
UPGRADE_RUNS=3
MICRO=1
KEEP=0
OUT=""

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --upgrade-runs) UPGRADE_RUNS=$2; shift 2 ;;
    --no-micro) MICRO=0; shift ;;
    --keep) KEEP=1; shift ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run_benchmarks.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

log() { printf '\n== %s\n' "$*" >&2; }

# --- tools --------------------------------------------------------------------------------

ensure_tools() {
  local missing=() pair cmd pkg
  for pair in hyperfine:hyperfine sqlite3:sqlite3 python3:python3 cmake:cmake ninja:ninja-build \
              git:git /usr/bin/time:time; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return
  log "installing ${missing[*]}"
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "run_benchmarks.sh: need ${missing[*]}; install them (apt-get install ${missing[*]})" >&2
      exit 1
    }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- build --------------------------------------------------------------------------------

build() {
  log "building mig (Release) in $BUILD_DIR"
  # Warnings are not errors here: GCC 12 at -O3 reports a false -Wrestrict in libstdc++'s
  # string operator+, and a benchmark must not depend on the compiler's warning set.
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DMIG_BUILD_TESTS=OFF -DMIG_WARNINGS_AS_ERRORS=OFF >/dev/null
  local targets=(mig)
  if [[ $MICRO -eq 1 ]] && ninja -C "$BUILD_DIR" -t targets all 2>/dev/null | grep -q '^mig_bench:'; then
    targets+=(mig_bench)
  fi
  ninja -C "$BUILD_DIR" "${targets[@]}" >/dev/null
  MIG="$BUILD_DIR/mig"
  MIG_BENCH="$BUILD_DIR/bench/mig_bench"
}

# --- measuring ----------------------------------------------------------------------------

# hyperfine NAME ARGS...: one export per benchmark, named after it.
run_hyperfine() {
  local name=$1; shift
  hyperfine --style basic --export-json "$RESULTS/$name.json" \
            --export-markdown "$RESULTS/$name.md" "$@" >&2
}

# time_command LABEL REVISIONS PROJECT BUDGET_MS RSS_BUDGET_KIB MIG-ARGS...
time_command() {
  local label=$1 revisions=$2 project=$3 budget=$4 rss_budget=$5; shift 5
  local name="cmd-${revisions}-${label//[^a-z0-9]/_}"
  run_hyperfine "$name" -N --warmup 3 --runs 30 "$MIG -C '$project' $*"
  local rss
  rss=$(python3 "$BENCH/bench_report.py" rss --runs 3 -- "$MIG" -C "$project" "$@")
  printf 'command\t%s\t%s\t%s\t%s\t%s\t%s\n' "mig $label" "$revisions" "$name.json" "$budget" \
         "$rss" "$rss_budget" >> "$RESULTS/manifest.tsv"
}

# compare_upgrade LABEL PROJECT ROUNDS: mig against the sqlite3 CLI, same statements, same
# SQLite defaults (journal_mode=DELETE, synchronous=FULL), both from a new database.
# Paired rounds, one hyperfine call each running both commands once, the order alternating:
# a shared VM disk's fsync latency drifts by 10x within a minute, so back-to-back pairs are
# the only fair comparison (the summary takes the median of the per-round ratios). One
# untimed warm-up round first (page cache, CPU frequency).
compare_upgrade() {
  local label=$1 project=$2 rounds=$3
  local name="upgrade-${label%% *}" files=() round
  local mig_cmd="$MIG -C '$project' upgrade --no-backup"
  local sqlite_cmd="sqlite3 '$project/base.db' < '$project/baseline.sql'"
  local mig_prepare="rm -f '$project/app.db' '$project/app.db-journal'"
  local sqlite_prepare="rm -f '$project/base.db' '$project/base.db-journal'"
  for ((round = 0; round <= rounds; round++)); do
    local out="$name-r$round"
    # One --prepare per command (hyperfine pairs them in order): each deletes only its own
    # database, so mig's is at head when the comparison ends.
    if ((round % 2 == 0)); then
      run_hyperfine "$out" --runs 1 \
        --prepare "$mig_prepare" --prepare "$sqlite_prepare" \
        --command-name "mig upgrade --no-backup" "$mig_cmd" \
        --command-name "sqlite3 < baseline.sql" "$sqlite_cmd"
    else
      run_hyperfine "$out" --runs 1 \
        --prepare "$sqlite_prepare" --prepare "$mig_prepare" \
        --command-name "sqlite3 < baseline.sql" "$sqlite_cmd" \
        --command-name "mig upgrade --no-backup" "$mig_cmd"
    fi
    if ((round > 0)); then files+=("$out.json"); fi
  done
  local joined
  joined=$(IFS=,; echo "${files[*]}")
  printf 'upgrade\t%s\t%s\t%s\n' "$label" "$joined" 1.2 >> "$RESULTS/manifest.tsv"
  [[ "$("$MIG" -C "$project" current)" == "$(cat "$project/HEAD_REVISION")" ]] || {
    echo "run_benchmarks.sh: mig upgrade did not reach head in $project" >&2; exit 1; }
}

# --- main ---------------------------------------------------------------------------------

ensure_tools
build

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mig-bench.XXXXXX")
SHM=""
cleanup() {
  [[ -n "$SHM" ]] && rm -rf "$SHM"
  if [[ $KEEP -eq 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
: > "$RESULTS/manifest.tsv"

log "machine"
{
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu:     $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel:  $(uname -sr)"
  echo "disk:    $(df -PT "$WORK" | awk 'NR==2 {print $2}') at $WORK"
  echo "tools:   $(hyperfine --version), sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(c++ --version | head -1)"
  echo "mig:     $("$MIG" --version) ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ', src modified'))"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at start"
} | tee "$RESULTS/machine.txt" >&2

log "generating projects"
P1K="$WORK/p1k"; P10K="$WORK/p10k"
python3 "$BENCH/generate_project.py" "$P1K" --revisions 1000
python3 "$BENCH/generate_project.py" "$P10K" --revisions 10000

log "upgrade: 1,000 revisions, mig vs sqlite3 CLI, on disk ($UPGRADE_RUNS paired rounds)"
compare_upgrade "disk ($(df -PT "$WORK" | awk 'NR==2 {print $2}'))" "$P1K" "$UPGRADE_RUNS"

if [[ -d /dev/shm && -w /dev/shm ]] && [[ $(df -PT /dev/shm | awk 'NR==2 {print $2}') == tmpfs ]]; then
  log "upgrade: 1,000 revisions, mig vs sqlite3 CLI, on tmpfs (no fsync cost: CPU only)"
  SHM=$(mktemp -d /dev/shm/mig-bench.XXXXXX)
  python3 "$BENCH/generate_project.py" "$SHM/p1k" --revisions 1000
  compare_upgrade "tmpfs (CPU-bound)" "$SHM/p1k" 5
fi

log "read commands, 1,000 revisions (database at head)"
time_command "--version" 1000 "$P1K" 5 20480 --version
time_command "current" 1000 "$P1K" 10 20480 current
time_command "heads" 1000 "$P1K" 10 20480 heads
time_command "history" 1000 "$P1K" 10 20480 history
time_command "upgrade --sql" 1000 "$P1K" 10 20480 upgrade --sql

log "10,000 revisions"
time_command "heads" 10000 "$P10K" 100 20480 heads
time_command "history" 10000 "$P10K" "" "" history
time_command "upgrade --sql" 10000 "$P10K" "" "" upgrade --sql

log "1,000 revisions committed in a git repository (what users run; informational)"
(
  cd "$P1K" && git init -q \
    && printf '%s\n' '*.db' '*.db-journal' .mig/ baseline.sql HEAD_REVISION .mig-bench-project > .gitignore \
    && git add .gitignore mig.toml migrations \
    && git -c user.name=bench -c user.email=bench@example.invalid commit -q -m "1,000 revisions"
)
time_command "upgrade --sql (in git repo)" 1000 "$P1K" "" "" upgrade --sql

if [[ $MICRO -eq 1 && -x "$MIG_BENCH" ]]; then
  log "micro-benchmarks (mig_bench, 10,000 revisions)"
  "$MIG_BENCH" --benchmark_filter='/10000$' --benchmark_min_time=0.3 \
    --benchmark_out="$RESULTS/mig_bench.json" --benchmark_out_format=json 2>&1 \
    | grep -E '^(BM_|Benchmark|---)' | tee "$RESULTS/mig_bench.txt" >&2
fi

echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at end" | tee -a "$RESULTS/machine.txt" >&2
log "summary"
{
  cat "$RESULTS/machine.txt"
  echo
  python3 "$BENCH/bench_report.py" summary "$RESULTS"
} | tee "$RESULTS/summary.md"

if [[ -n "$OUT" ]]; then
  mkdir -p "$OUT"
  cp "$RESULTS"/* "$OUT"/
  echo "results copied to $OUT" >&2
fi
