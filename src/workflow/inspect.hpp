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
