#!/bin/sh
# mig's pre-push hook: refuses to push the checked-out branch when its migrations do not fit
# the remote branch it is pushed to: a revision the remote has was edited or deleted here, or
# merging the two would give the migrations a second head (`mig check --against`).
#
# Installed by `mig hooks install` as .git/hooks/pre-push (or under core.hooksPath) and
# removed by `mig hooks uninstall`. A hook that was there before is kept beside it as
# pre-push.mig-chained and runs first, with the same arguments and standard input; its
# failure refuses the push too.
# mig-hook: pre-push

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

# git writes one line per ref being pushed on standard input:
#   <local ref> <local id> <remote ref> <remote id>
# Both the chained hook and mig read it, so it is kept in a file.
refs=$(mktemp "${TMPDIR:-/tmp}/mig-pre-push.XXXXXX") || exit 1
trap 'rm -f "$refs"' EXIT
cat >"$refs"

if [ -x "$hook_dir/pre-push.mig-chained" ]; then
    "$hook_dir/pre-push.mig-chained" "$@" <"$refs" || exit $?
fi

find_mig pre-push || exit 1
if [ ! -f "$mig_project/mig.toml" ]; then
    exit 0  # a branch from before mig was set up: nothing to check
fi

remote=$1
head=$(git rev-parse -q --verify HEAD </dev/null)
refused=0
while read -r local_ref local_id remote_ref remote_id; do
    case $remote_ref in refs/heads/*) ;; *) continue ;; esac  # tags and other refs
    case $local_id in *[!0]*) ;; *) continue ;; esac  # deleting a remote branch
    case $remote_id in *[!0]*) ;; *) continue ;; esac  # a new remote branch: nothing to fit
    if [ "$local_id" != "$head" ]; then
        # mig checks the work tree, which holds only the checked-out branch.
        echo "mig: pre-push: $local_ref is not checked out, so its migrations are not checked against $remote_ref" >&2
        continue
    fi
    if ! git cat-file -e "$remote_id^{commit}" </dev/null 2>/dev/null; then
        echo "mig: pre-push: $remote_ref's commit ${remote_id%"${remote_id#???????}"} is not here, so the migrations are not checked against it; run \`git fetch $remote\` and push again" >&2
        continue
    fi
    # Name the remote branch as the user knows it (origin/main) when the tracking ref agrees.
    against=$remote_id
    tracking="refs/remotes/$remote/${remote_ref#refs/heads/}"
    if [ "$(git rev-parse -q --verify "$tracking" </dev/null)" = "$remote_id" ]; then
        against="$remote/${remote_ref#refs/heads/}"
    fi
    if ! "$mig" -C "$mig_project" -q check --against "$against" </dev/null; then
        echo "mig: the pre-push hook refused to push $local_ref: its migrations do not fit $against (see above; git push --no-verify skips the hook)" >&2
        refused=1
    fi
done <"$refs"
exit $refused
