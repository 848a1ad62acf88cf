#include "db/postgres_database.hpp"

#include "db/postgres_lock.hpp"
#include "db/postgres_statement_error.hpp"
#include "util/clock.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string_view>

namespace mig::db {

using dialect::SqlValue;
using dialect::Statement;
using dialect::StatementAction;
using Scope = PostgresDatabase::Scope;

namespace {

// SQLSTATEs whose hint is not "fix the statement".
constexpr std::string_view k_active_sql_transaction = "25001";  // cannot run inside a block
constexpr std::string_view k_lock_not_available = "55P03";      // lock_timeout
constexpr std::string_view k_query_canceled = "57014";          // statement_timeout

// --- messages ---------------------------------------------------------------------------

std::string step_name(const StepWork& step) {
    return "revision " + step.revision + " (" + step.file + ")";
}

// "revision <rev> (<file>): statement <n> at line <l>"
std::string statement_at(const StepWork& step, const Statement& statement) {
    return step_name(step) + ": statement " + std::to_string(statement.number) + " at line " +
           std::to_string(statement.line);
}

// What a failure left behind. A `transaction off` step names the statements that took
// effect (`ran_before` of them, all before the failing one).
std::string outcome(const StepWork& step, Scope scope, std::size_t ran_before) {
    if (scope == Scope::run) {
        return "; nothing of this run was applied (--one-transaction)";
    }
    if (step.transactional) {
        return "; nothing of this revision was applied";
    }
    std::string ran = ran_before == 0 ? "no statement of it took effect"
                      : ran_before == 1
                          ? "statement 1 took effect"
                          : "statements 1 to " + std::to_string(ran_before) + " took effect";
    return "; the revision ran without a transaction (-- mig:transaction off): " + ran +
           ", and mig did not record the revision";
}

std::string statement_hint(const StepWork& step, const Statement& statement,
                           const PostgresErrorFields& error, std::size_t ran_before) {
    if (!step.transactional && ran_before > 0) {
        return "finish or undo statements 1 to " + std::to_string(ran_before) +
               " by hand, then fix the revision and run the command again, or `mig stamp` the "
               "revision the database now matches";
    }
    if (error.sqlstate == k_active_sql_transaction) {
        return std::string(dialect::k_transaction_off_hint);
    }
    if (error.sqlstate == k_lock_not_available) {
        return "another session holds a lock this statement needs: retry when it is done, or "
               "raise [database] lock_timeout";
    }
    if (error.sqlstate == k_query_canceled) {
        return "the statement ran longer than [database] statement_timeout allows (or was "
               "cancelled): raise it, or make the statement faster";
    }
    return "fix statement " + std::to_string(statement.number) + " in " + step.file +
           " and run the command again";
}

StepFailed statement_failed(const StepWork& step, const Statement& statement,
                            const PostgresErrorFields& error, Scope scope, std::size_t ran_before) {
    // A statement of many lines (a function, a long ALTER): say which line the server means.
    const int line = postgres_error_line(statement, error.position);
    const std::string at_line =
        line > statement.line ? " at line " + std::to_string(line) : std::string();
    return StepFailed(statement_at(step, statement) + " failed" + at_line + ": " +
                          error.describe() + outcome(step, scope, ran_before),
                      statement_hint(step, statement, error, ran_before), statement.number,
                      statement.line);
}

StepFailed step_failed(const StepWork& step, const std::string& what, std::string hint, Scope scope,
                       std::size_t ran_before = 0) {
    return StepFailed(step_name(step) + ": " + what + outcome(step, scope, ran_before),
                      std::move(hint), 0, 0);
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

// Bookkeeping parameters as libpq's text values; expressions are for offline SQL only.
std::vector<std::optional<std::string>> text_parameters(const std::vector<SqlValue>& values) {
    std::vector<std::optional<std::string>> out;
    out.reserve(values.size());
    for (const SqlValue& value : values) {
        switch (value.kind) {
            case SqlValue::Kind::null:
                out.emplace_back(std::nullopt);
                break;
            case SqlValue::Kind::text:
                out.emplace_back(value.text);
                break;
            case SqlValue::Kind::integer:
                out.emplace_back(std::to_string(value.integer));
                break;
            case SqlValue::Kind::expression:
                throw std::logic_error("a SQL expression cannot be bound: " + value.text);
        }
    }
    return out;
}

// The dialect's policy for every statement of the step, before any runs: a refusal in the
// middle of a `transaction off` step would otherwise leave the statements before it applied.
// Returns the actions in statement order.
std::vector<StatementAction> plan_statements(const dialect::Dialect& dialect, const StepWork& step,
                                             Scope scope) {
    std::vector<StatementAction> actions;
    actions.reserve(step.statements.size());
    for (const Statement& statement : step.statements) {
        StatementAction action = dialect.action(statement, step.transactional);
        if (action.kind == StatementAction::Kind::refuse) {
            throw StepFailed(
                statement_at(step, statement) + ": " + action.reason + outcome(step, scope, 0),
                action.hint, statement.number, statement.line);
        }
        actions.push_back(std::move(action));
    }
    return actions;
}

// Opens mig's transaction and rolls it back unless committed (a failed statement leaves
// the transaction aborted: only ROLLBACK ends it).
class Transaction {
public:
    Transaction(const PgConnection& connection, const dialect::Dialect& dialect)
        : m_connection(connection), m_dialect(dialect) {
        m_connection.exec(m_dialect.begin_transaction());
    }
    ~Transaction() {
        if (!m_committed && m_connection.in_transaction()) {
            m_connection.try_exec("ROLLBACK");
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit() {
        m_connection.exec(m_dialect.commit_transaction());
        m_committed = true;
    }

private:
    const PgConnection& m_connection;
    const dialect::Dialect& m_dialect;
    bool m_committed = false;
};

}  // namespace

// --- opening and reading ----------------------------------------------------------------

SessionSettings session_settings(const ConnectionOptions& options) {
    SessionSettings settings;
    settings.statement_timeout = options.statement_timeout;
    settings.lock_timeout = options.lock_timeout;
    return settings;
}

// The lock's session needs no timeouts: it only polls pg_try_advisory_lock.
std::unique_ptr<MigrationLock> PostgresDatabase::acquire_lock(const DatabaseUrl& url,
                                                              const ConnectionOptions& options,
                                                              std::chrono::milliseconds timeout) {
    return std::make_unique<PostgresAdvisoryLock>(url, SessionSettings{}, options.schema, timeout);
}

PostgresDatabase::PostgresDatabase(const DatabaseUrl& url, OpenMode mode, const std::string& schema,
                                   const SessionSettings& settings)
    : m_dialect(schema) {
    SessionSettings session = settings;
    session.read_only = mode == OpenMode::read_only;
    m_connection = PgConnection::open(url, session);
}

bool PostgresDatabase::table_exists(const char* table) {
    PgResult result = m_connection.exec(m_dialect.bookkeeping().table_exists, {table});
    return result.rows() > 0 && result.text(0, 0) != "0";
}

std::vector<std::string> PostgresDatabase::current_heads() {
    try {
        if (!table_exists("mig_version")) {
            return {};
        }
        PgResult result = m_connection.exec(m_dialect.bookkeeping().select_heads);
        std::vector<std::string> heads;
        heads.reserve(static_cast<std::size_t>(result.rows()));
        for (int row = 0; row < result.rows(); ++row) {
            heads.push_back(result.text(row, 0));
        }
        return heads;
    } catch (const PostgresError& error) {
        throw FailedError("cannot read mig_version (" + m_connection.target().describe() +
                          "): " + error.what());
    }
}

namespace {

// One row of select_history / select_arrival.
HistoryEntry history_entry(const PgResult& result, int row) {
    HistoryEntry entry;
    entry.id = std::stoll(result.text(row, 0));
    entry.record.revision = result.text(row, 1);  // NULL reads as ""
    entry.record.parents = util::split_whitespace(result.text(row, 2));
    entry.record.direction = result.text(row, 3);
    entry.record.applied_at = result.text(row, 4);
    entry.record.git_commit = result.optional_text(row, 5);
    entry.record.sha256 = result.text(row, 6);
    entry.record.downgrade_sql = result.optional_text(row, 7);
    entry.record.dirty = result.text(row, 8) != "0";
    entry.record.message = result.text(row, 9);
    return entry;
}

}  // namespace

std::vector<HistoryEntry> PostgresDatabase::history() {
    try {
        if (!table_exists("mig_history")) {
            return {};
        }
        PgResult result = m_connection.exec(m_dialect.bookkeeping().select_history);
        std::vector<HistoryEntry> entries;
        entries.reserve(static_cast<std::size_t>(result.rows()));
        for (int row = 0; row < result.rows(); ++row) {
            entries.push_back(history_entry(result, row));
        }
        return entries;
    } catch (const PostgresError& error) {
        throw FailedError("cannot read mig_history (" + m_connection.target().describe() +
                          "): " + error.what());
    }
}

std::optional<HistoryEntry> PostgresDatabase::arrival(const std::string& revision) {
    try {
        if (!table_exists("mig_history")) {
            return std::nullopt;
        }
        PgResult result = m_connection.exec(m_dialect.bookkeeping().select_arrival, {revision});
        if (result.rows() == 0) {
            return std::nullopt;
        }
        return history_entry(result, 0);
    } catch (const PostgresError& error) {
        throw FailedError("cannot read mig_history (" + m_connection.target().describe() +
                          "): " + error.what());
    }
}

// --- running steps ----------------------------------------------------------------------

void PostgresDatabase::rollback_if_open() noexcept {
    if (m_connection.in_transaction()) {
        m_connection.try_exec("ROLLBACK");
    }
}

void PostgresDatabase::run_step(const StepWork& step) {
    if (step.transactional) {
        run_in_transaction(step);
    } else {
        run_without_transaction(step);
    }
}

void PostgresDatabase::run_in_transaction(const StepWork& step) {
    plan_statements(m_dialect, step, Scope::step);
    try {
        Transaction transaction(m_connection, m_dialect);
        ensure_version_tables();
        execute_statements(step, Scope::step);
        record_step(step, Scope::step);
        transaction.commit();
        m_tables_known = true;
    } catch (const PostgresError& error) {
        // Not a statement of the script: BEGIN, the bookkeeping or COMMIT (a deferred
        // constraint fails there).
        throw step_failed(step, error.what(), "", Scope::step);
    }
}

void PostgresDatabase::run_without_transaction(const StepWork& step) {
    plan_statements(m_dialect, step, Scope::step);
    try {
        execute_statements(step, Scope::step);
    } catch (...) {
        rollback_if_open();  // the script's own unfinished transaction
        throw;
    }
    const std::size_t ran = step.statements.size();
    if (m_connection.in_transaction()) {
        rollback_if_open();
        throw step_failed(step,
                          "the script left a transaction open (BEGIN without COMMIT); it was "
                          "rolled back",
                          "end the script's transaction with COMMIT", Scope::step, ran);
    }
    try {
        Transaction transaction(m_connection, m_dialect);
        ensure_version_tables();
        record_step(step, Scope::step);
        transaction.commit();
        m_tables_known = true;
    } catch (const PostgresError& error) {
        throw step_failed(step, "recording the revision failed: " + std::string(error.what()),
                          "its statements took effect: `mig stamp " + step.revision +
                              "` records it once the cause is fixed",
                          Scope::step, ran);
    }
}

void PostgresDatabase::run_steps_together(const std::vector<StepWork>& steps,
                                          const StepDone& step_done) {
    for (const StepWork& step : steps) {
        if (!step.transactional) {
            throw std::logic_error("run_steps_together: revision " + step.revision +
                                   " is not transactional");
        }
    }
    if (steps.empty()) {
        return;
    }
    for (const StepWork& step : steps) {
        plan_statements(m_dialect, step, Scope::run);
    }
    const StepWork* current = &steps.front();
    try {
        Transaction transaction(m_connection, m_dialect);
        ensure_version_tables();
        for (std::size_t i = 0; i < steps.size(); ++i) {
            current = &steps[i];
            execute_statements(*current, Scope::run);
            record_step(*current, Scope::run);
            step_done(i);
        }
        current = &steps.back();
        transaction.commit();
        m_tables_known = true;
    } catch (const PostgresError& error) {
        throw step_failed(*current, error.what(), "", Scope::run);
    }
}

void PostgresDatabase::execute_statements(const StepWork& step, Scope scope) {
    std::size_t ran = 0;
    for (const Statement& statement : step.statements) {
        execute_statement(step, statement, scope, ran);
        ++ran;
    }
}

void PostgresDatabase::execute_statement(const StepWork& step, const Statement& statement,
                                         Scope scope, std::size_t ran_before) {
    const StatementAction action = m_dialect.action(statement, step.transactional);
    if (action.kind == StatementAction::Kind::skip) {
        return;
    }
    // Refusals were raised by plan_statements before anything ran.
    PgResult result = m_connection.try_exec(statement.sql);
    if (!result.ok()) {
        throw statement_failed(step, statement, result.error(), scope, ran_before);
    }
    if (step.transactional && !m_connection.in_transaction()) {
        throw StepFailed(
            statement_at(step, statement) +
                " ended mig's transaction; the statements before it may have been committed",
            "remove transaction control from the script, or add `-- mig:transaction off`",
            statement.number, statement.line);
    }
}

// mig_version and mig_history change in the step's own transaction, so the recorded
// version can never disagree with the schema.
void PostgresDatabase::record_step(const StepWork& step, Scope scope) {
    const dialect::BookkeepingSql& sql = m_dialect.bookkeeping();
    if (step.heads_removed.size() == 1 && step.heads_added.size() == 1) {
        // A step along a chain: one UPDATE, which also proves the parent is still the head.
        PgResult update = m_connection.exec(sql.update_head,
                                            {step.heads_added.front(), step.heads_removed.front()});
        if (update.affected_rows() != 1) {
            throw step_failed(
                step,
                "revision " + step.heads_removed.front() + " is no longer the database's version",
                "run `mig current` to see the database's version, then run the command again",
                scope);
        }
        insert_history(step.history);
        return;
    }
    for (const auto& head : step.heads_added) {
        // Belt and braces: the advisory lock should make this impossible.
        if (!contains(step.heads_removed, head) &&
            m_connection.exec(sql.select_head, {head}).rows() > 0) {
            throw step_failed(
                step, "revision " + head + " was applied by another process",
                "run `mig current` to see the database's version, then run the command again",
                scope);
        }
    }
    exec_for_each(sql.delete_head, step.heads_removed);
    exec_for_each(sql.insert_head, step.heads_added);
    insert_history(step.history);
}

void PostgresDatabase::exec_for_each(const std::string& sql,
                                     const std::vector<std::string>& values) {
    for (const auto& value : values) {
        m_connection.exec(sql, {value});
    }
}

void PostgresDatabase::insert_history(const dialect::HistoryRecord& record) {
    if (record.applied_at.empty()) {
        dialect::HistoryRecord stamped = record;
        stamped.applied_at = util::utc_timestamp();
        m_connection.exec(m_dialect.bookkeeping().insert_history,
                          text_parameters(m_dialect.history_parameters(stamped)));
        return;
    }
    m_connection.exec(m_dialect.bookkeeping().insert_history,
                      text_parameters(m_dialect.history_parameters(record)));
}

// Inside the caller's transaction (PostgreSQL's DDL is transactional), so a first step that
// fails leaves no bookkeeping tables.
void PostgresDatabase::ensure_version_tables() {
    if (m_tables_known || (table_exists("mig_version") && table_exists("mig_history"))) {
        return;
    }
    for (const auto& sql : m_dialect.create_version_tables()) {
        m_connection.exec(sql);
    }
}

void PostgresDatabase::stamp(const std::vector<std::string>& heads_removed,
                             const std::vector<std::string>& heads_added,
                             const std::vector<dialect::HistoryRecord>& history) {
    try {
        Transaction transaction(m_connection, m_dialect);
        ensure_version_tables();
        exec_for_each(m_dialect.bookkeeping().delete_head, heads_removed);
        // ON CONFLICT DO NOTHING: stamping a revision the database is already at is no error.
        exec_for_each(m_dialect.bookkeeping().insert_head_if_missing, heads_added);
        for (const auto& record : history) {
            insert_history(record);
        }
        transaction.commit();
        m_tables_known = true;
    } catch (const PostgresError& error) {
        throw FailedError("cannot stamp (" + m_connection.target().describe() +
                          "): " + error.what() + "; the version was not changed");
    }
}

std::optional<long long> PostgresDatabase::count_rows(const std::string& schema,
                                                      const std::string& table) {
    // A name written without quotes is folded to lower case; the statement's text does not
    // say which it was, so the exact name first, then the folded one.
    std::string folded = table;
    std::transform(folded.begin(), folded.end(), folded.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string prefix = schema.empty() ? "" : m_dialect.quote_identifier(schema) + ".";
    try {
        for (const std::string& name : {table, folded}) {
            // to_regclass resolves through the session's search_path, as the statement would,
            // and answers NULL (not an error) for a missing table or schema.
            PgResult found = m_connection.exec(
                "SELECT c.oid::regclass::text FROM pg_catalog.pg_class c WHERE c.oid = "
                "to_regclass($1) AND c.relkind IN ('r', 'p')",
                {prefix + m_dialect.quote_identifier(name)});
            if (found.rows() > 0) {
                PgResult count = m_connection.exec("SELECT count(*) FROM " + found.text(0, 0));
                return std::stoll(count.text(0, 0));
            }
        }
        return std::nullopt;
    } catch (const PostgresError& error) {
        throw FailedError("cannot count the rows of " + prefix + table + " (" +
                          m_connection.target().describe() + "): " + error.what());
    }
}

}  // namespace mig::db
