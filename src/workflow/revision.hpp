#pragma once

#include "workflow/project.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

struct RevisionOptions {
    std::string message;
    std::optional<std::string> head;    // --head REV: build on this revision (`base`: a new root)
    std::optional<std::string> rev_id;  // --rev-id ID
    std::string upgrade_sql;            // empty for a hand-written revision
    std::string downgrade_sql;
    bool transactional = true;  // false: the file says `-- mig:transaction off`
};

struct RevisionResult {
    std::string id;
    std::vector<std::string> parents;
    std::filesystem::path file;
    bool starts_branch = false;  // the parent already had a child: the graph now has another head
};

// Writes a new revision file whose parent is the current head (or --head). Several heads
// without --head is a MultipleHeadsError suggesting --head or `mig merge`.
RevisionResult create_revision(Project& project, const RevisionOptions& options);

struct MergeOptions {
    std::string message;
    std::vector<std::string> revisions;  // targets; `heads` expands to every head
    std::optional<std::string> rev_id;
};

// Writes a merge revision joining `revisions` (at least two, none an ancestor of another).
RevisionResult merge_revisions(Project& project, const MergeOptions& options);

}  // namespace mig::workflow
