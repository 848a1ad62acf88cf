#!/bin/sh
# mig's pre-commit hook: refuses a commit whose staged model change has no staged migration,
# whose staged migrations do not fit together, or that edits, deletes or renames a revision
# that is already pushed (`mig check --staged`).
#
# Installed by `mig hooks install` as .git/hooks/pre-commit (or under core.hooksPath) and
# removed by `mig hooks uninstall`. A hook that was there before is kept beside it as
# pre-commit.mig-chained and runs first; its failure refuses the commit too.
# mig-hook: pre-commit

# Filled in by `mig hooks install`: the mig that installed this hook (tried first, then `mig`
# on PATH), and the folder of mig.toml relative to the work tree root (git runs hooks there).
mig_binary=''
mig_project='.'

hook_dir=$(dirname "$0")

# Sets $mig to the mig to run, or says which one is missing and returns 1.
find_mig() {
    if [ -n "$mig_binary" ] && [ -x "$mig_binary" ]; then
        mig=$mig_binary
    elif command -v mig >/dev/null 2>&1; then
        mig=mig
    else
        echo "mig: the $1 hook cannot find mig (${mig_binary:-no installed path}, nor mig on PATH); install mig, or run \`mig hooks uninstall\`" >&2
        return 1
    fi
}

if [ -x "$hook_dir/pre-commit.mig-chained" ]; then
    "$hook_dir/pre-commit.mig-chained" "$@" || exit $?
fi

find_mig pre-commit || exit 1
if [ ! -f "$mig_project/mig.toml" ]; then
    exit 0  # a commit from before mig was set up: nothing to check
fi
# `git commit -a` and `git commit PATHS` stage into a temporary index that GIT_INDEX_FILE names,
# maybe relative to the work tree root, where git runs hooks; mig -C moves, so make it absolute.
case ${GIT_INDEX_FILE:-} in
    '' | /*) ;;
    *) GIT_INDEX_FILE="$PWD/$GIT_INDEX_FILE" && export GIT_INDEX_FILE ;;
esac
if ! "$mig" -C "$mig_project" -q check --staged; then
    echo "mig: the pre-commit hook refused this commit: fix what \`mig check --staged\` found above (git commit --no-verify skips the hook)" >&2
    exit 1
fi
