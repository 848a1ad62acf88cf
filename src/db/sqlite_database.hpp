#pragma once

#include "db/database.hpp"
#include "db/sqlite_backups.hpp"
#include "dialect/sqlite_dialect.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace mig::db {

// SQLite through SQLiteCpp.
//
// Each step runs with foreign-key enforcement off (SQLite ignores the pragma inside a
// transaction, and real scripts rebuild tables), inside `BEGIN IMMEDIATE ... COMMIT`;
// before committing, `PRAGMA foreign_key_check` must show no violation beyond those the
// database already had when the run started, else the step rolls back naming the table
// and rows. The connection's foreign_keys and legacy_alter_table settings are restored
// after every step. Which script statements run, are skipped (BEGIN/COMMIT and PRAGMA
// foreign_keys in a transactional step: mig owns the transaction) or refused (ROLLBACK) is
// the dialect's policy (Dialect::action).
//
// A non-transactional step (`-- mig:transaction off`) runs its statements as written (its
// own BEGIN/COMMIT/PRAGMA honoured; a transaction it leaves open is rolled back and fails
// the step), then records the version in a transaction of its own with the same foreign
// key check. Its failures say that the revision may be partly applied.
//
// run_steps_together (`--one-transaction`) runs every step in one `BEGIN IMMEDIATE ...
// COMMIT` and checks foreign keys once, before the COMMIT; a new violation names the
// revision that last touched the table where that can be told.
//
// StepFailed messages: `revision <rev> (<file>): statement <n> at line <l> failed: <error>`
// followed by `; nothing of this revision was applied` for transactional steps (`; nothing of
// this run was applied` with run_steps_together).
class SqliteDatabase final : public Database {
public:
    // How a failure reads: one step (`nothing of this revision was applied`) or a whole
    // `--one-transaction` run (`nothing of this run was applied`).
    enum class Scope { step, run };

    // read_only never creates the file; `exists()` tells whether it was there.
    SqliteDatabase(std::filesystem::path file, OpenMode mode);
    ~SqliteDatabase() override;

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

    Backups* backups() override { return &m_backups; }
    bool created_by_this_open() const override { return m_created; }
    void discard_created() noexcept override;

    const std::filesystem::path& file() const { return m_file; }
    SQLite::Database& connection();  // throws when the file did not exist in read_only mode
    bool exists() const { return m_connection != nullptr; }

    // `<dir of db>/.mig/`: the lock file and backups live here, never in tracked files.
    static std::filesystem::path state_dir(const std::filesystem::path& database_file);

    // The migration lock of a database file: `<state_dir>/<name>.lock`, flock'd (creating the
    // database's folder when missing, as opening it read_write would).
    static std::unique_ptr<MigrationLock> acquire_lock(const std::filesystem::path& database_file,
                                                       std::chrono::milliseconds timeout);

private:
    void run_in_transaction(const StepWork& step);
    void run_without_transaction(const StepWork& step);
    void run_all_in_transaction(const std::vector<StepWork>& steps, const StepDone& step_done);
    void execute_statements(const StepWork& step, Scope scope);
    void execute_statement(const StepWork& step, const dialect::Statement& statement, Scope scope);
    void record_step(const StepWork& step, Scope scope);
    void insert_history(const dialect::HistoryRecord& record);
    void check_foreign_keys(const StepWork& step, Scope scope);
    void check_foreign_keys_of_run(const std::vector<StepWork>& steps);

    // A bookkeeping statement (a text of m_dialect.bookkeeping(), keyed by its address),
    // prepared once per connection, reset and unbound for this use.
    SQLite::Statement& prepared(const std::string& sql);
    bool table_exists(const char* table);
    bool head_present(const std::string& revision);
    // Runs the one-parameter statement `sql` once per value.
    void exec_for_each(const std::string& sql, const std::vector<std::string>& values);
    // The connection's foreign_keys and legacy_alter_table when first used.
    const std::pair<int, int>& original_settings();

    struct NewViolations {
        std::string table;
        std::string description;
        bool mismatch = false;  // SQLite could not check the table's foreign keys at all
    };
    std::vector<NewViolations> new_violations();

    bool has_version_tables();
    void ensure_version_tables();
    // PRAGMA foreign_key_check row counts per table that has foreign keys.
    std::map<std::string, long long> foreign_key_violations();
    const std::map<std::string, long long>& baseline_violations();

    std::filesystem::path m_file;
    dialect::SqliteDialect m_dialect;
    SqliteBackups m_backups;
    bool m_created = false;  // read_write open of a file that did not exist
    std::unique_ptr<SQLite::Database> m_connection;
    std::map<const std::string*, std::unique_ptr<SQLite::Statement>> m_prepared;
    std::optional<std::map<std::string, long long>> m_baseline_violations;
    std::optional<std::pair<int, int>> m_original_settings;  // foreign_keys, legacy_alter_table
    bool m_tables_known = false;  // set only once a transaction that ensured them committed
};

}  // namespace mig::db
