#include "workflow/sync.hpp"

#include "util/strings.hpp"
#include "workflow/backups.hpp"
#include "workflow/safety.hpp"
#include "workflow/sync_labels.hpp"
#include "workflow/sync_live_data_loss.hpp"
#include "workflow/sync_plan.hpp"
#include "workflow/sync_snapshot_plan.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

using sync_labels::heads_label;
using sync_labels::short_commit;
using sync_labels::sorted;

std::string plural(std::size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string loss_summary(const std::vector<DataLoss>& losses) {
    std::set<std::string> revisions;
    for (const DataLoss& loss : losses) {
        revisions.insert(loss.revision);
    }
    return "mig sync would drop data: " + plural(losses.size(), "statement") + " in the " +
           "downgrade of " +
           util::join(std::vector<std::string>(revisions.begin(), revisions.end()), ", ") +
           "; nothing was changed";
}

// Records each revision as it commits, for the failure message.
class RecordingObserver final : public runtime::StepObserver {
public:
    RecordingObserver(SyncObserver& inner, std::vector<std::string>& ids)
        : m_inner(inner), m_ids(ids) {}
    void run_started(const graph::Plan& plan) override { m_inner.run_started(plan); }
    void step_started(const graph::PlanStep& step, const graph::Revision& revision) override {
        m_inner.step_started(step, revision);
    }
    void step_finished(const graph::PlanStep& step, const graph::Revision& revision,
                       std::chrono::nanoseconds elapsed) override {
        m_ids.push_back(revision.id);
        m_inner.step_finished(step, revision, elapsed);
    }

private:
    SyncObserver& m_inner;
    std::vector<std::string>& m_ids;
};

void replay(Project& project, db::Database& database, SyncObserver& observer, SyncResult& result) {
    RecordingObserver recording(observer, result.step_ids);
    try {
        runtime::run_plan(database, project.scripts(), result.plan, project.run_context(),
                          recording);
    } catch (const Error& failure) {
        if (result.step_ids.empty()) {
            throw;  // nothing changed
        }
        throw FailedError(
            std::string(failure.what()) + "; the database stays at " +
                heads_label(database.current_heads()) + " after " +
                util::join(result.step_ids, ", "),
            failure.hint().empty() ? "fix it and run `mig sync` again" : failure.hint());
    }
}

// No database file, or one that mig never migrated: sync has nothing to bring along, and the
// post-checkout hook must never create one.
bool has_mig_tables(db::Database& database) {
    return !database.current_heads().empty() || !database.history().empty();
}

std::vector<std::string> checkout_heads_of(Project& project) {
    const graph::RevisionGraph& graph = project.scripts().graph();
    std::vector<std::string> heads;
    for (graph::RevisionGraph::Index head : graph.heads()) {
        heads.push_back(graph.at(head).id);
    }
    return sorted(std::move(heads));
}

// upgrade's refusal, with a hint for sync, which has no --allow-dirty: sync follows what the
// checkout records.
void check_committed(Project& project, const SyncOptions& options, SyncResult& result) {
    try {
        require_committed_migrations(project);
    } catch (const RefusedError& refusal) {
        const std::string hint = "commit them first (git add " +
                                 project.display(project.config().migrations_dir / "versions") +
                                 " && git commit), then run `mig sync` again";
        if (!options.dry_run) {
            throw RefusedError(refusal.what(), hint);
        }
        result.refusals.push_back(std::string(refusal.what()) + "; " + hint);
    }
}

}  // namespace

DataLossRefused::DataLossRefused(std::vector<DataLoss> losses, bool backed_up)
    : RefusedError(loss_summary(losses),
                   std::string(backed_up ? "run `mig sync --yes` to drop it anyway (the automatic "
                                           "backup keeps a copy), or save the data first"
                                         : "save the data first (mig takes no backup of this "
                                           "database), then run `mig sync --yes` to drop it") +
                       "; `mig sync --dry-run` shows the plan"),
      m_losses(std::move(losses)) {}

SyncResult sync(Project& project, const SyncOptions& options, SyncObserver& observer) {
    SyncResult result;
    result.database = project.database_url().redacted();
    const std::vector<std::string> checkout_heads = checkout_heads_of(project);  // parses first
    if (!has_mig_tables(*project.open_database(db::OpenMode::read_only))) {
        return result;  // no_database; checked before the lock, which would create .mig/
    }
    std::unique_ptr<db::MigrationLock> lock;
    if (!options.dry_run) {
        lock = project.lock_database();
    }
    auto database =
        project.open_database(options.dry_run ? db::OpenMode::read_only : db::OpenMode::read_write);
    // Read the version only once the lock is held: a concurrent run may just have moved it.
    const std::vector<std::string> heads = database->current_heads();
    project.add_recorded_revisions(*database);
    SyncPlan planned = plan_sync(project.scripts().graph(), heads, checkout_heads);
    result.plan = std::move(planned.plan);
    result.down_steps = planned.down_steps;
    if (result.plan.steps.empty()) {
        result.outcome = SyncOutcome::in_sync;
        return result;
    }
    // As upgrade refuses, but only when something would run: a database already in sync is
    // left alone whatever the work tree holds.
    check_committed(project, options, result);
    result.data_loss = find_plan_data_loss(project, *database, result.plan, result.down_steps);
    const SnapshotPlan snapshots = plan_snapshots(project, heads, checkout_heads);
    result.notes = snapshots.notes;
    result.restored = snapshots.restore;
    result.snapshot_for = snapshots.keep_for;
    if (options.dry_run) {
        result.outcome = SyncOutcome::planned;
        return result;
    }
    // A restore runs no downgrade: the database it replaces is kept as its own snapshot.
    if (!result.data_loss.empty() && !options.yes && !snapshots.restore) {
        throw DataLossRefused(result.data_loss,
                              project.config().backup && database->backups() != nullptr);
    }
    for (const std::string& note : result.notes) {
        observer.note(note);
    }
    result.backup = take_automatic_backup(project, *database, "sync", observer);
    const SnapshotStore store = snapshot_store(project);
    std::vector<fs::path> kept;
    if (snapshots.keep_for) {
        const std::vector<std::string> left_for =
            snapshots.restore ? checkout_heads : result.plan.heads_after;
        result.snapshot_taken =
            store.take(project.database_url().sqlite_path, *snapshots.keep_for, heads, left_for);
        kept.push_back(result.snapshot_taken->path);
        observer.note("Kept a snapshot of the database at " + heads_label(heads) + " for commit " +
                      short_commit(*snapshots.keep_for) + " in " +
                      project.display(store.directory()) + "/");
    }
    if (snapshots.restore) {
        restore_snapshot(project, *snapshots.restore);
        kept.push_back(snapshots.restore->path);
        result.outcome = SyncOutcome::restored;
    } else {
        replay(project, *database, observer, result);
        result.outcome = SyncOutcome::replayed;
    }
    if (snapshots.enabled) {
        store.prune(project.config().hooks_snapshot_keep, kept);
    }
    return result;
}

}  // namespace mig::workflow
