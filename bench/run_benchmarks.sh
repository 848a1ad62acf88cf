#!/usr/bin/env bash
# Measures mig against the speed budgets of docs/performance.md and prints a summary table.
#
#   bench/run_benchmarks.sh [--only SECTIONS] [--upgrade-runs N] [--no-micro] [--mig BIN]
#                           [--keep] [--out DIR]
#
#   --only SECTIONS   run only these sections, comma-separated (default: all of them):
#                       upgrade  mig upgrade against the sqlite3 CLI (disk, tmpfs)
#                       read     the read commands with 1,000 and 10,000 revisions, and
#                                upgrade --sql in a git repository
#                       micro    the Google Benchmark micro-benchmarks
#                       autogen  mig check and mig migrate (issue 3's budgets), see below
#   --upgrade-runs N  paired rounds (mig, then sqlite3, or the reverse) of the upgrade
#                     comparison on disk (default 3; a round applies 1,000 revisions twice and
#                     is fsync-bound: 3 s to 40 s on a shared VM disk)
#   --no-micro        skip the Google Benchmark micro-benchmarks (build-perf/bench/mig_bench)
#   --mig BIN         measure this mig binary instead of building one (no micro-benchmarks
#                     unless BIN's folder holds bench/mig_bench)
#   --keep            keep the generated projects and raw hyperfine exports (path printed)
#   --out DIR         copy the raw results (hyperfine JSON/Markdown, summary.md) to DIR
#
# What it does, in order: installs hyperfine (and the other tools it needs) with apt-get when
# missing; builds mig in Release in its own build directory ($MIG_BENCH_BUILD_DIR, default
# build-perf/); generates 1,000- and 10,000-revision projects with bench/generate_project.py in
# a temporary directory; compares `mig upgrade --no-backup` from an empty database with the
# sqlite3 CLI running the same statements (on disk, and again on tmpfs where fsync is free);
# times the read commands with hyperfine; measures peak RSS; prints the summary.
#
# The autogen section generates projects with bench/generate_autogen_project.py: a 200-table
# model over 1,000 revisions (in sync, and with 20 changed tables), 500/1,000/2,000-table
# models over 5 revisions per table with 1 table in 40 changed, and a 2,000-table chain of
# foreign keys with no revisions. It times `mig check`, `mig migrate -m x --sql` and
# `mig migrate -m x` (which writes a file; each run's --prepare deletes it) warm (the
# .mig/cache/ filled by the warm-up runs), with the cached model deleted (as after an edit of
# the model), cold (each run's --prepare deletes .mig/cache/), and `check` right after a new
# revision; then some of it in a git repository. It takes about 5 minutes, most of it the
# cold runs of the largest models.
# Safe to re-run: everything temporary is removed on exit, the build directory is reused.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${MIG_BENCH_BUILD_DIR:-$ROOT/build-perf}
UPGRADE_RUNS=3
MICRO=1
KEEP=0
OUT=""
ONLY="upgrade,read,micro,autogen"
MIG_GIVEN=""

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) ONLY=$2; shift 2 ;;
    --upgrade-runs) UPGRADE_RUNS=$2; shift 2 ;;
    --no-micro) MICRO=0; shift ;;
    --mig) MIG_GIVEN=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run_benchmarks.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

for section in ${ONLY//,/ }; do
  case "$section" in
    upgrade|read|micro|autogen) ;;
    *) echo "run_benchmarks.sh: unknown section $section in --only (upgrade, read, micro, autogen)" >&2
       exit 2 ;;
  esac
done
# wants SECTION: true when --only (or its default) names SECTION.
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
wants micro || MICRO=0

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
  if [[ -n "$MIG_GIVEN" ]]; then
    MIG=$(cd "$(dirname "$MIG_GIVEN")" && pwd)/$(basename "$MIG_GIVEN")
    [[ -x "$MIG" ]] || { echo "run_benchmarks.sh: --mig $MIG_GIVEN is not an executable" >&2; exit 2; }
    MIG_BENCH="$(dirname "$MIG")/bench/mig_bench"
    log "measuring $MIG (not building)"
    return
  fi
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

# --- autogenerate (issue 3) ----------------------------------------------------------------

# age_files DIR: every file's mtime an hour back. mig's content cache never caches a file
# modified in the last 2 seconds (it may still be being written), so without this a project
# generated a moment ago would stay uncached through the warm-up runs.
age_files() { find "$1" -type f -exec touch -m -d '1 hour ago' {} +; }

