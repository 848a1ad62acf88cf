#pragma once

#include "vcs/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// An applied revision as rollback sees it: the one it reverts, or one that stays applied.
struct AppliedRevision {
    std::string id;
    std::string message;
    // The script's path relative to the work tree root (`/` separators); empty when the file
    // is not in this checkout (it is reverted with the SQL mig_history stored).
    std::string file;
    // The commit on HEAD's first-parent history that added `file`; nullopt: none did (the file
    // was never committed on this branch).
    std::optional<std::string> added_by;
    // The downgrade's `-- mig:destructive` marks, "line N: reason".
    std::vector<std::string> destructive;
};

enum class CodeAction {
    none,    // the code stays where it is
    reset,   // the branch moves back to `target` (git reset --hard)
    revert,  // one new commit on top whose tree is `target`'s (--revert)
};

// Where `mig rollback` moves the code.
struct CodePlan {
    CodeAction action = CodeAction::none;
    std::string why_unchanged;              // for none: why, in a sentence
    std::string branch;                     // the checked-out branch
    std::string head;                       // its commit before the rollback
    std::optional<vcs::CommitInfo> target;  // the commit whose tree the code gets
    std::vector<vcs::CommitInfo> leaving;   // newest first: the commits undone
    std::optional<std::string> upstream;    // the branch's upstream, e.g. "origin/main"
    std::vector<vcs::CommitInfo> pushed;    // those of `leaving` already on the upstream
};

struct CodeRequest {
    bool revert = false;  // --revert: undo pushed history with a new commit
    bool force = false;   // --force: reset even though commits are on the upstream
    // The database's own files (SQLite: the file, its journal and WAL), relative to the work
    // tree root: a reset must never replace them with a committed copy.
    std::vector<std::string> database_files;
};

// Decides where the code goes when `undone` are reverted and `kept` stay applied, reading git
// through `repository` only (so every decision is unit-tested against a fake). Every refusal
// is a RefusedError (exit 3) thrown before anything changes, naming the alternative:
//   - HEAD detached, or on a branch with no commit;
//   - tracked files modified or staged (a reset would lose them);
//   - the database file tracked by git (the reset would put a committed copy in its place);
//   - a revision file in the checkout that no commit on HEAD's first-parent history added
//     (applied with --allow-dirty, or never committed);
//   - a revision added by the root commit (there is no commit before it);
//   - a merge commit among those that would leave the branch;
//   - a revision that stays applied but whose adding commit would leave the branch (the code
//     would lose a revision the database keeps);
//   - untracked files that the target commit tracks (the reset would overwrite them);
//   - commits that would leave the branch already on its upstream, unless `force` or `revert`.
// The code goes to the first parent of the earliest commit that added one of `undone`'s files;
// when none of them was added on this branch (their files are not in the checkout), it stays.
CodePlan plan_code(const vcs::Repository& repository, const std::vector<AppliedRevision>& undone,
                   const std::vector<AppliedRevision>& kept, const CodeRequest& request);

}  // namespace mig::workflow
