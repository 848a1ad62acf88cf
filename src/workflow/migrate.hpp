#pragma once

#include "db/backups.hpp"
#include "graph/plan.hpp"
#include "runtime/runner.hpp"
#include "workflow/project.hpp"

#include <optional>
#include <string>

namespace mig::workflow {

struct MigrateOptions {
    std::string target;        // TARGET, or FROM:TO with `offline`
    bool offline = false;      // --sql: print the SQL, touch nothing
    bool backup = true;        // false with --no-backup
    bool allow_dirty = false;  // upgrade: --allow-dirty skips the uncommitted-migrations check
    // --one-transaction: every revision of the run in one transaction, all or nothing;
    // refused (exit 2, before anything runs) when a revision says `-- mig:transaction off`.
    bool one_transaction = false;
};

struct MigrateResult {
    graph::Plan plan;
    std::vector<std::string> step_ids;     // revision ids in the order they ran
    std::optional<db::BackupInfo> backup;  // the copy taken before running (SQLite)
    // The database has no backups inside mig (a server database): none was taken although
    // [database] backup asked for one.
    bool no_backup_available = false;
    std::string offline_sql;  // with --sql
    std::string database;     // the redacted URL
};

// Told about each step, and about the backup taken before the first one (or that the
// database has none to take).
class MigrateObserver : public runtime::StepObserver {
public:
    virtual void backup_taken(const db::BackupInfo& /*backup*/) {}
    // `database` (the redacted URL) has no backups inside mig, so none was taken.
    virtual void no_backup_available(const std::string& /*database*/) {}
    // [database] backup_command ran and succeeded, taking `seconds`.
    virtual void backup_command_ran(double /*seconds*/) {}
};

// `mig upgrade [TARGET=head]`: refused (exit 3) while revision files are not committed
// (see safety.hpp) unless allow_dirty; then applies the plan one revision per transaction under the
// migration lock, after an automatic backup (SQLite, when there is something to run).
// With `offline`, TARGET may be FROM:TO (FROM defaults to base); without a range the SQL starts
// from the database's revision (base when there is no database). Nothing is touched.
MigrateResult upgrade(Project& project, const MigrateOptions& options, MigrateObserver& observer);

// `mig downgrade [TARGET=-1]`: reverts applied revisions, children first. With `offline`,
// TARGET may be FROM:TO; without a range it starts from the database's current revision.
// Revisions whose files are not in this checkout are reverted with the downgrade SQL that
// mig_history recorded when they were applied.
MigrateResult downgrade(Project& project, const MigrateOptions& options, MigrateObserver& observer);

// The plan `upgrade` (direction up) or `downgrade` would run from `heads` to `target`, with
// their checks: a relative target must move in the command's direction (exit 2).
graph::Plan plan_migration(const graph::RevisionGraph& graph, graph::Direction direction,
                           const std::vector<std::string>& heads, const std::string& target);

// Runs `result.plan` (a downgrade plan made from `database`'s heads) as `downgrade` does:
// the automatic backup first, then one transaction per revision; fills result.step_ids and
// result.backup. The caller holds the migration lock. Shared with `mig rollback`.
void run_downgrade_plan(Project& project, db::Database& database, const MigrateOptions& options,
                        MigrateObserver& observer, MigrateResult& result);

}  // namespace mig::workflow
