#pragma once

#include "runtime/changed_revisions.hpp"
#include "vcs/repository.hpp"
#include "workflow/project.hpp"
#include "workflow/provenance.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

struct RevisionSummary {
    std::string id;
    std::string message;
};

// Whether the model and the migrations' head schema agree, from what is cached.
struct ModelDrift {
    enum class State { none, differs, unknown };
    State state = State::unknown;
    std::vector<std::string> differences;  // with `differs`: one line each, as `mig check`
    std::string why_unknown;               // with `unknown`: why, and what to run
};

// `mig status`: one screen on where the database, the code and git stand.
struct StatusReport {
    std::string database;  // the redacted URL
    bool database_exists = false;
    // The database's revisions with where each was applied from (mig_history).
    std::vector<AppliedFrom> current;
    // Of `current`, those this checkout does not have.
    std::vector<std::string> unknown_revisions;
    // One line for each of `current` applied from a commit outside HEAD's history.
    std::vector<std::string> applied_elsewhere;
    std::vector<RevisionSummary> code_heads;
    // What `mig upgrade heads` would apply; empty when the database is at a revision this
    // checkout does not know (see unknown_revisions).
    std::vector<RevisionSummary> pending;
    std::vector<vcs::ChangedFile> uncommitted;      // revision files not committed (paths: display)
    std::vector<runtime::ChangedRevision> changed;  // applied revisions edited since
    ModelDrift drift;
    std::string hooks = "not installed";
    bool in_git = false;
    vcs::HeadState head;  // with in_git
};

// Gathers the report, reading only: the database is opened read-only and never created,
// nothing is replayed (drift comes from the cache, or is unknown), git is only read.
// InputError (exit 2) for a broken configuration or revision graph.
StatusReport status(Project& project);

}  // namespace mig::workflow
