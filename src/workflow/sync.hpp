#pragma once

#include "db/backups.hpp"
#include "graph/plan.hpp"
#include "util/error.hpp"
#include "workflow/migrate.hpp"
#include "workflow/project.hpp"
#include "workflow/sync_data_loss.hpp"
#include "workflow/sync_snapshots.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

struct SyncOptions {
    bool dry_run = false;  // --dry-run: plan, list the refusals, change nothing
    bool yes = false;      // --yes: run downgrades that drop data
};

enum class SyncOutcome {
    no_database,  // no database file, or one without mig's tables: nothing to bring along
    in_sync,      // the database is at the checkout's heads already
    planned,      // --dry-run
    replayed,     // downgrades and upgrades ran
    restored,     // a snapshot was put back instead
};

struct SyncResult {
    SyncOutcome outcome = SyncOutcome::no_database;
    std::string database;  // redacted URL
    graph::Plan plan;      // down steps first (see SyncPlan)
    std::size_t down_steps = 0;
    std::vector<std::string> step_ids;  // revisions that ran, in order
    std::vector<DataLoss> data_loss;    // downgrades that drop data (run only with --yes)
    // --dry-run: what would refuse the sync (upgrade's uncommitted-files check), one line each.
    std::vector<std::string> refusals;
    std::optional<db::BackupInfo> backup;
    std::optional<std::string> snapshot_for;  // the commit the database's copy is kept under
    std::optional<Snapshot> snapshot_taken;   // that copy, once taken
    std::optional<Snapshot> restored;  // put back instead of replaying (or, dry run: would be)
    std::vector<std::string> notes;    // one line each: snapshot decisions worth knowing
};

// Refused (exit 3) because downgrades would drop data and --yes was not given; nothing ran.
// `backed_up`: whether `--yes` would take the automatic backup first (the hint says so only
// then: a server database, or `[database] backup = false`, gets none).
class DataLossRefused : public RefusedError {
public:
    DataLossRefused(std::vector<DataLoss> losses, bool backed_up);
    const std::vector<DataLoss>& losses() const { return m_losses; }

private:
    std::vector<DataLoss> m_losses;
};

// Told about the backup and each step (as upgrade), and about each note as it happens.
class SyncObserver : public MigrateObserver {
public:
    virtual void note(const std::string& /*line*/) {}
};

// `mig sync`: brings the database to the checked-out code. Under the migration lock: reverts,
// newest first, the applied revisions this checkout does not know (with the downgrade SQL
// mig_history stored when they were applied), then upgrades to the checkout's head(s), one
// transaction per revision, after the automatic backup, recording history rows as upgrade and
// downgrade do. Refuses (RefusedError, exit 3) what upgrade refuses (uncommitted revision
// files) and, unless options.yes, downgrades that drop data (DataLossRefused), before anything
// changes. With `[hooks] snapshots` (SQLite), keeps a copy of the database for the commit it
// belongs to first, and restores a snapshot instead of replaying when one matches (see
// sync_snapshots.hpp). A failing revision leaves the database as it was before that revision,
// with the ones before it done (FailedError saying where it stands).
SyncResult sync(Project& project, const SyncOptions& options, SyncObserver& observer);

}  // namespace mig::workflow
