#include "workflow/rollback_plan.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <set>

namespace mig::workflow {

namespace {

constexpr std::size_t k_listed_files = 3;  // a refusal names this many files, then "and N more"

std::string quoted_commit(const vcs::CommitInfo& commit) {
    return commit.short_id + " \"" + commit.subject + "\"";
}

template <class T, class Describe>
std::string list_some(const std::vector<T>& items, Describe describe) {
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < items.size() && i < k_listed_files; ++i) {
        shown.push_back(describe(items[i]));
    }
    std::string text = util::join(shown, ", ");
    if (items.size() > k_listed_files) {
        text += " and " + std::to_string(items.size() - k_listed_files) + " more";
    }
    return text;
}

struct Head {
    std::string branch;
    std::string commit;
};

Head require_branch(const vcs::Repository& repository) {
    const vcs::HeadState head = repository.head();
    if (!head.commit) {
        throw RefusedError("the branch " + head.branch.value_or("HEAD") +
                               " has no commit yet, so no revision was committed on it",
                           "roll back only the database with `mig rollback --no-code`");
    }
    if (!head.branch) {
        throw RefusedError(
            "HEAD is detached at " + repository.commit(*head.commit).short_id +
                ": rollback moves a branch back, and no branch is checked out",
            "check out the branch the revisions were committed on (git switch NAME), or roll "
            "back only the database with `mig rollback --no-code`");
    }
    return {*head.branch, *head.commit};
}

void refuse_uncommitted_changes(const vcs::Repository& repository) {
    const std::vector<vcs::ChangedFile> changes = repository.tracked_changes();
    if (changes.empty()) {
        return;
    }
    throw RefusedError(
        "the work tree has uncommitted changes to tracked files (" +
            list_some(changes,
                      [](const vcs::ChangedFile& file) { return file.path + " " + file.state; }) +
            "), which moving the code would lose",
        "commit or stash them first (git stash), or roll back only the database with "
        "`mig rollback --no-code`");
}

void refuse_tracked_database(const vcs::Repository& repository,
                             const std::vector<std::string>& database_files) {
    for (const std::string& file : database_files) {
        if (repository.head_tracks(file)) {
            throw RefusedError("the database file " + file +
                                   " is tracked by git: moving the code would replace the "
                                   "rolled-back database with a committed copy",
                               "stop tracking it (git rm --cached " + file +
                                   ", and list it in .gitignore), or roll back only the database "
                                   "with `mig rollback --no-code`");
        }
    }
}

void refuse_uncommitted_revisions(const std::vector<AppliedRevision>& undone,
                                  const std::string& branch) {
    for (const AppliedRevision& revision : undone) {
        if (!revision.file.empty() && !revision.added_by) {
            throw RefusedError(
                "revision " + revision.id + " (" + revision.file +
                    ") was not added by any commit on " + branch +
                    " (applied with --allow-dirty?), so there is no commit to move the code to",
                "commit it first, or roll back only the database with `mig rollback --no-code`");
        }
    }
}

// HEAD's first-parent chain down to the earliest of `commits`, newest first.
std::vector<vcs::CommitInfo> first_parent_chain_to_earliest(const vcs::Repository& repository,
                                                            const std::string& head,
                                                            std::set<std::string> commits) {
    std::vector<vcs::CommitInfo> chain;
    std::string current = head;
    while (!commits.empty()) {
        vcs::CommitInfo info = repository.commit(current);
        commits.erase(info.id);
        const bool has_parent = !info.parents.empty();
        std::string parent = has_parent ? info.parents.front() : std::string();
        chain.push_back(std::move(info));
        if (!commits.empty() && !has_parent) {
            throw FailedError(
                "the commits that added the revision files (" +
                util::join(std::vector<std::string>(commits.begin(), commits.end()), ", ") +
                ") are not on HEAD's first-parent history");
        }
        current = parent;
    }
    return chain;
}

void refuse_merges(const std::vector<vcs::CommitInfo>& leaving) {
    for (const vcs::CommitInfo& commit : leaving) {
        if (commit.parents.size() > 1) {
            throw RefusedError(
                "commit " + quoted_commit(commit) +
                    " is a merge, and rollback does not move a branch back across a merge "
                    "(see docs/rollback.md)",
                "roll back only the database with `mig rollback --no-code`, then undo the code "
                "with `git revert -m 1 " +
                    commit.short_id + "`");
        }
    }
}

void refuse_losing_kept_revisions(const std::vector<AppliedRevision>& kept,
                                  const std::vector<vcs::CommitInfo>& leaving) {
    for (const AppliedRevision& revision : kept) {
        if (!revision.added_by) {
            continue;
        }
        auto commit = std::find_if(leaving.begin(), leaving.end(), [&](const vcs::CommitInfo& c) {
            return c.id == *revision.added_by;
        });
        if (commit != leaving.end()) {
            throw RefusedError(
                "revision " + revision.id + " stays applied, but the commit that added it, " +
                    quoted_commit(*commit) +
                    ", would leave the branch with the code: the database would be at a "
                    "revision the code does not have",
                "roll it back too (`mig rollback " + revision.id +
                    "-1`), or roll back only the database with `mig rollback --no-code`");
        }
    }
}

void refuse_overwriting_untracked(const vcs::Repository& repository,
                                  const vcs::CommitInfo& target) {
    const std::vector<std::string> files = repository.untracked_files_tracked_by(target.id);
    if (files.empty()) {
        return;
    }
    throw RefusedError(
        "untracked files would be overwritten by the code of " + quoted_commit(target) + " (" +
            list_some(files, [](const std::string& file) { return file; }) + ")",
        "move or delete them first, or roll back only the database with `mig rollback --no-code`");
}

std::vector<vcs::CommitInfo> pushed_commits(const vcs::Repository& repository,
                                            const std::vector<vcs::CommitInfo>& leaving,
                                            const std::string& upstream) {
    std::vector<vcs::CommitInfo> pushed;
    for (const vcs::CommitInfo& commit : leaving) {
        if (repository.is_ancestor(commit.id, upstream)) {
            pushed.push_back(commit);
        }
    }
    return pushed;
}

}  // namespace

