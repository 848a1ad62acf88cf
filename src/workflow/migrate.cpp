#include "workflow/migrate.hpp"

#include "graph/target.hpp"
#include "runtime/changed_revisions.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "workflow/backups.hpp"
#include "workflow/provenance.hpp"
#include "workflow/safety.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

using graph::Direction;
using Index = graph::RevisionGraph::Index;

struct Range {
    std::optional<std::string> from;  // nullopt: no range given
    std::string to;
};

Range split_range(const std::string& target, bool offline) {
    auto colon = target.find(':');
    if (colon == std::string::npos) {
        return {std::nullopt, target};
    }
    if (!offline) {
        throw InputError("the range '" + target + "' only works with --sql",
                         "give a single TARGET, or add --sql to print the SQL for FROM:TO");
    }
    return {target.substr(0, colon), target.substr(colon + 1)};
}

MigrateResult run_offline(Project& project, Direction direction, const Range& range,
                          bool one_transaction) {
    std::vector<std::string> from;
    if (range.from) {
        const graph::RevisionGraph& graph = project.scripts().graph();
        from = graph::normalise_heads(graph, graph::resolve_target(graph, *range.from, {}));
        graph::require_range_direction(
            graph, direction, *range.from + ":" + range.to, from,
            graph::resolve_target(graph, range.to, graph::current_indices(graph, from)));
    } else {
        // What the command would run now: from the live version (base when there is no
        // database; a read-only open never creates one). Reading it is harmless; the SQL
        // itself is only printed.
        auto database = project.open_database(db::OpenMode::read_only);
        from = database->current_heads();
        if (direction == Direction::down) {
            project.add_recorded_revisions(*database);
        }
    }
    MigrateResult result;
    result.database = project.database_url().redacted();
    result.plan = plan_migration(project.scripts().graph(), direction, from, range.to);
    // Offline: no connection, only the dialect.
    auto dialect =
        dialect::make_dialect(project.database_url().scheme, {project.connection_options().schema});
    result.offline_sql =
        runtime::render_offline(*dialect, project.scripts(), result.plan, project.run_context(),
                                one_transaction ? runtime::Transactions::one_for_the_run
                                                : runtime::Transactions::per_revision);
    return result;
}

// Removes a database that this run's open created (Database::discard_created: SQLite's new
// file) when nothing was committed to it, so a failed first upgrade leaves nothing behind.
class CreatedDatabaseGuard {
public:
    explicit CreatedDatabaseGuard(db::Database& database) : m_database(database) {}
    ~CreatedDatabaseGuard() {
        if (!m_committed) {
            m_database.discard_created();
        }
    }
    CreatedDatabaseGuard(const CreatedDatabaseGuard&) = delete;
    CreatedDatabaseGuard& operator=(const CreatedDatabaseGuard&) = delete;

    void committed() { m_committed = true; }

private:
    db::Database& m_database;
    bool m_committed = false;
};

// Counts finished steps (committed ones, unless the whole run is one transaction, which
// commits only when run_plan returns), so the guard knows whether the new file holds anything.
class CountingObserver final : public runtime::StepObserver {
public:
    CountingObserver(MigrateObserver& inner, CreatedDatabaseGuard* guard,
                     std::vector<std::string>& ids)
        : m_inner(inner), m_guard(guard), m_ids(ids) {}
    void run_started(const graph::Plan& plan) override { m_inner.run_started(plan); }
    void step_started(const graph::PlanStep& step, const graph::Revision& revision) override {
        m_inner.step_started(step, revision);
    }
    void step_finished(const graph::PlanStep& step, const graph::Revision& revision,
                       std::chrono::nanoseconds elapsed) override {
        if (m_guard != nullptr) {
            m_guard->committed();
        }
        m_ids.push_back(revision.id);
        m_inner.step_finished(step, revision, elapsed);
    }

private:
    MigrateObserver& m_inner;
    CreatedDatabaseGuard* m_guard;  // nullptr: the steps commit together, at the end
    std::vector<std::string>& m_ids;
};

// Passes the backup news on, and notes in the result that there was no backup to take.
class BackupNews final : public MigrateObserver {
public:
    BackupNews(MigrateObserver& inner, MigrateResult& result) : m_inner(inner), m_result(result) {}
    void backup_taken(const db::BackupInfo& backup) override { m_inner.backup_taken(backup); }
    void no_backup_available(const std::string& database) override {
        m_result.no_backup_available = true;
        m_inner.no_backup_available(database);
    }
    void backup_command_ran(double seconds) override { m_inner.backup_command_ran(seconds); }

private:
    MigrateObserver& m_inner;
    MigrateResult& m_result;
};

