#include "runtime/postgres_replay.hpp"

#include "db/postgres_statement_error.hpp"
#include "dialect/postgres_dialect.hpp"
#include "dialect/postgres_privileges.hpp"
#include "graph/plan.hpp"
#include "runtime/replay.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"

namespace mig::runtime {

namespace {

using dialect::Statement;
using dialect::StatementAction;
using Index = graph::RevisionGraph::Index;

// Bump when the replay starts producing different schemas from the same files.
constexpr std::string_view k_replay_version = "mig-postgres-replay 1";

// Runs the upgrade sections of a plan on one session, turning failures into ReplayErrors.
class Replayer {
public:
    Replayer(const db::PgConnection& connection, const script::ScriptDirectory& scripts,
             const PostgresReplayOptions& options)
        : m_connection(connection), m_scripts(scripts), m_options(options) {}

    void run(const graph::Plan& plan) {
        const ReplayReport report(m_options.observer, m_scripts.graph(), plan.steps.size());
        try {
            for (std::size_t i = 0; i < plan.steps.size(); ++i) {
                const Index revision = plan.steps[i].revision;
                report.revision_started(i + 1, revision);
                apply(revision);
            }
            end_transaction();
        } catch (...) {
            rollback();
            throw;
        }
    }

private:
    void apply(Index index) {
        m_revision = index;
        const script::RevisionScript& script = m_scripts.script(index);
        const std::vector<Statement> statements =
            m_dialect.split(script.upgrade.sql, script.upgrade.first_line);
        // The policy for every statement first, as the runner does: a refusal never comes
        // after statements of a `transaction off` revision took effect.
        for (const Statement& statement : statements) {
            const StatementAction action = m_dialect.action(statement, script.transactional);
            if (action.kind == StatementAction::Kind::refuse) {
                throw failure(statement, ": " + action.reason, action.hint);
            }
        }
        if (script.transactional) {
            apply_in_transaction(statements);
        } else {
            apply_as_written(statements);
        }
    }

    void apply_in_transaction(const std::vector<Statement>& statements) {
        if (!m_connection.in_transaction()) {
            m_connection.exec("BEGIN");
        }
        for (const Statement& statement : statements) {
            if (m_dialect.action(statement, true).kind == StatementAction::Kind::skip) {
                continue;  // the script's BEGIN / COMMIT: mig owns the transaction
            }
            execute(statement);
            if (!m_connection.in_transaction()) {
                throw failure(statement, " ended mig's transaction", {});
            }
        }
    }

    // `-- mig:transaction off`: the statements may be ones a transaction forbids
    // (CREATE INDEX CONCURRENTLY), and the script's own BEGIN / COMMIT run as written.
    void apply_as_written(const std::vector<Statement>& statements) {
        end_transaction();
        for (const Statement& statement : statements) {
            execute(statement);
        }
        if (m_connection.in_transaction()) {
            rollback();
            throw failure(0, 0, "the script left a transaction open (BEGIN without COMMIT)", {});
        }
    }

    void execute(const Statement& statement) {
        // Owners and privileges are not compared, and the roles a revision names may not
        // exist on the scratch database's server (a dev_url on a laptop).
        if (dialect::sets_owner_or_privileges(statement.sql)) {
            return;
        }
        const db::PgResult result = m_connection.try_exec(statement.sql);
        if (!result.ok()) {
            throw failure(statement,
                          " " + db::describe_statement_failure(statement, result.error()), {});
        }
    }

    void end_transaction() {
        if (m_connection.in_transaction()) {
            m_connection.exec("COMMIT");
        }
    }

    void rollback() noexcept {
        if (m_connection.get() != nullptr && m_connection.in_transaction()) {
            m_connection.try_exec("ROLLBACK");
        }
    }

    std::string file() const {
        const std::string& path = m_scripts.graph().at(m_revision).path;
        return path.empty() ? "no file in this checkout"
                            : util::display_path(path, m_options.display_base);
    }

    ReplayError failure(const Statement& statement, const std::string& what,
                        const std::string& hint) const {
        return failure(statement.number, statement.line,
                       "statement " + std::to_string(statement.number) + " at line " +
                           std::to_string(statement.line) + what,
                       hint);
    }

    ReplayError failure(int number, int line, const std::string& what,
                        const std::string& hint) const {
        const std::string& id = m_scripts.graph().at(m_revision).id;
        std::string full_hint =
            (hint.empty() ? (number > 0 ? "fix statement " + std::to_string(number)
                                        : std::string("fix it")) +
                                " in " + file()
                          : hint) +
            ": to know the migrations' head schema, mig replays every revision from base on an "
            "empty scratch database";
        return ReplayError(
            "cannot replay the migrations: revision " + id + " (" + file() + "): " + what,
            std::move(full_hint), id, file(), number, line);
    }

    const db::PgConnection& m_connection;
    const script::ScriptDirectory& m_scripts;
    const PostgresReplayOptions& m_options;
    dialect::PostgresDialect m_dialect;
    Index m_revision = 0;
};

}  // namespace

std::size_t replay_postgres(const db::PgConnection& connection,
                            const script::ScriptDirectory& scripts,
                            const std::vector<Index>& targets,
                            const PostgresReplayOptions& options) {
    const graph::Plan plan = graph::plan_upgrade(scripts.graph(), {}, targets);
    Replayer(connection, scripts, options).run(plan);
    return plan.steps.size();
}

std::size_t replay_postgres(db::PostgresScratch& scratch, const script::ScriptDirectory& scripts,
                            const std::vector<Index>& targets,
                            const PostgresReplayOptions& options) {
    const std::size_t revisions = replay_postgres(scratch.connection(), scripts, targets, options);
    scratch.reset_session();
    return revisions;
}

std::string postgres_replay_key(const script::ScriptDirectory& scripts,
                                const std::vector<Index>& targets) {
    const graph::Plan plan = graph::plan_upgrade(scripts.graph(), {}, targets);
    if (plan.steps.empty()) {
        return {};
    }
    util::Sha256 sequence;
    sequence.update(k_replay_version);
    std::string step_text;
    for (const graph::PlanStep& step : plan.steps) {
        step_text = '\n';
        step_text += scripts.graph().at(step.revision).id;
        step_text += ' ';
        step_text += scripts.checksum(step.revision);
        sequence.update(step_text);
    }
    return sequence.hex();
}

}  // namespace mig::runtime
