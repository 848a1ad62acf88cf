#!/usr/bin/env bash
# Measures the git coupling of issue 8 against its speed budgets and prints a summary table.
#
#   bench/git_bench.sh [--mig BIN] [--dir DIR] [--runs N] [--rounds N]
#
#   --mig BIN    measure this mig binary (default: build mig in Release in build-perf/, or
#                $MIG_BENCH_BUILD_DIR, as bench/run_benchmarks.sh does)
#   --dir DIR    generate the repositories in DIR and keep them (default: a temporary
#                directory removed on exit). DIR must be new, empty, or made by an earlier
#                run of this script: anything else is refused, nothing in it touched.
#   --runs N     timed runs per warm benchmark (default 30; cold ones run N/2)
#   --rounds N   rounds of the inside/outside-git comparison of `mig upgrade` (default 4)
#   --realtime   run hyperfine (and so mig) under `chrt -f 10` (needs root): on a VM shared
#                with builds, the timed runs then preempt the other work instead of waiting
#                for a core, and wall time comes close to user+sys time again
#
# Repositories (bench/generate_git_project.py, one `git fast-import` each, then `mig upgrade`):
#   big     20,000 commits, 500 revisions (one commit adds each), database at head
#   status  2,000 commits, 1,000 revisions, database at head
#   nogit   a copy of big's files, database and cache without .git: the same project that
#           mig cannot find a repository for, so it runs no git check at all
#
# Cache states (each benchmark says which):
#   warm        .mig/cache/ filled by the warm-up runs (hyperfine --warmup): the usual case
#   new-head    every run's --prepare deletes .mig/cache/revision-commits, whose key is HEAD's
#               id: the first run after a commit, a pull or a checkout
#   cold        every run's --prepare deletes .mig/cache/: a fresh clone. The files and the
#               git objects stay in the page cache (the warm-up reads them): it is not
#               dropped, as it is not for a user who just cloned, pulled or built.
#
# The `mig upgrade` comparison: both projects are at head, so upgrade does nothing but its
# checks. The difference between the two is what the git checks cost (starting libgit2,
# opening the repository, the status of the revision folder, where the database's revision
# was applied from). The two run in alternating order, ROUNDS rounds of RUNS runs each, so a
# change of the machine's load hits both; the summary gives the median of the per-round
# differences of the means, and of user+sys CPU time, the steadier measure on a shared VM.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${MIG_BENCH_BUILD_DIR:-$ROOT/build-perf}
MARKER=.mig-git-bench  # marks a --dir this script made
MIG_GIVEN=""
DIR=""
RUNS=30
ROUNDS=4
RT=()

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --mig) MIG_GIVEN=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --realtime) RT=(chrt -f 10); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "git_bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]*$ ]] || {
  echo "git_bench.sh: --runs and --rounds take a positive number" >&2; exit 2; }

