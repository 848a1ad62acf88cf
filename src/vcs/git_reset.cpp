// GitRepository's writes: references, `git reset --hard`, and a commit of an older tree on top
// (rollback --revert). Each step is ordered so that a failure midway loses no commit: the old
// HEAD is saved (ORIG_HEAD, and the caller's refs/mig/rollback/...) before anything moves, and
// the branch moves last, after the work tree and index match the new commit.

#include "util/error.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_fast_state.hpp"
#include "vcs/git_handle.hpp"
#include "vcs/git_oid.hpp"
#include "vcs/git_repository.hpp"
#include "vcs/libgit2.hpp"

namespace mig::vcs {

using detail::GitHandle;
using detail::hex;
using detail::last_git_error;
using detail::libgit2;
using detail::parse_oid;

namespace {

constexpr std::string_view k_branch_prefix = "refs/heads/";

// The checked-out branch ("refs/heads/main") and its commit. FailedError when HEAD is detached
// or the branch has no commit: there is no branch to move, or nothing to reset from.
std::pair<std::string, git_oid> checked_out_branch(git_repository* repository,
                                                   const std::string& doing) {
    GitHandle<git_reference> head;
    if (libgit2().git_reference_lookup(head.out(), repository, "HEAD") != 0) {
        throw FailedError("cannot " + doing + ": cannot read git's HEAD: " + last_git_error());
    }
    if (libgit2().git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC ||
        !std::string_view(libgit2().git_reference_symbolic_target(head.get()))
             .starts_with(k_branch_prefix)) {
        throw FailedError("cannot " + doing + ": HEAD is detached (no branch is checked out)",
                          "check out a branch first (git switch BRANCH)");
    }
    git_oid old_head{};
    if (libgit2().git_reference_name_to_id(&old_head, repository, "HEAD") != 0) {
        throw FailedError("cannot " + doing + ": the checked-out branch has no commit yet");
    }
    return {libgit2().git_reference_symbolic_target(head.get()), old_head};
}

GitHandle<git_tree> tree_of_commit(git_repository* repository, const std::string& id) {
    const git_oid oid = parse_oid(id);
    GitHandle<git_commit> commit;
    GitHandle<git_tree> tree;
    if (libgit2().git_commit_lookup(commit.out(), repository, &oid) != 0 ||
        libgit2().git_commit_tree(tree.out(), commit.get()) != 0) {
        throw FailedError("cannot read commit " + id + ": " + last_git_error());
    }
    return tree;
}

// A reflog entry is one line: the first line of `message`.
std::string first_line(const std::string& message) {
    return message.substr(0, message.find('\n'));
}

}  // namespace

void GitRepository::write_reference(const std::string& name, const std::string& commit,
                                    const std::string& log_message) {
    const git_oid id = parse_oid(commit);
    // libgit2 (like git) logs updates of refs outside refs/heads and refs/remotes only into an
    // existing reflog: create it, so the entry saying why the ref exists is kept.
    GitHandle<git_reference> created;
    if (libgit2().git_reference_ensure_log(raw(), name.c_str()) != 0 ||
        libgit2().git_reference_create(created.out(), raw(), name.c_str(), &id, 1,
                                       first_line(log_message).c_str()) != 0) {
        throw FailedError("cannot write the git reference " + name + " (to " + commit +
                          "): " + last_git_error());
    }
}

void GitRepository::move_branch_to(const std::string& commit, const std::string& log_message) {
    const auto [branch, old_head] = checked_out_branch(raw(), "move the branch to " + commit);
    const git_oid target = parse_oid(commit);
    const GitHandle<git_tree> tree = tree_of_commit(raw(), commit);
    const std::string state =
        "the branch " + branch.substr(k_branch_prefix.size()) + " is still at " + hex(old_head);

    // 1. The work tree, from HEAD's tree (the baseline) to the target's: tracked files are
    // overwritten or removed, untracked files the target does not track are left alone.
    git_checkout_options options{};
    libgit2().git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
    options.checkout_strategy = GIT_CHECKOUT_FORCE;
    if (libgit2().git_checkout_tree(raw(), reinterpret_cast<const git_object*>(tree.get()),
                                    &options) != 0) {
        throw FailedError("cannot check out the files of " + commit + ": " + last_git_error() +
                              "; " + state + " and some files may already be changed",
                          "git reset --hard " + hex(old_head) + " puts the files back");
    }
    // 2. The index, exactly the target's tree (also drops what was staged).
    GitHandle<git_index> index;
    if (libgit2().git_repository_index(index.out(), raw()) != 0 ||
        libgit2().git_index_read_tree(index.get(), tree.get()) != 0 ||
        libgit2().git_index_write(index.get()) != 0) {
        throw FailedError("cannot write the git index for " + commit + ": " + last_git_error() +
                              "; the files are at " + commit + " but " + state,
                          "git reset --hard " + hex(old_head) + " puts the files back");
    }
    // 3. The branch, only if nobody moved it meanwhile; libgit2 writes `log_message` into the
    // reflogs of the branch and of HEAD, which stays attached to the branch.
    GitHandle<git_reference> moved;
    if (libgit2().git_reference_create_matching(moved.out(), raw(), branch.c_str(), &target, 1,
                                                &old_head, first_line(log_message).c_str()) != 0) {
        throw FailedError("cannot move " + branch + " to " + commit + ": " + last_git_error() +
                              "; the files are at " + commit + " but " + state,
                          "git reset --hard " + commit + " finishes the move, git reset --hard " +
                              hex(old_head) + " undoes it");
    }
    // 4. What a merge, revert or cherry-pick in progress left behind, as `git reset` clears.
    libgit2().git_repository_state_cleanup(raw());
    if (m_fast) {
        m_fast->forget();  // HEAD and the index are new
    }
}

void GitRepository::reset_hard(const std::string& commit, const std::string& log_message) {
    const auto [branch, old_head] = checked_out_branch(raw(), "reset to " + commit);
    // First, so the old HEAD stays reachable whatever fails next.
    GitHandle<git_reference> orig_head;
    if (libgit2().git_reference_create(orig_head.out(), raw(), "ORIG_HEAD", &old_head, 1,
                                       first_line(log_message).c_str()) != 0) {
        throw FailedError("cannot save the old HEAD in ORIG_HEAD: " + last_git_error() +
                          "; nothing was changed");
    }
    move_branch_to(commit, log_message);
}

std::string GitRepository::commit_tree_of(const std::string& tree_of, const std::string& message) {
    const auto [branch, head] = checked_out_branch(raw(), "commit");
    const GitHandle<git_tree> tree = tree_of_commit(raw(), tree_of);
    GitHandle<git_commit> parent;
    if (libgit2().git_commit_lookup(parent.out(), raw(), &head) != 0) {
        throw FailedError("cannot read HEAD's commit " + hex(head) + ": " + last_git_error());
    }
    GitHandle<git_signature> signature;
    const int signed_by = libgit2().git_signature_default(signature.out(), raw());
    if (signed_by == GIT_ENOTFOUND) {
        throw FailedError("git has no user.name and user.email to write the commit with",
                          "set them (git config user.name \"Your Name\" && git config "
                          "user.email you@example.com), then run the command again");
    }
    if (signed_by != 0) {
        throw FailedError("cannot read git's user.name and user.email: " + last_git_error());
    }
    const std::string text = message.ends_with('\n') ? message : message + "\n";
    const git_commit* parents[] = {parent.get()};
    git_oid created{};
    if (libgit2().git_commit_create(&created, raw(), nullptr, signature.get(), signature.get(),
                                    nullptr, text.c_str(), tree.get(), 1, parents) != 0) {
        throw FailedError("cannot write the commit: " + last_git_error() + "; nothing was changed");
    }
    std::string id = hex(created);
    move_branch_to(id, message);
    return id;
}

}  // namespace mig::vcs
