#!/usr/bin/env bash
# Measures `mig check --staged` and the installed pre-commit hook against issue 9's budgets
# (200-table model, 1,000 revisions: check --staged < 50 ms warm, the hook end to end < 80 ms)
# and prints a summary table.
#
#   bench/hooks_bench.sh [--mig BIN] [--dir DIR] [--runs N] [--realtime]
#
#   --mig BIN    measure this mig binary (default: build mig in Release in build-perf/, or
#                $MIG_BENCH_BUILD_DIR, as bench/run_benchmarks.sh does)
#   --dir DIR    generate the repositories in DIR and keep them (default: a temporary
#                directory removed on exit). DIR must be new, empty, or made by an earlier run
#                of this script: anything else is refused, nothing in it touched.
#   --runs N     timed runs per warm benchmark (default 30, after 3 warm-up runs; cold ones
#                run N/3 without warm-up)
#   --realtime   run hyperfine (and so mig and git) under `chrt -f 10` (needs root): on a VM
#                shared with builds or a fuzz run, the timed runs then preempt the other work
#                instead of waiting for a core
#
# Repositories (bench/generate_autogen_project.py --tables 200 --revisions 1000, committed in
# one commit, pushed to a bare repository `origin` that main tracks, files backdated so the
# content cache takes them):
#   clean    nothing staged: the check of a commit that touches no migration
#   staged   the model gains a column and `mig migrate` wrote its revision, both staged: the
#            commit the hook exists for (pre-commit hook installed here)
#   edited   a pushed revision edited and staged: check --staged finds it (exit 1)
#
# Cache states: warm = .mig/cache/ filled by the warm-up runs; cold = every run's --prepare
# deletes .mig/cache/ (a fresh clone; the page cache stays warm).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${MIG_BENCH_BUILD_DIR:-$ROOT/build-perf}
MARKER=.mig-hooks-bench  # marks a --dir this script made
MIG_GIVEN=""
DIR=""
RUNS=30
RT=()

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --mig) MIG_GIVEN=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --realtime) RT=(chrt -f 10); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "hooks_bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "hooks_bench.sh: --runs takes a positive number" >&2; exit 2; }
if [[ ${#RT[@]} -gt 0 && $(id -u) -ne 0 ]]; then
  echo "hooks_bench.sh: --realtime needs root (chrt -f)" >&2; exit 2
fi
for tool in hyperfine git python3; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "hooks_bench.sh: needs $tool (apt-get install $tool)" >&2; exit 1; }
done
log() { printf '\n== %s\n' "$*" >&2; }

# --- the work directory: ours, or refused ---------------------------------------------------

KEEP=0
CREATED=0
if [[ -n "$DIR" ]]; then
  KEEP=1
  if [[ -e "$DIR" && ! -e "$DIR/$MARKER" ]] && [[ -n "$(ls -A "$DIR" 2>/dev/null)" || ! -d "$DIR" ]]; then
    echo "hooks_bench.sh: $DIR exists and was not made by hooks_bench.sh; choose a new or empty directory" >&2
    exit 2
  fi
  [[ -e "$DIR" ]] || CREATED=1
  mkdir -p "$DIR"
  WORK=$(cd "$DIR" && pwd)
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/mig-hooks-bench.XXXXXX")
  CREATED=1
fi
if git -C "$WORK" rev-parse --git-dir >/dev/null 2>&1; then
  if [[ $CREATED -eq 1 ]]; then rmdir "$WORK"; fi
  echo "hooks_bench.sh: $WORK is inside a git repository; use a --dir outside any work tree" >&2
  exit 2
fi
echo "made by bench/hooks_bench.sh; safe to delete" > "$WORK/$MARKER"
cleanup() { if [[ $KEEP -eq 0 ]]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT
RESULTS="$WORK/results"
rm -rf "$RESULTS" "$WORK/origin.git" "$WORK/clean" "$WORK/staged" "$WORK/edited"
mkdir -p "$RESULTS"

# --- mig --------------------------------------------------------------------------------------

if [[ -n "$MIG_GIVEN" ]]; then
  MIG=$(cd "$(dirname "$MIG_GIVEN")" && pwd)/$(basename "$MIG_GIVEN")
  [[ -x "$MIG" ]] || { echo "hooks_bench.sh: --mig $MIG_GIVEN is not an executable" >&2; exit 2; }
else
  log "building mig (Release) in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DMIG_BUILD_TESTS=OFF -DMIG_WARNINGS_AS_ERRORS=OFF >/dev/null
  ninja -C "$BUILD_DIR" mig >/dev/null
  MIG="$BUILD_DIR/mig"
fi
export NO_COLOR=1
# git without the user's configuration, as the hooks run for everyone.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
GIT=(git -c user.name=bench -c user.email=bench@example.invalid)

# --- repositories -----------------------------------------------------------------------------

log "generating the 200-table, 1,000-revision project"
python3 "$BENCH/generate_autogen_project.py" "$WORK/clean" --tables 200 --revisions 1000 >/dev/null
git init -q --bare -b main "$WORK/origin.git"
(
  cd "$WORK/clean"
  printf '.mig/\n/app.db\n/HEAD_REVISION\n' > .gitignore
  "${GIT[@]}" init -q -b main
  "${GIT[@]}" add -A
  "${GIT[@]}" commit -q -m "200 tables, 1,000 revisions"
  "${GIT[@]}" remote add origin "$WORK/origin.git"
  "${GIT[@]}" push -q -u origin main
  # The content cache skips files modified in the last 2 s (racy git).
  find . -path ./.git -prune -o -type f -exec touch -d '-1 hour' {} +
  "${GIT[@]}" update-index -q --refresh
)
cp -a "$WORK/clean" "$WORK/staged"
cp -a "$WORK/clean" "$WORK/edited"
(
  cd "$WORK/staged"
  python3 - <<'PY'
import re
path = "models/schema.sql"
text = open(path).read()
# the first table gains a column: a one-revision model change
text = re.sub(r'(CREATE TABLE "t00000" \()', r'\1"bench_note" TEXT, ', text, count=1)
open(path, "w").write(text)
PY
  "$MIG" migrate -q -m "bench note" --rev-id benchnote >/dev/null
  "${GIT[@]}" add -A
  "$MIG" hooks install >/dev/null
)
(
  cd "$WORK/edited"
  revisions=(migrations/versions/*.sql)  # sorted; no `ls | head`, which pipefail would kill
  printf -- '-- a comment added after the push\n' >> "${revisions[0]}"
  "${GIT[@]}" add -A
)
for repo in clean staged; do
  (cd "$WORK/$repo" && "$MIG" check --staged >/dev/null) || {
    echo "hooks_bench.sh: mig check --staged fails in $repo" >&2; exit 1; }
done
if (cd "$WORK/edited" && "$MIG" check --staged >/dev/null 2>&1); then
  echo "hooks_bench.sh: note: mig check --staged passes in edited (a mig from before the published-revision check)" >&2
fi

# --- benchmarks -------------------------------------------------------------------------------

# bench NAME REPO CACHE BUDGET_MS COMMAND... : one hyperfine row, exported as JSON.
bench() {
  local name=$1 repo=$2 cache=$3 budget=$4
  shift 4
  local args=(-N --export-json "$RESULTS/$name.json" --command-name "$name")
  if [[ $cache == cold ]]; then
    args+=(--runs $(( RUNS / 3 > 2 ? RUNS / 3 : 2 )) --prepare "rm -rf $WORK/$repo/.mig/cache")
  else
    args+=(--warmup 3 --runs "$RUNS")
  fi
  if [[ $repo == edited ]]; then args+=(-i); fi
  log "$name"
  (cd "$WORK/$repo" && "${RT[@]}" hyperfine "${args[@]}" "$*" >&2)
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$repo" "$cache" "$budget" "$*" >> "$RESULTS/index.tsv"
}

: > "$RESULTS/index.tsv"
bench check clean warm - "$MIG check"
bench check-staged clean warm 50 "$MIG check --staged"
bench check-staged-change staged warm 50 "$MIG check --staged"
bench hook staged warm 80 "git hook run pre-commit"
bench hook-script staged warm - "$WORK/staged/.git/hooks/pre-commit"
bench check-staged-edited edited warm - "$MIG check --staged"
bench check-staged-cold staged cold - "$MIG check --staged"

# --- summary ----------------------------------------------------------------------------------

python3 - "$RESULTS" <<'PY'
import json, sys, os
results = sys.argv[1]
print("| benchmark | repository | cache | runs | mean ± σ | min | user+sys | budget | verdict |")
print("|---|---|---|---:|---:|---:|---:|---:|---|")
for line in open(os.path.join(results, "index.tsv")):
    name, repo, cache, budget, command = line.rstrip("\n").split("\t")
    r = json.load(open(os.path.join(results, name + ".json")))["results"][0]
    ms = lambda s: s * 1000
    mean, sd, low = ms(r["mean"]), ms(r["stddev"] or 0), ms(r["min"])
    cpu = ms(r["user"] + r["system"])
    verdict = "—" if budget == "-" else ("pass" if mean < float(budget) else "MISSED")
    budget_text = "—" if budget == "-" else "< " + budget + " ms"
    print(f"| `{command.split('/')[-1] if command.startswith('/') else command}` ({name}) | {repo} | {cache} "
          f"| {len(r['times'])} | {mean:.1f} ms ± {sd:.1f} | {low:.1f} ms | {cpu:.1f} ms "
          f"| {budget_text} | {verdict} |")
PY
