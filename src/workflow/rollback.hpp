#pragma once

#include "db/backups.hpp"
#include "graph/plan.hpp"
#include "vcs/repository.hpp"
#include "workflow/migrate.hpp"
#include "workflow/project.hpp"
#include "workflow/rollback_plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

struct RollbackOptions {
    std::string target = "-1";  // as for downgrade
    bool dry_run = false;       // print the plan, change nothing
    bool revert = false;        // move the code with a new commit instead of a reset
    bool force = false;         // reset even though commits are on the upstream
    bool no_code = false;       // the database only
    bool backup = true;         // the automatic SQLite backup before the downgrade
};

struct RollbackResult {
    std::string database;                 // the redacted URL
    graph::Plan plan;                     // the database's downgrade
    std::vector<AppliedRevision> undone;  // in the order they are reverted (children first)
    bool in_git = true;                   // false: no repository, the code is not considered
    CodePlan code;
    bool executed = false;                  // false with dry_run
    std::vector<std::string> step_ids;      // the revisions reverted, in order
    std::optional<db::BackupInfo> backup;   // SQLite: the copy taken before the downgrade
    std::string recovery_ref;               // refs/mig/rollback/<UTC time>: the old HEAD
    std::optional<std::string> new_commit;  // --revert: the commit made
};

// `mig rollback [TARGET=-1]`: the database goes down to TARGET (the plan `downgrade` makes)
// and the code goes back with it, to the commit before the earliest commit that added one of
// the revisions reverted (see plan_code for the code's plan and every refusal). In order:
// the migration lock; the whole plan and every refusal (RefusedError, nothing changed); with
// dry_run, return the plan; the downgrade (backup first); the old HEAD saved under
// refs/mig/rollback/<UTC time>; the reset (or, with `revert`, the reverting commit).
// A failure after the downgrade is a FailedError saying what state the database and the code
// are in and the commands that finish or undo it. `repository` is nullptr outside git: then
// only the database moves.
RollbackResult rollback(Project& project, vcs::Repository* repository,
                        const RollbackOptions& options, MigrateObserver& observer);

}  // namespace mig::workflow
