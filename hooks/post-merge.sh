#!/bin/sh
# mig's post-merge hook: after a merge or pull, one line each for what needs doing
# (`mig hooks report post-merge`): several migration heads, with the `mig merge` that joins
# them, and pending upgrades. It never changes the database and never fails the merge.
#
# Installed by `mig hooks install` as .git/hooks/post-merge (or under core.hooksPath) and
# removed by `mig hooks uninstall`. A hook that was there before is kept beside it as
# post-merge.mig-chained and runs first; its exit status stays the merge's, as before.
# mig-hook: post-merge

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

chained_status=0
if [ -x "$hook_dir/post-merge.mig-chained" ]; then
    "$hook_dir/post-merge.mig-chained" "$@"
    chained_status=$?
fi

if [ -f "$mig_project/mig.toml" ] && find_mig post-merge; then
    "$mig" -C "$mig_project" hooks report post-merge </dev/null || true
fi
exit $chained_status
