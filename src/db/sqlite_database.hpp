#pragma once

#include "db/database.hpp"
#include "dialect/sqlite_dialect.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace mig::db {

enum class OpenMode { read_only, read_write };

// SQLite through SQLiteCpp.
//
// Each step runs with foreign-key enforcement off (SQLite ignores the pragma inside a
// transaction, and real scripts rebuild tables), inside `BEGIN IMMEDIATE ... COMMIT`;
// before committing, `PRAGMA foreign_key_check` must show no violation beyond those the
// database already had when the run started, else the step rolls back naming the table
// and rows. The connection's foreign_keys and legacy_alter_table settings are restored
// after every step. A script's own BEGIN/COMMIT and PRAGMA foreign_keys statements are
// skipped in transactional steps (mig owns the transaction); ROLLBACK is an error.
//
// A non-transactional step (`-- mig:transaction off`) runs its statements as written (its
// own BEGIN/COMMIT/PRAGMA honoured; a transaction it leaves open is rolled back and fails
// the step), then records the version in a transaction of its own with the same foreign
// key check. Its failures say that the revision may be partly applied.
//
// StepFailed messages: `revision <rev> (<file>): statement <n> at line <l> failed: <error>`
// followed by `; nothing of this revision was applied` for transactional steps.
class SqliteDatabase final : public Database {
public:
    // read_only never creates the file; `exists()` tells whether it was there.
    SqliteDatabase(std::filesystem::path file, OpenMode mode);
    ~SqliteDatabase() override;

    const dialect::Dialect& dialect() const override { return m_dialect; }
    std::vector<std::string> current_heads() override;
    std::vector<HistoryEntry> history() override;
    std::unique_ptr<MigrationLock> lock(std::chrono::milliseconds timeout) override;
    void run_step(const StepWork& step) override;
    void stamp(const std::vector<std::string>& heads_removed,
               const std::vector<std::string>& heads_added,
               const std::vector<dialect::HistoryRecord>& history) override;

    const std::filesystem::path& file() const { return m_file; }
    SQLite::Database& connection();  // throws when the file did not exist in read_only mode
    bool exists() const { return m_connection != nullptr; }

    // `<dir of db>/.mig/`: the lock file and backups live here, never in tracked files.
    static std::filesystem::path state_dir(const std::filesystem::path& database_file);

private:
    // Which statements of a script mig lets through: in a transactional step mig owns the
    // transaction, so the script's BEGIN/COMMIT and PRAGMA foreign_keys are skipped.
    enum class ScriptControl { owned_by_mig, honoured };

    void run_in_transaction(const StepWork& step);
    void run_without_transaction(const StepWork& step);
    void execute_statements(const StepWork& step, ScriptControl control);
    void execute_statement(const StepWork& step, const dialect::Statement& statement,
                           ScriptControl control);
    void record_step(const StepWork& step);
    void insert_history(const dialect::HistoryRecord& record);
    void check_foreign_keys(const StepWork& step);

    bool has_version_tables();
    void ensure_version_tables();
    // PRAGMA foreign_key_check row counts per table that has foreign keys.
    std::map<std::string, long long> foreign_key_violations();
    const std::map<std::string, long long>& baseline_violations();

    std::filesystem::path m_file;
    dialect::SqliteDialect m_dialect;
    std::unique_ptr<SQLite::Database> m_connection;
    std::optional<std::map<std::string, long long>> m_baseline_violations;
    std::optional<std::pair<int, int>> m_original_settings;  // foreign_keys, legacy_alter_table
    bool m_tables_known = false;  // set only once a transaction that ensured them committed
};

}  // namespace mig::db
