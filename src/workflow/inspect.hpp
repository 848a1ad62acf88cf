#pragma once

#include "graph/revision.hpp"
#include "script/revision_script.hpp"
#include "workflow/project.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// A revision with its place in the graph, for the reading commands.
struct RevisionInfo {
    const graph::Revision* revision = nullptr;  // owned by the Project's graph
    std::vector<std::string> children;
    bool is_head = false;
    bool is_base = false;
    bool is_branch_point = false;
    bool is_merge_point = false;
    std::string file;  // relative to the project root
};

// `mig current`: the database's revision ids, sorted; empty for base. Never creates the database.
std::vector<std::string> current_revisions(Project& project);

// One revision the database is at, as its mig_history records it (read from the database
// alone, so that it works whatever the checkout holds).
struct CurrentRevision {
    std::string id;
    std::string message;                    // empty when no history row records the revision
    std::string applied_at;                 // UTC time of the last upgrade or stamp to it
    std::optional<std::string> git_commit;  // the commit it was applied from, when known
    bool dirty = false;                     // applied from a work tree with uncommitted changes
};

struct CurrentResult {
    std::string database;                    // the URL, password hidden
    std::vector<CurrentRevision> revisions;  // sorted by id; empty for base
};

// `mig current` with what the database records about each of its revisions.
CurrentResult current(Project& project);

// `mig heads`: every head, in file-name order.
std::vector<RevisionInfo> heads(Project& project);

// `mig history [-r A:B]`: newest first (children before parents). A range includes both
// ends; either end may be empty (base / heads), `current` (the database) or any TARGET;
// relative targets count from the head.
std::vector<RevisionInfo> history(Project& project, const std::optional<std::string>& range);

struct ShowResult {
    RevisionInfo info;
    script::RevisionScript script;
};

// `mig show REV`.
ShowResult show(Project& project, const std::string& target);

struct BranchInfo {
    RevisionInfo branch_point;
    std::vector<RevisionInfo> children;
};

// `mig branches`: every branch point with its children.
std::vector<BranchInfo> branches(Project& project);

}  // namespace mig::workflow