// A database migrated from another branch (its revision's recorded commit is not in HEAD's
// history): one line naming where it came from and what to run, before planning, because a
// revision this checkout lacks is what makes the plan fail next.
void warn_about_revisions_applied_elsewhere(Project& project, const std::vector<std::string>& heads,
                                            const std::vector<db::HistoryEntry>& history) {
    vcs::GitRepository* repository = project.git();
    if (heads.empty() || repository == nullptr) {
        return;
    }
    for (const AppliedFrom& from : applied_from(repository, heads, history)) {
        if (!from.in_head_history) {
            spdlog::warn("{}",
                         describe_applied_elsewhere(from, history, project.scripts().graph()));
        }
    }
}

// An applied revision edited since (Flyway's validate): a warning, not an error, because
// the database is fine; it is the other databases that will never see the edit.
void warn_about_changed_revisions(Project& project, const std::vector<std::string>& heads,
                                  const std::vector<db::HistoryEntry>& history) {
    if (heads.empty()) {
        return;  // nothing applied: no history worth reading
    }
    for (const auto& changed : runtime::find_changed_revisions(project.scripts(), heads, history)) {
        spdlog::warn("{}", runtime::describe_changed_revision(changed, project.config().root));
    }
}

void run_plan_with_backup(Project& project, db::Database& database, Direction direction,
                          const MigrateOptions& options, CreatedDatabaseGuard& guard,
                          MigrateObserver& observer, MigrateResult& result) {
    if (result.plan.steps.empty()) {
        return;
    }
    const runtime::RunContext context = project.run_context();
    const runtime::Transactions transactions = options.one_transaction
                                                   ? runtime::Transactions::one_for_the_run
                                                   : runtime::Transactions::per_revision;
    if (options.one_transaction) {  // refused before the backup: nothing happens at all
        runtime::require_one_transaction_possible(project.scripts(), result.plan, context);
    }
    if (options.backup) {
        BackupNews told(observer, result);
        result.backup = take_automatic_backup(
            project, database, direction == Direction::up ? "upgrade" : "downgrade", told);
    }
    CountingObserver counting(observer, options.one_transaction ? nullptr : &guard,
                              result.step_ids);
    runtime::run_plan(database, project.scripts(), result.plan, context, counting, transactions);
    guard.committed();
}

MigrateResult run_online(Project& project, Direction direction, const MigrateOptions& options,
                         const Range& range, MigrateObserver& observer) {
    project.scripts();  // parse errors before touching the database
    if (direction == Direction::up && !options.allow_dirty) {
        require_committed_migrations(project);
    }
    // The lock comes first: whether this run creates the database file can only be decided
    // once no other run can be creating it at the same moment.
    spdlog::debug("waiting for the migration lock of {}", project.database_url().redacted());
    auto lock = project.lock_database();
    auto database = project.open_database(db::OpenMode::read_write);
    CreatedDatabaseGuard guard(*database);

    MigrateResult result;
    result.database = project.database_url().redacted();
    if (direction == Direction::down) {
        project.add_recorded_revisions(*database);
    }
    const script::ScriptDirectory& scripts = project.scripts();
    // Read the version only once the lock is held: a concurrent run may just have moved it.
    const std::vector<std::string> heads = database->current_heads();
    std::vector<db::HistoryEntry> history;
    if (direction == Direction::up && !heads.empty()) {
        history = database->history();  // read once for both warnings
        warn_about_revisions_applied_elsewhere(project, heads, history);
    }
    result.plan = plan_migration(scripts.graph(), direction, heads, range.to);
    if (direction == Direction::up) {
        warn_about_changed_revisions(project, heads, history);
    }
    run_plan_with_backup(project, *database, direction, options, guard, observer, result);
    return result;
}

MigrateResult migrate(Project& project, Direction direction, const MigrateOptions& options,
                      MigrateObserver& observer) {
    Range range = split_range(options.target, options.offline);
    if (options.offline) {
        return run_offline(project, direction, range, options.one_transaction);
    }
    return run_online(project, direction, options, range, observer);
}

}  // namespace

graph::Plan plan_migration(const graph::RevisionGraph& graph, Direction direction,
                           const std::vector<std::string>& heads, const std::string& target) {
    graph::require_relative_sign(direction, target);  // never `upgrade -1`
    std::vector<Index> current = graph::current_indices(graph, heads);
    std::vector<Index> targets = graph::resolve_target(graph, target, current);
    graph::require_direction(graph, direction, target, heads, targets);
    return direction == Direction::up ? graph::plan_upgrade(graph, heads, targets)
                                      : graph::plan_downgrade(graph, heads, targets);
}

void run_downgrade_plan(Project& project, db::Database& database, const MigrateOptions& options,
                        MigrateObserver& observer, MigrateResult& result) {
    CreatedDatabaseGuard guard(database);  // the database exists: the guard never removes it
    run_plan_with_backup(project, database, Direction::down, options, guard, observer, result);
}

MigrateResult upgrade(Project& project, const MigrateOptions& options, MigrateObserver& observer) {
    return migrate(project, Direction::up, options, observer);
}

MigrateResult downgrade(Project& project, const MigrateOptions& options,
                        MigrateObserver& observer) {
    return migrate(project, Direction::down, options, observer);
}

}  // namespace mig::workflow
