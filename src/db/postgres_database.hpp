#pragma once

#include "db/database.hpp"
#include "db/database_url.hpp"
#include "db/open_database.hpp"
#include "db/postgres_connection.hpp"
#include "dialect/postgres_dialect.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace mig::db {

// A PostgreSQL database through libpq (opened on demand, db/libpq.hpp).
//
// PostgreSQL has transactional DDL, so each step runs in `BEGIN ... COMMIT` with its
// bookkeeping (mig_version, mig_history in the dialect's schema, created inside the first
// step's transaction); a failing statement rolls the whole step back. A step marked `--
// mig:transaction off` runs statement by statement in autocommit (its own BEGIN/COMMIT
// honoured), and its bookkeeping is written in a transaction after the last statement; a
// failure names the statement and the statements that already took effect.
// run_steps_together (`--one-transaction`) runs every step in one transaction.
//
// StepFailed messages: `revision <rev> (<file>): statement <n> at line <l> failed: <message>
// (SQLSTATE <code>); DETAIL: ...; HINT: ...` followed by what was applied.
//
// read_only sessions are `default_transaction_read_only`, so a read can never write.
class PostgresDatabase final : public Database {
public:
    enum class Scope { step, run };

    PostgresDatabase(const DatabaseUrl& url, OpenMode mode, const std::string& schema,
                     const SessionSettings& settings);

    const dialect::Dialect& dialect() const override { return m_dialect; }
    std::vector<std::string> current_heads() override;
    std::vector<HistoryEntry> history() override;
    std::optional<HistoryEntry> arrival(const std::string& revision) override;
    void run_step(const StepWork& step) override;
    void run_steps_together(const std::vector<StepWork>& steps, const StepDone& step_done) override;
    void stamp(const std::vector<std::string>& heads_removed,
               const std::vector<std::string>& heads_added,
               const std::vector<dialect::HistoryRecord>& history) override;
    std::optional<long long> count_rows(const std::string& schema,
                                        const std::string& table) override;

    const PgConnection& connection() const { return m_connection; }

    // The migration lock (postgres_lock.hpp) of the database at `url`, on a connection of its
    // own, for mig's tables in `options.schema`.
    static std::unique_ptr<MigrationLock> acquire_lock(const DatabaseUrl& url,
                                                       const ConnectionOptions& options,
                                                       std::chrono::milliseconds timeout);

private:
    void run_in_transaction(const StepWork& step);
    void run_without_transaction(const StepWork& step);
    void execute_statements(const StepWork& step, Scope scope);
    void execute_statement(const StepWork& step, const dialect::Statement& statement, Scope scope,
                           std::size_t ran_before);
    void record_step(const StepWork& step, Scope scope);
    void insert_history(const dialect::HistoryRecord& record);
    bool table_exists(const char* table);
    void ensure_version_tables();
    void exec_for_each(const std::string& sql, const std::vector<std::string>& values);
    // ROLLBACK when a transaction is open or failed; never throws.
    void rollback_if_open() noexcept;

    dialect::PostgresDialect m_dialect;
    PgConnection m_connection;
    bool m_tables_known = false;  // set only once a transaction that ensured them committed
};

// What `[database]` asks of each session (statement_timeout, lock_timeout).
SessionSettings session_settings(const ConnectionOptions& options);

}  // namespace mig::db
