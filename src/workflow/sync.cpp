#include "workflow/sync.hpp"

#include "db/sqlite_reader.hpp"
#include "schema/identifier.hpp"
#include "util/strings.hpp"
#include "workflow/safety.hpp"
#include "workflow/snapshot.hpp"
#include "workflow/sync_plan.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr int k_busy_timeout_ms = 5000;
// How many earlier checkouts are searched for the commit the database belongs to.
constexpr int k_checkouts_searched = 10;

std::string heads_label(const std::vector<std::string>& heads) {
    return heads.empty() ? std::string("<base>") : util::join(heads, " ");
}

std::string short_commit(const std::string& commit) {
    return commit.substr(0, 12);
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

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

// The database's rows per table, read through a connection of its own (SQLite).
class SqliteRowCounter {
public:
    explicit SqliteRowCounter(const fs::path& file)
        : m_database(db::open_for_reading(file, k_busy_timeout_ms)) {}

    std::optional<long long> operator()(const std::string& schema_name, const std::string& table) {
        const std::string schema_sql =
            schema::quoted_identifier(schema_name.empty() ? "main" : schema_name);
        try {
            SQLite::Statement find(*m_database, "SELECT name FROM " + schema_sql +
                                                    ".sqlite_master WHERE type = 'table' AND "
                                                    "name = ?1 COLLATE NOCASE");
            find.bind(1, table);
            if (!find.executeStep()) {
                return std::nullopt;
            }
            SQLite::Statement count(*m_database,
                                    "SELECT count(*) FROM " + schema_sql + "." +
                                        schema::quoted_identifier(find.getColumn(0).getString()));
            count.executeStep();
            return count.getColumn(0).getInt64();
        } catch (const SQLite::Exception& error) {
            spdlog::debug("cannot count the rows of {}: {}", table, error.what());
            return std::nullopt;  // an unknown schema: the statement would fail anyway
        }
    }

private:
    std::unique_ptr<SQLite::Database> m_database;
};

std::vector<DataLoss> find_plan_data_loss(Project& project, db::Database& database,
                                          const graph::Plan& plan, std::size_t down_steps) {
    if (down_steps == 0 || !project.is_sqlite()) {
        return {};  // only SQLite databases exist so far; others need their own counter
    }
    SqliteRowCounter counter(project.database_url().sqlite_path);
    const RowCounter rows = [&](const std::string& schema_name, const std::string& table) {
        return counter(schema_name, table);
    };
    const script::ScriptDirectory& scripts = project.scripts();
    std::vector<DataLoss> losses;
    for (std::size_t i = 0; i < down_steps; ++i) {
        const graph::PlanStep& step = plan.steps[i];
        const script::Section& section = scripts.script(step.revision).downgrade;
        for (DataLoss& loss :
             find_data_loss(scripts.graph().at(step.revision).id,
                            database.dialect().split(section.sql, section.first_line), rows)) {
            losses.push_back(std::move(loss));
        }
    }
    return losses;
}

// The heads of the revision graph a commit holds; nullopt when it cannot be read.
std::optional<std::vector<std::string>> heads_at_commit(const Project& project,
                                                        const std::string& commit) {
    try {
        RevisionsAtCommit at = revisions_at_commit(project, commit);
        std::vector<graph::Revision> revisions;
        for (const script::RevisionScript& script : at.scripts) {
            revisions.push_back(script.revision);
        }
        const graph::RevisionGraph graph = graph::RevisionGraph::build(std::move(revisions));
        std::vector<std::string> heads;
        for (graph::RevisionGraph::Index head : graph.heads()) {
            heads.push_back(graph.at(head).id);
        }
        return sorted(std::move(heads));
    } catch (const Error& error) {
        spdlog::debug("cannot read the revisions of {}: {}", commit, error.what());
        return std::nullopt;
    }
}

// The commit the database belongs to: of the branches (or detached commits) checked out before
// this one, newest first (git's `@{-1}`, `@{-2}`..., read from HEAD's reflog; a branch is
// taken at its tip), the first whose revisions' heads are the database's. A database at what
// that commit wants was last in sync with it, so its rows are that commit's. nullopt when no
// recent checkout qualifies (then no snapshot is kept).
std::optional<std::string> database_commit(const Project& project,
                                           const std::vector<std::string>& database_heads) {
    vcs::GitRepository* repository = project.git();
    if (repository == nullptr) {
        return std::nullopt;
    }
    const std::vector<std::string> wanted = sorted(database_heads);
    std::set<std::string> tried;
    for (int n = 1; n <= k_checkouts_searched; ++n) {
        std::string commit;
        try {
            commit = repository->resolve_commit("@{-" + std::to_string(n) + "}");
        } catch (const Error& error) {
            spdlog::debug("@{{-{}}}: {}", n, error.what());
            break;  // no earlier checkout (or no reflog)
        }
        spdlog::debug("@{{-{}}} is {}", n, commit);
        if (tried.insert(commit).second && heads_at_commit(project, commit) == wanted) {
            return commit;
        }
    }
    return std::nullopt;
}

// What the snapshots decide for this sync, before anything changes.
struct SnapshotPlan {
    bool enabled = false;
    std::optional<std::string> keep_for;  // the commit to keep the database's copy under
    std::optional<Snapshot> restore;
};

SnapshotPlan plan_snapshots(Project& project, const std::vector<std::string>& database_heads,
                            const std::vector<std::string>& checkout_heads, SyncResult& result) {
    SnapshotPlan plan;
    if (!project.config().hooks_snapshots) {
        return plan;
    }
    if (!project.is_sqlite()) {
        result.notes.push_back("[hooks] snapshots are kept for SQLite databases only; " +
                               result.database + " is synced without them");
        return plan;
    }
    const vcs::GitRepository* repository = project.git();
    const std::optional<std::string> head = repository ? repository->head_commit() : std::nullopt;
    if (!head) {
        result.notes.push_back(
            "[hooks] snapshots are kept per git commit, and there is none here; synced without");
        return plan;
    }
    plan.enabled = true;
    SnapshotStore store(project.config().root / ".mig" / "snapshots");
    SnapshotChoice choice = choose_snapshot(store.list(), *head, checkout_heads, database_heads);
    if (choice.restore && SnapshotStore::heads_in(choice.restore->path) != sorted(checkout_heads)) {
        result.notes.push_back("the snapshot " + project.display(choice.restore->path) +
                               " does not hold the revisions its name says; replaying instead");
        choice.restore.reset();
    }
    if (choice.not_restored) {
        result.notes.push_back(
            "not restoring the snapshot of commit " + short_commit(*head) +
            ": the database is no longer where the sync that took it left it (now at " +
            heads_label(database_heads) + "); replaying instead");
    }
    plan.keep_for = database_commit(project, database_heads);
    if (!plan.keep_for) {
        result.notes.push_back("no snapshot of the database at " + heads_label(database_heads) +
                               " is kept: none of the last " +
                               std::to_string(k_checkouts_searched) +
                               " branches checked out has those revisions");
    }
    // A restore overwrites the database: only when a copy of it is kept first.
    if (choice.restore && !plan.keep_for && !project.config().backup) {
        result.notes.push_back("not restoring the snapshot of commit " + short_commit(*head) +
                               ": the database could be kept neither as a snapshot nor as a "
                               "backup ([database] backup = false); replaying instead");
        choice.restore.reset();
    }
    plan.restore = choice.restore;
    return plan;
}

std::optional<db::BackupInfo> take_backup(const Project& project) {
    if (!project.is_sqlite() || !project.config().backup) {
        return std::nullopt;
    }
    db::SqliteBackups backups(project.database_url().sqlite_path);
    return backups.create("sync", project.config().backup_keep);
}

void restore_snapshot(const Project& project, const Snapshot& snapshot) {
    db::BackupInfo copy;
    copy.name = snapshot.path.filename().string();
    copy.path = snapshot.path;
    try {
        db::SqliteBackups(project.database_url().sqlite_path).restore(copy);
    } catch (const Error& failure) {
        throw FailedError(failure.what(), "run `mig sync` again");
    }
}

// Records each revision as it commits, for the failure message.
class RecordingObserver final : public runtime::StepObserver {
public:
    RecordingObserver(SyncObserver& inner, std::vector<std::string>& ids)
        : m_inner(inner), m_ids(ids) {}
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

DataLossRefused::DataLossRefused(std::vector<DataLoss> losses)
    : RefusedError(loss_summary(losses),
                   "run `mig sync --yes` to drop it anyway (the automatic backup keeps a copy), "
                   "or save the data first; `mig sync --dry-run` shows the plan"),
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
        lock = project.open_database(db::OpenMode::read_only)->lock(project.config().lock_timeout);
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
    const SnapshotPlan snapshots = plan_snapshots(project, heads, checkout_heads, result);
    result.restored = snapshots.restore;
    result.snapshot_for = snapshots.keep_for;
    if (options.dry_run) {
        result.outcome = SyncOutcome::planned;
        return result;
    }
    for (const std::string& note : result.notes) {
        observer.note(note);
    }
    // A restore runs no downgrade: the database it replaces is kept as its own snapshot.
    if (!result.data_loss.empty() && !options.yes && !snapshots.restore) {
        throw DataLossRefused(result.data_loss);
    }
    result.backup = take_backup(project);
    if (result.backup) {
        observer.backup_taken(*result.backup);
    }
    SnapshotStore store(project.config().root / ".mig" / "snapshots");
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
