#pragma once

#include "db/database.hpp"
#include "graph/revision_graph.hpp"
#include "vcs/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// Where one of the database's current revisions was applied from, as mig_history recorded it.
struct AppliedFrom {
    std::string revision;
    std::string message;                // the revision's message (mig_history's record)
    std::string applied_at;             // of the latest upgrade or stamp row; empty: no row
    std::optional<std::string> commit;  // the git commit recorded then (nullopt: outside git)
    bool dirty = false;                 // the work tree had uncommitted changes then
    // False when `commit` is not HEAD or one of its ancestors: the database was migrated from
    // another branch (or from code newer than this checkout). True when it cannot be told
    // (no commit recorded, no repository, no HEAD).
    bool in_head_history = true;
    std::optional<vcs::CommitInfo> commit_info;  // nullopt when this repository lacks it
    std::vector<std::string> branches;           // local branches holding the commit, sorted
};

// For each of `heads`, where it was applied from, and whether that is in HEAD's history.
// `repository` may be nullptr (outside git): then nothing is out of history.
std::vector<AppliedFrom> applied_from(const vcs::Repository* repository,
                                      const std::vector<std::string>& heads,
                                      const std::vector<db::HistoryEntry>& history);

// One line for a revision applied from outside HEAD's history: the revision, the branch (or
// the commit's short id and subject) it came from, and what to run, given the checkout's
// graph (to name the downgrade target that brings the database back to known revisions).
std::string describe_applied_elsewhere(const AppliedFrom& from,
                                       const std::vector<db::HistoryEntry>& history,
                                       const graph::RevisionGraph& checkout);

}  // namespace mig::workflow
