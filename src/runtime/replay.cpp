#include "runtime/replay.hpp"

#include "db/schema_loader.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "graph/plan.hpp"
#include "graph/target.hpp"
#include "runtime/replay_cache.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace mig::runtime {

namespace {

using dialect::Statement;
using Index = graph::RevisionGraph::Index;

// Bump when replay starts producing different schemas from the same files.
constexpr std::string_view k_replay_version = "mig-replay 2";

bool in_transaction(SQLite::Database& database) {
    return sqlite3_get_autocommit(database.getHandle()) == 0;
}

// Runs the upgrade sections of a plan on one connection, turning failures into ReplayErrors.
class Replayer {
public:
    Replayer(SQLite::Database& database, const script::ScriptDirectory& scripts,
             const ReplayOptions& options)
        : m_database(database), m_scripts(scripts), m_options(options) {}

    // Applies plan.steps[first...] (the earlier ones are already in the database).
    void run(const graph::Plan& plan, std::size_t first = 0) {
        const ReplayReport report(m_options.observer, m_scripts.graph(), plan.steps.size());
        for (std::size_t i = first; i < plan.steps.size(); ++i) {
            const Index revision = plan.steps[i].revision;
            report.revision_started(i + 1, revision);
            apply(revision);
        }
        end_transaction();
    }

private:
    void apply(Index index) {
        m_revision = index;
        const script::RevisionScript& script = m_scripts.script(index);
        const std::vector<Statement> statements =
            m_dialect.split(script.upgrade.sql, script.upgrade.first_line);
        try {
            if (script.transactional) {
                apply_in_transaction(statements);
            } else {
                apply_as_written(statements);
            }
            // The runner restores the connection after each step: a script's
            // `PRAGMA legacy_alter_table` must not change how later revisions run.
            m_database.exec("PRAGMA legacy_alter_table = OFF");
        } catch (const SQLite::Exception& error) {
            throw failure(0, 0, error.what());
        }
    }

    void apply_in_transaction(const std::vector<Statement>& statements) {
        if (!in_transaction(m_database)) {
            m_database.exec("BEGIN");
        }
        for (const Statement& statement : statements) {
            // The same policy as the runner: mig owns the transaction.
            const dialect::StatementAction action = m_dialect.action(statement, true);
            if (action.kind == dialect::StatementAction::Kind::skip) {
                continue;
            }
            if (action.kind == dialect::StatementAction::Kind::refuse) {
                throw failure(statement, ": " + action.reason);
            }
            execute(statement);
            if (!in_transaction(m_database)) {
                throw failure(statement, " ended mig's transaction");
            }
        }
    }

    // `-- mig:transaction off`: the statements may be ones a transaction forbids (VACUUM).
    void apply_as_written(const std::vector<Statement>& statements) {
        end_transaction();
        for (const Statement& statement : statements) {
            const dialect::StatementAction action = m_dialect.action(statement, false);
            if (action.kind == dialect::StatementAction::Kind::refuse) {
                throw failure(statement, ": " + action.reason);
            }
            execute(statement);
        }
        if (in_transaction(m_database)) {
            m_database.exec("ROLLBACK");
            throw failure(0, 0, "the script left a transaction open (BEGIN without COMMIT)");
        }
        m_database.exec("PRAGMA foreign_keys = OFF");  // whatever the script set
    }

    void execute(const Statement& statement) {
        try {
            m_database.exec(statement.sql);
        } catch (const SQLite::Exception& error) {
            throw failure(statement, std::string(" failed: ") + error.what());
        }
    }

    void end_transaction() {
        if (in_transaction(m_database)) {
            m_database.exec("COMMIT");
        }
    }

    std::string file() const {
        const std::string& path = m_scripts.graph().at(m_revision).path;
        return path.empty() ? "no file in this checkout"
                            : util::display_path(path, m_options.display_base);
    }

    ReplayError failure(const Statement& statement, const std::string& what) const {
        return failure(statement.number, statement.line,
                       "statement " + std::to_string(statement.number) + " at line " +
                           std::to_string(statement.line) + what);
    }