if [[ ${#RT[@]} -gt 0 && $(id -u) -ne 0 ]]; then
  echo "git_bench.sh: --realtime needs root (chrt -f)" >&2; exit 2
fi

log() { printf '\n== %s\n' "$*" >&2; }

for tool in hyperfine git python3; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "git_bench.sh: needs $tool (apt-get install $tool)" >&2; exit 1; }
done

# --- the work directory: ours, or refused ---------------------------------------------------

KEEP=0
CREATED=0
if [[ -n "$DIR" ]]; then
  KEEP=1
  if [[ -e "$DIR" && ! -e "$DIR/$MARKER" ]] && [[ -n "$(ls -A "$DIR" 2>/dev/null)" || ! -d "$DIR" ]]; then
    echo "git_bench.sh: $DIR exists and was not made by git_bench.sh; choose a new or empty directory" >&2
    exit 2
  fi
  [[ -e "$DIR" ]] || CREATED=1
  mkdir -p "$DIR"
  WORK=$(cd "$DIR" && pwd)
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/mig-git-bench.XXXXXX")
  CREATED=1
fi
# The no-git copy must not sit inside some other work tree, or mig would find that one.
if git -C "$WORK" rev-parse --git-dir >/dev/null 2>&1; then
  if [[ $CREATED -eq 1 ]]; then rmdir "$WORK"; fi
  echo "git_bench.sh: $WORK is inside a git repository; use a --dir outside any work tree" >&2
  exit 2
fi
echo "made by bench/git_bench.sh; safe to delete" > "$WORK/$MARKER"
cleanup() { if [[ $KEEP -eq 0 ]]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT
RESULTS="$WORK/results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# --- mig --------------------------------------------------------------------------------------

if [[ -n "$MIG_GIVEN" ]]; then
  MIG=$(cd "$(dirname "$MIG_GIVEN")" && pwd)/$(basename "$MIG_GIVEN")
  [[ -x "$MIG" ]] || { echo "git_bench.sh: --mig $MIG_GIVEN is not an executable" >&2; exit 2; }
else
  log "building mig (Release) in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DMIG_BUILD_TESTS=OFF -DMIG_WARNINGS_AS_ERRORS=OFF >/dev/null
  ninja -C "$BUILD_DIR" mig >/dev/null
  MIG="$BUILD_DIR/mig"
fi
export NO_COLOR=1

# --- repositories -----------------------------------------------------------------------------

BIG="$WORK/big"
STATUS="$WORK/status"
NOGIT="$WORK/nogit"

generate() {
  local dir=$1 commits=$2 revisions=$3
  log "generating $dir: $commits commits, $revisions revisions"
  python3 "$BENCH/generate_git_project.py" "$dir" --commits "$commits" --revisions "$revisions" \
          --mig "$MIG"
}
generate "$BIG" 20000 500
generate "$STATUS" 2000 1000
rm -rf "$NOGIT"
mkdir "$NOGIT"
(cd "$BIG" && tar --exclude=./.git -cf - .) | (cd "$NOGIT" && tar -xf -)

# check_run PROJECT WANT MIG-ARGS...: mig runs once and exits with WANT, or the script stops.
check_run() {
  local project=$1 want=$2 got=0; shift 2
  "$MIG" -C "$project" "$@" >"$RESULTS/check.out" 2>"$RESULTS/check.err" || got=$?
  if [[ $got -ne $want ]]; then
    echo "git_bench.sh: \`mig -C $project $*\` exited with $got, expected $want:" >&2
    cat "$RESULTS/check.out" "$RESULTS/check.err" >&2
    exit 1
  fi
}
# The model is in sync; `check` also caches the migrations' head schema, which status needs to
# report model drift (it never replays), as after any earlier `mig check` of the user's.
check_run "$BIG" 0 check
check_run "$STATUS" 0 check
check_run "$BIG" 0 rollback --dry-run
check_run "$BIG" 0 status
check_run "$STATUS" 0 status
check_run "$NOGIT" 0 upgrade
[[ "$("$MIG" -C "$NOGIT" current)" == "$("$MIG" -C "$BIG" current)" ]] || {
  echo "git_bench.sh: the no-git copy is not at the same revision" >&2; exit 1; }
log "the rollback plan measured (mig -C big rollback --dry-run)"
"$MIG" -C "$BIG" rollback --dry-run >&2

# --- measuring --------------------------------------------------------------------------------

# bench NAME STATE BUDGET_MS DESCRIPTION PROJECT MIG-ARGS...: one hyperfine benchmark.
bench() {
  local name=$1 state=$2 budget=$3 description=$4 project=$5; shift 5
  local options=(-N --warmup 3 --runs "$RUNS")
  case "$state" in
    warm) ;;
    new-head) options=(--warmup 1 --runs "$((RUNS / 2 + 1))"
                       --prepare "rm -f $project/.mig/cache/revision-commits") ;;
    cold) options=(--warmup 1 --runs "$((RUNS / 2 + 1))" --prepare "rm -rf $project/.mig/cache") ;;
    *) echo "git_bench.sh: unknown state $state" >&2; exit 2 ;;
  esac
  "${RT[@]}" hyperfine --style basic "${options[@]}" --export-json "$RESULTS/$name.json" \
            --command-name "mig $*" "$MIG -q -C $project $*" >&2
  printf 'bench\t%s\t%s\t%s\t%s\t%s.json\n' "$description" "mig $*" "$state" "$budget" \
         "$name" >> "$RESULTS/manifest.tsv"
}

log "mig rollback --dry-run: 20,000 commits, 500 revisions"
bench rollback-cold cold 300 "20,000 commits, 500 revisions" "$BIG" rollback --dry-run
bench rollback-newhead new-head "" "20,000 commits, 500 revisions" "$BIG" rollback --dry-run
bench rollback-warm warm 30 "20,000 commits, 500 revisions" "$BIG" rollback --dry-run

log "mig status"
bench status-warm warm 20 "2,000 commits, 1,000 revisions" "$STATUS" status
bench status-json-warm warm "" "2,000 commits, 1,000 revisions" "$STATUS" status --json
bench status-cold cold "" "2,000 commits, 1,000 revisions" "$STATUS" status
bench status-big-warm warm "" "20,000 commits, 500 revisions" "$BIG" status
bench status-big-newhead new-head "" "20,000 commits, 500 revisions" "$BIG" status

log "mig upgrade with nothing to do, inside git and outside (the same files, no .git)"
files=()
for ((round = 0; round < ROUNDS; round++)); do
  inside=(--command-name "inside git" "$MIG -q -C $BIG upgrade")
  outside=(--command-name "outside git" "$MIG -q -C $NOGIT upgrade")
  if ((round % 2 == 0)); then order=("${inside[@]}" "${outside[@]}"); else order=("${outside[@]}" "${inside[@]}"); fi
  "${RT[@]}" hyperfine --style basic -N --warmup 3 --runs "$RUNS" \
            --export-json "$RESULTS/upgrade-r$round.json" \
            "${order[@]}" >&2
  files+=("upgrade-r$round.json")
done
printf 'pair\t%s\t%s\t%s\n' "mig upgrade (nothing to do): inside git minus outside" 10 \
       "$(IFS=,; echo "${files[*]}")" >> "$RESULTS/manifest.tsv"

log "for reference: mig current (no git check) inside and outside git"
bench current-git warm "" "20,000 commits, 500 revisions" "$BIG" current
bench current-nogit warm "" "the same files, no .git" "$NOGIT" current

# --- summary ----------------------------------------------------------------------------------

log "summary ($("$MIG" --version 2>/dev/null | head -1), ${RT[*]:-no chrt}, $(git -C "$ROOT" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$BENCH/git_bench_report.py" "$RESULTS"
if [[ $KEEP -eq 1 ]]; then echo "repositories and hyperfine exports kept in $WORK" >&2; fi