# commas N: N with thousands separators (10000 -> 10,000), whatever the locale.
commas() { sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta' <<< "$1"; }

# expect_status STATUS PROJECT MIG-ARGS...: runs mig once, fails the script on another status.
expect_status() {
  local want=$1 project=$2; shift 2
  local got=0
  "$MIG" -q -C "$project" "$@" >/dev/null 2>"$WORK/expect.err" || got=$?
  if [[ $got -ne $want ]]; then
    echo "run_benchmarks.sh: \`mig -C $project $*\` exited with $got, expected $want:" >&2
    cat "$WORK/expect.err" >&2
    exit 1
  fi
}

# autogen_time GROUP LABEL DESC TABLES CACHE BUDGET_MS PROJECT WRITTEN RUNS WARMUP MIG-ARGS...
#   GROUP   budget200, scale, newrev, fkchain or git (how the summary groups the rows)
#   CACHE   the state of .mig/cache/ at the start of every timed run (see "Cache states" in
#           docs/performance.md):
#           warm          filled by the warm-up runs: the same command ran before
#           model-edited  warm, but every run's --prepare deletes the cached model
#                         (model-*.cache), as an edit of the model does: `migrate` right
#                         after the model changed
#           cold          every run's --prepare deletes .mig/cache/: a fresh clone
#           new-revision  every run's --prepare writes a new revision with `mig migrate`
#                         (a new id each time, the previous one deleted): the first command
#                         after the history grew
#   WRITTEN the revision file the command writes ("" for --sql and check): deleted before
#           every run, checked to exist after the last one, then deleted
# Warm rows also get a peak RSS. AG_IGNORE_FAILURE=1 accepts a non-zero exit (mig check
# exits 1 when it finds differences).
autogen_time() {
  local group=$1 label=$2 desc=$3 tables=$4 cache=$5 budget=$6 project=$7 written=$8
  local runs=$9 warmup=${10}; shift 10
  local name="autogen-${group}-${tables}-${cache}-${label//[^a-z0-9]/_}"
  local options=(-N --runs "$runs" --warmup "$warmup") steps=()
  local newrev="$project/migrations/versions/newrev_"
  if [[ -n "$written" ]]; then steps+=("rm -f $project/$written"); fi
  case "$cache" in
    warm) ;;
    model-edited) steps+=("rm -f $project/.mig/cache/model-*.cache") ;;
    cold) steps+=("rm -rf $project/.mig/cache") ;;
    new-revision)
      # shellcheck disable=SC2016  # $(date ...) is for the prepare step's shell
      steps+=("rm -f ${newrev}*.sql"
              "$MIG -q -C $project migrate -m newrev --rev-id newrev_\$(date +%s%N) >/dev/null") ;;
    *) echo "run_benchmarks.sh: unknown cache state $cache" >&2; exit 2 ;;
  esac
  if [[ ${#steps[@]} -gt 0 ]]; then
    local script
    script=$(printf '%s && ' "${steps[@]}")
    options+=(--prepare "sh -c '${script% && }'")
  fi
  if [[ ${AG_IGNORE_FAILURE:-0} -eq 1 ]]; then options+=(-i); fi
  run_hyperfine "$name" "${options[@]}" --command-name "mig $label" "$MIG -q -C $project $*"
  if [[ -n "$written" ]]; then
    [[ -f "$project/$written" ]] || {
      echo "run_benchmarks.sh: \`mig $*\` did not write $project/$written" >&2; exit 1; }
    rm -f "$project/$written"
  fi
  rm -f "$newrev"*.sql
  local rss=""
  if [[ $cache == warm ]]; then
    local rss_options=(--runs 3)
    if [[ -n "$written" ]]; then rss_options+=(--remove "$project/$written"); fi
    if [[ ${AG_IGNORE_FAILURE:-0} -eq 1 ]]; then rss_options+=(--ignore-failure); fi
    rss=$(python3 "$BENCH/bench_report.py" rss "${rss_options[@]}" -- "$MIG" -q -C "$project" "$@")
    if [[ -n "$written" ]]; then rm -f "$project/$written"; fi
  fi
  printf 'autogen\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "mig $label" "$desc" "$tables" \
         "$cache" "$name.json" "$budget" "$rss" >> "$RESULTS/manifest.tsv"
}

# git_commit_project DIR: makes DIR a git repository with everything but state committed.
git_commit_project() {
  (
    cd "$1" && git init -q \
      && printf '%s\n' '*.db' '*.db-journal' .mig/ HEAD_REVISION .mig-bench-project > .gitignore \
      && git add .gitignore mig.toml migrations models \
      && git -c user.name=bench -c user.email=bench@example.invalid commit -q -m "bench project"
  )
}

autogen_benchmarks() {
  local ag="$WORK/autogen" gen="$BENCH/generate_autogen_project.py" n
  local written="migrations/versions/benchx_x.sql"  # what `migrate -m x --rev-id benchx` writes
  local migrate=(migrate -m x --rev-id benchx)
  if [[ "$ag" =~ [[:space:]\'\"\\] ]]; then
    echo "run_benchmarks.sh: the autogen section needs a work folder without spaces or quotes" \
         "(TMPDIR=$TMPDIR)" >&2
    exit 2
  fi
  log "autogen: generating projects"
  python3 "$gen" "$ag/p200" --tables 200 --revisions 1000
  python3 "$gen" "$ag/p200c" --tables 200 --revisions 1000 --changed 20
  for n in 500 1000 2000; do
    python3 "$gen" "$ag/s$n" --tables "$n" --revisions $((n * 5)) --changed $((n / 40))
  done
  python3 "$gen" "$ag/fk2000" --fk-chain 2000
  age_files "$ag"

  log "autogen: checking the generated projects"
  expect_status 0 "$ag/p200" check                 # the model is what the history produces
  expect_status 1 "$ag/p200c" check                # ... but for the 20 changed tables
  expect_status 0 "$ag/p200c" "${migrate[@]}"      # migrate writes the revision for them
  expect_status 0 "$ag/p200c" check                # and then the two agree
  rm -rf "$ag/p200c/$written" "$ag/p200/.mig" "$ag/p200c/.mig"

  log "autogen: 200 tables, 1,000 revisions"
  local d200="200 tables, 1,000 revisions" d200c="200 tables (20 changed), 1,000 revisions"
  autogen_time budget200 "check" "$d200" 200 warm 50 "$ag/p200" "" 20 3 check
  autogen_time budget200 "check" "$d200" 200 cold "" "$ag/p200" "" 10 1 check
  AG_IGNORE_FAILURE=1 autogen_time budget200 "check (20 differences, exit 1)" "$d200c" 200 warm "" \
    "$ag/p200c" "" 20 3 check
  autogen_time budget200 "migrate -m x --sql" "$d200c" 200 warm 100 "$ag/p200c" "" 20 3 \
    "${migrate[@]}" --sql
  autogen_time budget200 "migrate -m x --sql" "$d200c" 200 model-edited "" "$ag/p200c" "" 20 3 \
    "${migrate[@]}" --sql
  autogen_time budget200 "migrate -m x --sql" "$d200c" 200 cold "" "$ag/p200c" "" 10 1 \
    "${migrate[@]}" --sql
  autogen_time budget200 "migrate -m x" "$d200c" 200 warm 100 "$ag/p200c" "$written" 20 3 \
    "${migrate[@]}"
  autogen_time budget200 "migrate -m x" "$d200c" 200 model-edited "" "$ag/p200c" "$written" 20 3 \
    "${migrate[@]}"
  autogen_time budget200 "migrate -m x" "$d200c" 200 cold "" "$ag/p200c" "$written" 10 1 \
    "${migrate[@]}"

  log "autogen: migrate, 500/1,000/2,000 tables, 1 in 40 changed (cold runs replay 2,500-10,000 revisions)"
  for n in 500 1000 2000; do
    local desc budget=""
    desc="$(commas "$n") tables ($((n / 40)) changed), $(commas $((n * 5))) revisions"
    if [[ $n -eq 2000 ]]; then budget=2000; fi
    # The 2 s budget does not say warm or cold: every row carries it.
    autogen_time scale "migrate -m x" "$desc" "$n" warm "$budget" "$ag/s$n" "$written" 5 2 \
      "${migrate[@]}"
    autogen_time scale "migrate -m x" "$desc" "$n" model-edited "$budget" "$ag/s$n" "$written" 5 1 \
      "${migrate[@]}"
    autogen_time scale "migrate -m x" "$desc" "$n" cold "$budget" "$ag/s$n" "$written" 2 0 \
      "${migrate[@]}"
  done

  log "autogen: the first check after a new revision (migrate wrote one just before)"
  autogen_time newrev "check" "$d200c" 200 new-revision "" "$ag/p200c" "" 10 1 check
  for n in 500 1000 2000; do
    autogen_time newrev "check" "$(commas "$n") tables ($((n / 40)) changed), $(commas $((n * 5))) revisions" \
      "$n" new-revision "" "$ag/s$n" "" 5 1 check
  done

  log "autogen: a 2,000-table chain of foreign keys from an empty history"
  local dfk="2,000-table foreign-key chain, no revisions" fk="$ag/fk2000"
  autogen_time fkchain "migrate -m x" "$dfk" 2000 warm "" "$fk" "$written" 5 1 "${migrate[@]}"
  autogen_time fkchain "migrate -m x" "$dfk" 2000 model-edited "" "$fk" "$written" 5 1 "${migrate[@]}"
  autogen_time fkchain "migrate -m x" "$dfk" 2000 cold "" "$fk" "$written" 3 0 "${migrate[@]}"
  expect_status 0 "$fk" migrate -m "create 2000 tables" --rev-id fkchain
  age_files "$fk"
  local dfk1="2,000-table foreign-key chain, 1 revision creating it"
  autogen_time fkchain "check" "$dfk1" 2000 warm "" "$fk" "" 5 1 check
  autogen_time fkchain "check" "$dfk1" 2000 cold "" "$fk" "" 3 0 check
  # The written revision applies: 2,000 CREATE TABLE and 1,999 CREATE INDEX in one transaction,
  # and PRAGMA foreign_key_check passes.
  run_hyperfine "autogen-fkchain-upgrade" --runs 3 --prepare "rm -f '$fk/app.db' '$fk/app.db-journal'" \
    --command-name "mig upgrade --no-backup" "$MIG -q -C '$fk' upgrade --no-backup"
  printf 'autogen\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' fkchain "mig upgrade --no-backup" "$dfk1" 2000 \
         "—" "autogen-fkchain-upgrade.json" "" "" >> "$RESULTS/manifest.tsv"
  [[ "$("$MIG" -C "$fk" current)" == fkchain ]] || {
    echo "run_benchmarks.sh: mig upgrade did not reach fkchain in $fk" >&2; exit 1; }
  expect_status 0 "$fk" check

  log "autogen: the 200-table projects committed in a git repository (informational)"
  # (No age_files here: the revision files are old already, and backdating .git/index to
  # the files' own mtime would make every entry racily clean, so git would re-hash them all.)
  git_commit_project "$ag/p200"
  git_commit_project "$ag/p200c"
  autogen_time git "check (in git repo)" "$d200" 200 warm "" "$ag/p200" "" 20 3 check
  autogen_time git "migrate -m x --sql (in git repo)" "$d200c" 200 warm "" "$ag/p200c" "" 20 3 \
    "${migrate[@]}" --sql
  autogen_time git "migrate -m x (in git repo)" "$d200c" 200 warm "" "$ag/p200c" "$written" 20 3 \
    "${migrate[@]}"
  du -sh "$ag"/*/.mig/cache 2>/dev/null | sed 's/^/cache size: /' >&2 || true
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
  echo "binary:  $MIG ($(sha256sum "$MIG" | cut -c1-12))"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at start"
  echo "only:    $ONLY"
} | tee "$RESULTS/machine.txt" >&2

if wants upgrade || wants read; then
  log "generating projects"
  P1K="$WORK/p1k"; P10K="$WORK/p10k"
  python3 "$BENCH/generate_project.py" "$P1K" --revisions 1000
  if wants read; then python3 "$BENCH/generate_project.py" "$P10K" --revisions 10000; fi
fi

if wants upgrade; then
  log "upgrade: 1,000 revisions, mig vs sqlite3 CLI, on disk ($UPGRADE_RUNS paired rounds)"
  compare_upgrade "disk ($(df -PT "$WORK" | awk 'NR==2 {print $2}'))" "$P1K" "$UPGRADE_RUNS"

  if [[ -d /dev/shm && -w /dev/shm ]] && [[ $(df -PT /dev/shm | awk 'NR==2 {print $2}') == tmpfs ]]; then
    log "upgrade: 1,000 revisions, mig vs sqlite3 CLI, on tmpfs (no fsync cost: CPU only)"
    SHM=$(mktemp -d /dev/shm/mig-bench.XXXXXX)
    python3 "$BENCH/generate_project.py" "$SHM/p1k" --revisions 1000
    compare_upgrade "tmpfs (CPU-bound)" "$SHM/p1k" 5
  fi
fi

if wants read; then
  # The read commands want the database at head; the upgrade section leaves it there.
  if ! wants upgrade; then "$MIG" -q -C "$P1K" upgrade --no-backup; fi

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
fi

if [[ $MICRO -eq 1 && -x "$MIG_BENCH" ]]; then
  log "micro-benchmarks (mig_bench, 10,000 revisions)"
  "$MIG_BENCH" --benchmark_filter='/10000$' --benchmark_min_time=0.3 \
    --benchmark_out="$RESULTS/mig_bench.json" --benchmark_out_format=json 2>&1 \
    | grep -E '^(BM_|Benchmark|---)' | tee "$RESULTS/mig_bench.txt" >&2
fi

if wants autogen; then
  autogen_benchmarks
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
