#include "db/sqlite_database.hpp"

#include "db/lock_file.hpp"
#include "db/sqlite_backups.hpp"
#include "db/sqlite_errors.hpp"
#include "db/sqlite_foreign_keys.hpp"
#include "db/sqlite_reader.hpp"
#include "util/clock.hpp"
#include "util/strings.hpp"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>
#include <stdexcept>

namespace mig::db {

namespace fs = std::filesystem;
using dialect::SqlValue;
using dialect::Statement;
using dialect::StatementAction;

namespace {

constexpr int k_busy_timeout_ms = 5000;

bool in_transaction(SQLite::Database& db) {
    return sqlite3_get_autocommit(db.getHandle()) == 0;
}

// Never throws: used on paths that are already failing.
void rollback_if_open(SQLite::Database& db) noexcept {
    if (in_transaction(db)) {
        sqlite3_exec(db.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

// BEGIN IMMEDIATE takes the write lock up front, so a concurrent writer makes us wait
// (busy_timeout) at the start instead of failing half-way. Rolls back unless committed.
class ImmediateTransaction {
public:
    ImmediateTransaction(SQLite::Database& db, const dialect::Dialect& dialect)
        : m_db(db), m_dialect(dialect) {
        m_db.exec(m_dialect.begin_transaction());
    }
    ~ImmediateTransaction() {
        if (!m_committed) {
            rollback_if_open(m_db);
        }
    }
    ImmediateTransaction(const ImmediateTransaction&) = delete;
    ImmediateTransaction& operator=(const ImmediateTransaction&) = delete;

    void commit() {
        m_db.exec(m_dialect.commit_transaction());
        m_committed = true;
    }

private:
    SQLite::Database& m_db;
    const dialect::Dialect& m_dialect;
    bool m_committed = false;
};

int pragma_value(SQLite::Database& db, const std::string& name) {
    return db.execAndGet("PRAGMA " + name).getInt();
}

// Remembers the connection's foreign_keys and legacy_alter_table settings and puts them
// back on every exit, after the step's transaction has ended (foreign_keys cannot change
// inside one) and whatever the script set.
class ConnectionSettings {
public:
    ConnectionSettings(SQLite::Database& db, int foreign_keys, int legacy_alter_table)
        : m_db(db), m_foreign_keys(foreign_keys), m_legacy_alter_table(legacy_alter_table) {}
    ~ConnectionSettings() {
        rollback_if_open(m_db);
        restore("foreign_keys", m_foreign_keys);
        restore("legacy_alter_table", m_legacy_alter_table);
    }
    ConnectionSettings(const ConnectionSettings&) = delete;
    ConnectionSettings& operator=(const ConnectionSettings&) = delete;

private:
    void restore(const std::string& name, int value) noexcept {
        std::string sql = "PRAGMA " + name + " = " + std::to_string(value);
        sqlite3_exec(m_db.getHandle(), sql.c_str(), nullptr, nullptr, nullptr);
    }

    SQLite::Database& m_db;
    int m_foreign_keys;
    int m_legacy_alter_table;
};

// Binds a bookkeeping statement's parameters (dialect::SqlValue); expressions are for
// offline SQL only.
void bind_values(SQLite::Statement& statement, const std::vector<SqlValue>& values) {
    int index = 0;
    for (const SqlValue& value : values) {
        ++index;
        switch (value.kind) {
            case SqlValue::Kind::null:
                statement.bind(index);
                break;
            case SqlValue::Kind::text:
                statement.bind(index, value.text);
                break;
            case SqlValue::Kind::integer:
                statement.bind(index, static_cast<int64_t>(value.integer));
                break;
            case SqlValue::Kind::expression:
                throw std::logic_error("a SQL expression cannot be bound: " + value.text);
        }
    }
}

std::optional<std::string> optional_text(const SQLite::Column& column) {
    return column.isNull() ? std::nullopt : std::optional<std::string>(column.getString());
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

// --- messages ---------------------------------------------------------------------------

std::string step_name(const StepWork& step) {
    return "revision " + step.revision + " (" + step.file + ")";
}

using Scope = SqliteDatabase::Scope;

std::string outcome(const StepWork& step, Scope scope = Scope::step) {
    if (scope == Scope::run) {
        return "; nothing of this run was applied (--one-transaction)";
    }
    return step.transactional
               ? "; nothing of this revision was applied"
               : "; the revision ran without a transaction (-- mig:transaction off) and may be "
                 "partly applied";
}

// "revision <rev> (<file>): statement <n> at line <l>"
std::string statement_at(const StepWork& step, const Statement& statement) {
    return step_name(step) + ": statement " + std::to_string(statement.number) + " at line " +
           std::to_string(statement.line);
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

std::string statement_hint(const StepWork& step, const Statement& statement,
                           std::string_view error) {
    if (!step.transactional) {
        return "the statements before statement " + std::to_string(statement.number) +
               " took effect and mig did not record the revision: finish or undo them by hand, "
               "then "
               "`mig stamp` the revision the database now matches";
    }
    if (contains(error, "within a transaction") || contains(error, "within transaction") ||
        contains(error, "inside a transaction")) {
        return "this statement cannot run inside a transaction: add `-- mig:transaction off` to "
               "the "
               "revision's header to run it without one";
    }
    if (contains(error, "database is locked")) {
        return "another program is writing to the database; retry when it has finished";
    }
    return "fix statement " + std::to_string(statement.number) + " in " + step.file +
           " and run the command again";
}

StepFailed statement_failed(const StepWork& step, const Statement& statement,
                            std::string_view error, Scope scope) {
    return StepFailed(
        statement_at(step, statement) + " failed: " + std::string(error) + outcome(step, scope),
        statement_hint(step, statement, error), statement.number, statement.line);
}

// The dialect's policy refused the statement (Dialect::action).
StepFailed statement_refused(const StepWork& step, const Statement& statement,
                             const StatementAction& action, Scope scope) {
    return StepFailed(statement_at(step, statement) + ": " + action.reason + outcome(step, scope),
                      action.hint, statement.number, statement.line);
}

// Nothing the classifier lets through should end mig's transaction; if something did, say
// so rather than carry on outside it.
StepFailed transaction_ended(const StepWork& step, const Statement& statement) {
    return StepFailed(
        statement_at(step, statement) +
            " ended mig's transaction; the statements before it may have been committed",
        "remove transaction control from the script, or add `-- mig:transaction off`",
        statement.number, statement.line);
}

// The database's environment failed (read-only, full disk...), not the revision's SQL: the
// message leads with that, and the hint is the environment's fix, never "fix statement N".
StepFailed environment_failed(const StepWork& step, const FailedError& environment,
                              int statement_number, int line) {
    return StepFailed("cannot run " + step_name(step) + ": " + environment.what(),
                      environment.hint(), statement_number, line);
}

StepFailed step_failed(const StepWork& step, const std::string& what, std::string hint,
                       Scope scope = Scope::step) {
    return StepFailed(step_name(step) + ": " + what + outcome(step, scope), std::move(hint), 0, 0);
}

// A failure of SQLite itself while running `step` (not one of its statements): the
// environment's (read-only, disk full...) or a busy database.
StepFailed sqlite_step_failure(const fs::path& file, SQLite::Database& db, const StepWork& step,
                               const SQLite::Exception& error, Scope scope) {
    if (auto environment = environment_error(file, error.getExtendedErrorCode(), db.getHandle(),
                                             outcome(step, scope))) {
        return environment_failed(step, *environment, 0, 0);
    }
    std::string what = error.what();
    std::string hint =
        contains(what, "database is locked")
            ? "another program is writing to the database; retry when it has finished"
            : "";
    return step_failed(step, what, std::move(hint), scope);
}

bool mentions_ci(std::string_view text, std::string_view word) {
    auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    auto it = std::search(text.begin(), text.end(), word.begin(), word.end(),
                          [&](char a, char b) { return lower(a) == lower(b); });
    return it != text.end();
}

// The last step of a run whose statements name `table`: the likeliest cause of a foreign key
// violation found in it when the run's single check fails; nullptr when none does.
const StepWork* last_step_naming(const std::vector<StepWork>& steps, const std::string& table) {
    for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
        for (const Statement& statement : step->statements) {
            if (mentions_ci(statement.sql, table)) {
                return &*step;
            }
        }
    }
    return nullptr;
}

// A database in a folder that does not exist yet gets it, as `sqlite3` users expect of a
// new database; FailedError naming the folder when it cannot be made (a file is in the way).
void create_database_folder(const fs::path& file) {
    const fs::path folder = file.parent_path();
    std::error_code error;
    if (folder.empty() || fs::is_directory(folder, error)) {
        return;
    }
    fs::create_directories(folder, error);
    if (error) {
        throw FailedError("cannot create the folder " + folder.string() + " of the database " +
                              file.string() + ": " + error.message(),
                          "create it, or fix [database] url");
    }
}

}  // namespace

// --- opening and reading ----------------------------------------------------------------

SqliteDatabase::SqliteDatabase(fs::path file, OpenMode mode)
    : m_file(std::move(file)), m_backups(m_file) {
    if (mode == OpenMode::read_only) {
        std::error_code ignored;
        if (fs::exists(m_file, ignored) || fs::is_symlink(m_file, ignored)) {
            m_connection = open_for_reading(m_file, k_busy_timeout_ms);
        }
        return;  // absent: base, and reading must never create the file
    }
    create_database_folder(m_file);
    std::error_code ignored;
    m_created = !fs::exists(m_file, ignored) && !fs::is_symlink(m_file, ignored);
    try {
        m_connection = std::make_unique<SQLite::Database>(
            m_file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, k_busy_timeout_ms);
    } catch (const SQLite::Exception& failure) {
        throw sqlite_failure(m_file, failure, nullptr, "cannot open the SQLite database");
    }
}

SqliteDatabase::~SqliteDatabase() = default;

SQLite::Database& SqliteDatabase::connection() {
    if (!m_connection) {
        throw FailedError("the database " + m_file.string() + " does not exist",
                          "`mig upgrade` creates it");
    }
    return *m_connection;
}

fs::path SqliteDatabase::state_dir(const fs::path& database_file) {
    return database_file.parent_path() / ".mig";
}

std::unique_ptr<MigrationLock> SqliteDatabase::acquire_lock(const fs::path& database_file,
                                                            std::chrono::milliseconds timeout) {
    create_database_folder(database_file);  // the lock lives in it: say so when it cannot exist
    return std::make_unique<LockFile>(
        state_dir(database_file) / (database_file.filename().string() + ".lock"), timeout);
}

// Closed first: the file and its journal go only once no connection has them open.
void SqliteDatabase::discard_created() noexcept {
    if (!m_created) {
        return;
    }
    m_prepared.clear();
    m_connection.reset();
    std::error_code ignored;
    fs::remove(m_file, ignored);
    fs::remove(fs::path(m_file.string() + "-journal"), ignored);
}

SQLite::Statement& SqliteDatabase::prepared(const std::string& sql) {
    std::unique_ptr<SQLite::Statement>& statement = m_prepared[&sql];
    if (!statement) {
        statement = std::make_unique<SQLite::Statement>(connection(), sql);
    } else {
        statement->reset();
        statement->clearBindings();
    }
    return *statement;
}

bool SqliteDatabase::table_exists(const char* table) {
    SQLite::Statement& query = prepared(m_dialect.bookkeeping().table_exists);
    query.bind(1, table);
    const bool exists = query.executeStep() && query.getColumn(0).getInt() > 0;
    query.reset();
    return exists;
}

std::vector<std::string> SqliteDatabase::current_heads() {
    if (!exists()) {
        return {};
    }
    try {
        if (!table_exists("mig_version")) {
            return {};
        }
        SQLite::Statement query(connection(), m_dialect.bookkeeping().select_heads);
        std::vector<std::string> heads;
        while (query.executeStep()) {
            heads.push_back(query.getColumn(0).getString());
        }
        return heads;
    } catch (const SQLite::Exception& error) {
        throw sqlite_failure(m_file, error, connection().getHandle(),
                             "cannot read mig_version from");
    }
}

namespace {

// One row of select_history / select_arrival.
HistoryEntry history_entry(SQLite::Statement& query) {
    HistoryEntry entry;
    entry.id = query.getColumn(0).getInt64();
    entry.record.revision = query.getColumn(1).getString();  // NULL reads as ""
    entry.record.parents = util::split_whitespace(query.getColumn(2).getString());
    entry.record.direction = query.getColumn(3).getString();
    entry.record.applied_at = query.getColumn(4).getString();
    entry.record.git_commit = optional_text(query.getColumn(5));
    entry.record.sha256 = query.getColumn(6).getString();
    entry.record.downgrade_sql = optional_text(query.getColumn(7));
    entry.record.dirty = query.getColumn(8).getInt() != 0;
    entry.record.message = query.getColumn(9).getString();
    return entry;
}

}  // namespace

std::vector<HistoryEntry> SqliteDatabase::history() {
    if (!exists()) {
        return {};
    }
    try {
        if (!table_exists("mig_history")) {
            return {};
        }
        SQLite::Statement query(connection(), m_dialect.bookkeeping().select_history);
        std::vector<HistoryEntry> entries;
        while (query.executeStep()) {
            entries.push_back(history_entry(query));
        }
        return entries;
    } catch (const SQLite::Exception& error) {
        throw sqlite_failure(m_file, error, connection().getHandle(),
                             "cannot read mig_history from");
    }
}

std::optional<HistoryEntry> SqliteDatabase::arrival(const std::string& revision) {
    if (!exists()) {
        return std::nullopt;
    }
    try {
        if (!table_exists("mig_history")) {
            return std::nullopt;
        }
        SQLite::Statement query(connection(), m_dialect.bookkeeping().select_arrival);
        query.bind(1, revision);
        if (!query.executeStep()) {
            return std::nullopt;
        }
        return history_entry(query);
    } catch (const SQLite::Exception& error) {
        throw sqlite_failure(m_file, error, connection().getHandle(),
                             "cannot read mig_history from");
    }
}

// --- running steps ----------------------------------------------------------------------

const std::pair<int, int>& SqliteDatabase::original_settings() {
    if (!m_original_settings) {
        // Read once per connection: every step restores them, so they cannot drift.
        m_original_settings = {pragma_value(connection(), "foreign_keys"),
                               pragma_value(connection(), "legacy_alter_table")};
    }
    return *m_original_settings;
}

void SqliteDatabase::run_step(const StepWork& step) {
    SQLite::Database& db = connection();
    try {
        ConnectionSettings settings(db, original_settings().first, original_settings().second);
        // SQLite ignores this pragma inside a transaction, so it is set before BEGIN: scripts
        // rebuild tables (create, copy, drop, rename), which enforcement would break midway.
        // The foreign_key_check before COMMIT catches what enforcement would have.
        db.exec("PRAGMA foreign_keys = OFF");
        if (step.transactional) {
            run_in_transaction(step);
        } else {
            run_without_transaction(step);
        }
    } catch (const SQLite::Exception& error) {
        throw sqlite_step_failure(m_file, db, step, error, Scope::step);
    }
}

void SqliteDatabase::run_steps_together(const std::vector<StepWork>& steps,
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
    SQLite::Database& db = connection();
    const StepWork* current = &steps.front();
    try {
        ConnectionSettings settings(db, original_settings().first, original_settings().second);
        db.exec("PRAGMA foreign_keys = OFF");  // before BEGIN, as in run_step
        ImmediateTransaction transaction(db, m_dialect);
        ensure_version_tables();
        baseline_violations();
        const std::string legacy_alter_table =
            "PRAGMA legacy_alter_table = " + std::to_string(original_settings().second);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            current = &steps[i];
            execute_statements(*current, Scope::run);
            record_step(*current, Scope::run);
            // As between separate steps: a script's legacy_alter_table must not change how
            // the next revision runs (the pragma is not transactional, so it can be reset here).
            db.exec(legacy_alter_table);
            step_done(i);
        }
        check_foreign_keys_of_run(steps);
        transaction.commit();
        m_tables_known = true;
    } catch (const SQLite::Exception& error) {
        throw sqlite_step_failure(m_file, db, *current, error, Scope::run);
    }
}

void SqliteDatabase::run_in_transaction(const StepWork& step) {
    ImmediateTransaction transaction(connection(), m_dialect);
    ensure_version_tables();
    baseline_violations();
    execute_statements(step, Scope::step);
    record_step(step, Scope::step);
    check_foreign_keys(step, Scope::step);
    transaction.commit();
    m_tables_known = true;
}

void SqliteDatabase::run_without_transaction(const StepWork& step) {
    baseline_violations();
    try {
        execute_statements(step, Scope::step);
    } catch (...) {
        rollback_if_open(connection());  // the script's own unfinished transaction
        throw;
    }
    if (in_transaction(connection())) {
        rollback_if_open(connection());
        throw step_failed(
            step, "the script left a transaction open (BEGIN without COMMIT); it was rolled back",
            "end the script's transaction with COMMIT");
    }
    ImmediateTransaction transaction(connection(), m_dialect);
    ensure_version_tables();
    record_step(step, Scope::step);
    check_foreign_keys(step, Scope::step);
    transaction.commit();
    m_tables_known = true;
}

void SqliteDatabase::execute_statements(const StepWork& step, Scope scope) {
    for (const Statement& statement : step.statements) {
        execute_statement(step, statement, scope);
    }
}

void SqliteDatabase::execute_statement(const StepWork& step, const Statement& statement,
                                       Scope scope) {
    const StatementAction action = m_dialect.action(statement, step.transactional);
    switch (action.kind) {
        case StatementAction::Kind::skip:
            return;
        case StatementAction::Kind::refuse:
            throw statement_refused(step, statement, action, scope);
        case StatementAction::Kind::run:
            break;
    }
    try {
        connection().exec(statement.sql);
    } catch (const SQLite::Exception& error) {
        if (auto environment = environment_error(m_file, error.getExtendedErrorCode(),
                                                 connection().getHandle(), outcome(step, scope))) {
            throw environment_failed(step, *environment, statement.number, statement.line);
        }
        throw statement_failed(step, statement, error.what(), scope);
    }
    if (step.transactional && !in_transaction(connection())) {
        throw transaction_ended(step, statement);
    }
}

// mig_version and mig_history change in the step's own transaction, so the recorded
// version can never disagree with the schema.
void SqliteDatabase::record_step(const StepWork& step, Scope scope) {
    const dialect::BookkeepingSql& sql = m_dialect.bookkeeping();
    if (step.heads_removed.size() == 1 && step.heads_added.size() == 1) {
        // A step along a chain: one UPDATE, which also proves the parent is still the head
        // (another process cannot have moved the version under us).
        SQLite::Statement& update = prepared(sql.update_head);
        update.bind(1, step.heads_added.front());
        update.bind(2, step.heads_removed.front());
        if (update.exec() != 1) {
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
        // Belt and braces: the lock file should make this impossible.
        if (!contains(step.heads_removed, head) && head_present(head)) {
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

bool SqliteDatabase::head_present(const std::string& revision) {
    SQLite::Statement& query = prepared(m_dialect.bookkeeping().select_head);
    query.bind(1, revision);
    const bool present = query.executeStep();
    query.reset();
    return present;
}

void SqliteDatabase::exec_for_each(const std::string& sql, const std::vector<std::string>& values) {
    for (const auto& value : values) {
        SQLite::Statement& statement = prepared(sql);
        statement.bind(1, value);
        statement.exec();
    }
}

void SqliteDatabase::insert_history(const dialect::HistoryRecord& record) {
    SQLite::Statement& insert = prepared(m_dialect.bookkeeping().insert_history);
    if (record.applied_at.empty()) {
        dialect::HistoryRecord stamped = record;
        stamped.applied_at = util::utc_timestamp();
        bind_values(insert, m_dialect.history_parameters(stamped));
    } else {
        bind_values(insert, m_dialect.history_parameters(record));
    }
    insert.exec();
}

// Per table, the violations beyond those the database had when the run started: rows the
// database already had do not block an unrelated revision, new ones are the revision's fault.
std::vector<SqliteDatabase::NewViolations> SqliteDatabase::new_violations() {
    const auto& baseline = baseline_violations();
    std::vector<NewViolations> found;
    for (const auto& [table, count] : foreign_key_violations()) {
        auto before = baseline.find(table);
        if (count > (before == baseline.end() ? 0 : before->second)) {
            found.push_back({table, describe_violations(connection(), m_dialect, table, count),
                             count == k_check_failed});
        }
    }
    return found;
}

namespace {

std::string foreign_key_hint(bool mismatch) {
    return mismatch ? "a foreign key must reference its parent's PRIMARY KEY or UNIQUE columns"
                    : "make the revision delete or fix the rows whose parent row is missing";
}

}  // namespace

void SqliteDatabase::check_foreign_keys(const StepWork& step, Scope scope) {
    std::vector<std::string> problems;
    bool mismatch = false;
    for (const NewViolations& violations : new_violations()) {
        problems.push_back(violations.description);
        mismatch = mismatch || violations.mismatch;
    }
    if (!problems.empty()) {
        throw step_failed(step, "foreign key check failed: " + util::join(problems, "; "),
                          foreign_key_hint(mismatch), scope);
    }
}

// `--one-transaction` checks once, before the COMMIT. The failure names the last revision
// whose statements name the first table with new violations (where none does, the last
// revision of the run, whose bookkeeping the check follows).
void SqliteDatabase::check_foreign_keys_of_run(const std::vector<StepWork>& steps) {
    std::vector<std::string> problems;
    bool mismatch = false;
    const StepWork* responsible = nullptr;
    for (const NewViolations& violations : new_violations()) {
        const StepWork* step = last_step_naming(steps, violations.table);
        if (responsible == nullptr) {
            responsible = step;
        }
        problems.push_back(violations.description +
                           (step != nullptr && step != responsible
                                ? " (last named by revision " + step->revision + ")"
                                : ""));
        mismatch = mismatch || violations.mismatch;
    }
    if (!problems.empty()) {
        throw step_failed(
            responsible != nullptr ? *responsible : steps.back(),
            "foreign key check at the end of the run failed: " + util::join(problems, "; "),
            foreign_key_hint(mismatch), Scope::run);
    }
}
std::map<std::string, long long> SqliteDatabase::foreign_key_violations() {
    std::map<std::string, long long> counts;
    // One pass over the whole database is cheap; only when SQLite cannot check some foreign
    // key at all ("foreign key mismatch") go table by table to find which.
    try {
        SQLite::Statement check(connection(), "PRAGMA foreign_key_check");
        while (check.executeStep()) {
            ++counts[check.getColumn(0).getString()];
        }
        return counts;
    } catch (const SQLite::Exception& error) {
        if (!contains(error.what(), "foreign key mismatch")) {
            throw;
        }
        counts.clear();
    }
    for (const auto& table : tables_with_foreign_keys(connection())) {
        if (long long count = count_violations(connection(), m_dialect, table); count > 0) {
            counts[table] = count;
        }
    }
    return counts;
}

// Taken once per connection, before the first step changes anything.
const std::map<std::string, long long>& SqliteDatabase::baseline_violations() {
    if (!m_baseline_violations) {
        m_baseline_violations = foreign_key_violations();
    }
    return *m_baseline_violations;
}

bool SqliteDatabase::has_version_tables() {
    return table_exists("mig_version") && table_exists("mig_history");
}

// Inside the caller's transaction, so a first step that fails leaves no bookkeeping tables.
void SqliteDatabase::ensure_version_tables() {
    if (m_tables_known || has_version_tables()) {
        return;
    }
    for (const auto& sql : m_dialect.create_version_tables()) {
        connection().exec(sql);
    }
}

void SqliteDatabase::stamp(const std::vector<std::string>& heads_removed,
                           const std::vector<std::string>& heads_added,
                           const std::vector<dialect::HistoryRecord>& history) {
    SQLite::Database& db = connection();
    try {
        ImmediateTransaction transaction(db, m_dialect);
        ensure_version_tables();
        exec_for_each(m_dialect.bookkeeping().delete_head, heads_removed);
        // OR IGNORE: stamping a revision the database is already at is not an error.
        exec_for_each(m_dialect.bookkeeping().insert_head_if_missing, heads_added);
        for (const auto& record : history) {
            insert_history(record);
        }
        transaction.commit();
        m_tables_known = true;
    } catch (const SQLite::Exception& error) {
        if (auto environment = environment_error(m_file, error.getExtendedErrorCode(),
                                                 db.getHandle(), "; the version was not changed")) {
            throw FailedError("cannot stamp: " + std::string(environment->what()),
                              environment->hint());
        }
        throw FailedError("cannot stamp " + m_file.string() + ": " + error.what() +
                          "; the version was not changed");
    }
}

std::optional<long long> SqliteDatabase::count_rows(const std::string& schema,
                                                    const std::string& table) {
    if (!exists()) {
        return std::nullopt;
    }
    const std::string schema_sql = m_dialect.quote_identifier(schema.empty() ? "main" : schema);
    try {
        SQLite::Statement find(connection(), "SELECT name FROM " + schema_sql +
                                                 ".sqlite_master WHERE type = 'table' AND "
                                                 "name = ?1 COLLATE NOCASE");
        find.bind(1, table);
        if (!find.executeStep()) {
            return std::nullopt;
        }
        SQLite::Statement count(connection(),
                                "SELECT count(*) FROM " + schema_sql + "." +
                                    m_dialect.quote_identifier(find.getColumn(0).getString()));
        count.executeStep();
        return count.getColumn(0).getInt64();
    } catch (const SQLite::Exception&) {
        return std::nullopt;  // an unknown schema: the statement that names it would fail anyway
    }
}

}  // namespace mig::db