    ReplayError failure(int number, int line, const std::string& what) const {
        const std::string& id = m_scripts.graph().at(m_revision).id;
        std::string hint =
            (number > 0 ? "fix statement " + std::to_string(number) : std::string("fix it")) +
            " in " + file() +
            ": to know the migrations' head schema, mig replays every revision from base on "
            "an empty database";
        return ReplayError(
            "cannot replay the migrations: revision " + id + " (" + file() + "): " + what,
            std::move(hint), id, file(), number, line);
    }

    SQLite::Database& m_database;
    const script::ScriptDirectory& m_scripts;
    const ReplayOptions& m_options;
    dialect::SqliteDialect m_dialect;
    Index m_revision = 0;
};

// Names exactly what a replay depends on: which revisions, in which order, with which bytes,
// run by which SQLite (ALTER TABLE rewrites the stored SQL, and versions differ). One key per
// prefix of the plan (the digest of the sequence so far), so a cached prefix can be replayed
// on from: after a new revision, only that one runs. `every_prefix` false: the last key only.
std::vector<std::string> prefix_keys(const script::ScriptDirectory& scripts,
                                     const graph::Plan& plan, bool every_prefix = true) {
    util::Sha256 sequence;
    sequence.update(k_replay_version);
    sequence.update("\nsqlite ");
    sequence.update(sqlite3_libversion());
    std::vector<std::string> keys;
    keys.reserve(every_prefix ? plan.steps.size() : 1);
    std::string step_text;
    for (const graph::PlanStep& step : plan.steps) {
        step_text = '\n';
        step_text += scripts.graph().at(step.revision).id;
        step_text += ' ';
        step_text += scripts.checksum(step.revision);
        sequence.update(step_text);
        if (every_prefix) {
            keys.push_back(sequence.hex());
        }
    }
    if (!every_prefix && !plan.steps.empty()) {
        keys.push_back(sequence.hex());
    }
    return keys;
}

}  // namespace

ReplayedSchema replay_schema(const script::ScriptDirectory& scripts,
                             const std::vector<Index>& targets, const ReplayOptions& options) {
    const graph::Plan plan = graph::plan_upgrade(scripts.graph(), {}, targets);
    ReplayedSchema result;
    result.revisions = plan.steps.size();
    if (plan.steps.empty()) {
        result.database = db::open_memory_database();  // base: nothing to replay or cache
        return result;
    }
    if (options.cache_only && options.cache_dir.empty()) {
        return result;
    }
    if (options.cache_dir.empty()) {
        result.database = db::open_memory_database();
        Replayer(*result.database, scripts, options).run(plan);
        return result;
    }
    const ReplayCache cache(options.cache_dir);
    const std::vector<std::string> keys = prefix_keys(scripts, plan);
    result.key = keys.back();
    std::size_t first = 0;
    if (auto hit = cache.load_latest(keys)) {
        result.database = std::move(hit->database);
        first = hit->index + 1;
        if (first == plan.steps.size()) {
            result.source = ReplayedSchema::Source::cache;
            return result;
        }
        if (options.cache_only) {
            result.database.reset();  // a prefix only: the rest would need a replay
            return result;
        }
    } else if (options.cache_only) {
        return result;
    } else {
        result.database = db::open_memory_database();
    }
    Replayer(*result.database, scripts, options).run(plan, first);
    cache.store(keys.back(), *result.database);
    return result;
}

std::string schema_key(const script::ScriptDirectory& scripts, std::string_view target) {
    const graph::Plan plan = graph::plan_upgrade(
        scripts.graph(), {}, graph::resolve_target(scripts.graph(), target, {}));
    return plan.steps.empty() ? std::string() : prefix_keys(scripts, plan, false).back();
}

ReplayedSchema replay_head_schema(const script::ScriptDirectory& scripts, std::string_view target,
                                  const ReplayOptions& options) {
    return replay_schema(scripts, graph::resolve_target(scripts.graph(), target, {}), options);
}

}  // namespace mig::runtime
