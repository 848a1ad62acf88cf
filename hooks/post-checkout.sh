#!/bin/sh
# mig's post-checkout hook: after switching branches, one line each for what the database
# and the checked-out code disagree on (`mig hooks report post-checkout`): a database at a
# revision this checkout does not have, with the command that fixes it, and pending upgrades.
# With `[hooks] sync = true` in mig.toml the same command runs `mig sync` instead, bringing the
# database to this checkout (a refusal, such as data a downgrade would drop, is one line naming
# the command to run). Otherwise it never changes the database. It never fails the checkout.
#
# Installed by `mig hooks install` as .git/hooks/post-checkout (or under core.hooksPath) and
# removed by `mig hooks uninstall`. A hook that was there before is kept beside it as
# post-checkout.mig-chained and runs first; its exit status stays the checkout's, as before.
# mig-hook: post-checkout

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
if [ -x "$hook_dir/post-checkout.mig-chained" ]; then
    "$hook_dir/post-checkout.mig-chained" "$@"
    chained_status=$?
fi

# $1 old HEAD, $2 new HEAD, $3 1 for a branch checkout (0: files only).
if [ "$3" = 1 ] && [ "$1" != "$2" ] && [ -f "$mig_project/mig.toml" ] && find_mig post-checkout; then
    # Reports, or with [hooks] sync = true runs `mig sync`; never interactive (no stdin).
    "$mig" -C "$mig_project" hooks report post-checkout </dev/null || true
fi
exit $chained_status