CodePlan plan_code(const vcs::Repository& repository, const std::vector<AppliedRevision>& undone,
                   const std::vector<AppliedRevision>& kept, const CodeRequest& request) {
    const Head head = require_branch(repository);
    CodePlan plan;
    plan.branch = head.branch;
    plan.head = head.commit;
    refuse_uncommitted_changes(repository);
    refuse_tracked_database(repository, request.database_files);
    refuse_uncommitted_revisions(undone, head.branch);

    std::set<std::string> adding;
    for (const AppliedRevision& revision : undone) {
        if (revision.added_by) {
            adding.insert(*revision.added_by);
        }
    }
    if (adding.empty()) {
        plan.why_unchanged = undone.empty()
                                 ? "nothing is rolled back"
                                 : "none of the revisions rolled back was added on " + head.branch +
                                       " (their files are not in this checkout)";
        return plan;
    }
    plan.leaving = first_parent_chain_to_earliest(repository, head.commit, adding);
    const vcs::CommitInfo& earliest = plan.leaving.back();
    if (earliest.parents.empty()) {
        throw RefusedError("the revisions rolled back were added by " + quoted_commit(earliest) +
                               ", the first commit of the repository: there is no commit before "
                               "it to move the code to",
                           "roll back only the database with `mig rollback --no-code`");
    }
    refuse_merges(plan.leaving);
    refuse_losing_kept_revisions(kept, plan.leaving);
    plan.target = repository.commit(earliest.parents.front());
    refuse_overwriting_untracked(repository, *plan.target);

    plan.upstream = repository.upstream_name();
    if (std::optional<std::string> upstream = repository.upstream_commit()) {
        plan.pushed = pushed_commits(repository, plan.leaving, *upstream);
    }
    plan.action = request.revert ? CodeAction::revert : CodeAction::reset;
    if (!plan.pushed.empty() && plan.action == CodeAction::reset && !request.force) {
        throw RefusedError(
            "commit " + quoted_commit(plan.pushed.front()) + " is already on " +
                plan.upstream.value_or("the upstream") + ": moving " + head.branch +
                " back would rewrite published history",
            "add a commit that reverts it with `mig rollback --revert`, or reset anyway with "
            "`mig rollback --force`");
    }
    return plan;
}

}  // namespace mig::workflow
