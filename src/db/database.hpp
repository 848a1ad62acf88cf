#pragma once

#include "db/backups.hpp"
#include "dialect/dialect.hpp"
#include "dialect/statement.hpp"
#include "util/error.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mig::db {

// read_only never creates a database (SQLite: the file) and never writes.
enum class OpenMode { read_only, read_write };

// Everything one revision step needs to run: its statements, and the bookkeeping that
// commits with it.
struct StepWork {
    std::string revision;  // for messages
    std::string file;      // for messages (display path)
    std::vector<dialect::Statement> statements;
    bool transactional = true;  // false with `-- mig:transaction off`
    std::vector<std::string> heads_removed;
    std::vector<std::string> heads_added;
    dialect::HistoryRecord history;
};

// A statement of a step failed; the step was rolled back (or, for a non-transactional
// step, stopped where it failed). Exit 1.
class StepFailed : public FailedError {
public:
    StepFailed(const std::string& message, std::string hint, int statement_number, int line)
        : FailedError(message, std::move(hint)),
          m_statement_number(statement_number),
          m_line(line) {}
    int statement_number() const { return m_statement_number; }
    int line() const { return m_line; }

private:
    int m_statement_number;
    int m_line;
};

// A mig_history row as read back.
struct HistoryEntry {
    long long id = 0;
    dialect::HistoryRecord record;
};

// Held for a whole run so that two mig processes never interleave; released on destruction.
// It owns what holds it (SQLite: a flock'd file; PostgreSQL: a session advisory lock on a
// connection of its own), independent of any Database object: see acquire_migration_lock
// (open_database.hpp).
class MigrationLock {
public:
    virtual ~MigrationLock() = default;
};

// Called after each step of run_steps_together ran (index into the steps); nothing is
// committed before the last.
using StepDone = std::function<void(std::size_t step_index)>;

// A connection to a migrated database. Implementations: SqliteDatabase (PostgreSQL next).
// Made by open_database (open_database.hpp), the one place that chooses by URL scheme.
class Database {
public:
    virtual ~Database() = default;

    virtual const dialect::Dialect& dialect() const = 0;

    // The rows of mig_version, sorted; empty when the tables do not exist yet (base).
    virtual std::vector<std::string> current_heads() = 0;
    // mig_history oldest first; empty when the table does not exist.
    virtual std::vector<HistoryEntry> history() = 0;
    // The latest mig_history row that moved the database to `revision` (not a downgrade);
    // nullopt when none (or no table). What `mig current` shows without reading the history.
    virtual std::optional<HistoryEntry> arrival(const std::string& revision) = 0;

    // Runs one step atomically: statements, then mig_version and mig_history, in one
    // transaction (creating the bookkeeping tables inside it when missing). On failure
    // everything of the step is rolled back and StepFailed names the revision, file,
    // statement number, line and the database's message. Statements follow
    // dialect().action(statement, step.transactional).
    virtual void run_step(const StepWork& step) = 0;

    // `--one-transaction`: every step with its bookkeeping in ONE transaction, all or
    // nothing. `step_done(i)` is called once step i ran (uncommitted). On failure
    // everything is rolled back and StepFailed names the revision and statement and says
    // that nothing of the run was applied. Every step must be transactional (the caller
    // refuses `-- mig:transaction off` before anything runs): std::logic_error otherwise.
    virtual void run_steps_together(const std::vector<StepWork>& steps,
                                    const StepDone& step_done) = 0;

    // Sets the version rows without running scripts, recording `history` rows, in one
    // transaction. Adding a head that is already there is not an error.
    virtual void stamp(const std::vector<std::string>& heads_removed,
                       const std::vector<std::string>& heads_added,
                       const std::vector<dialect::HistoryRecord>& history) = 0;

    // The rows of a table of this database, or nullopt when it has no such table: what a
    // downgrade that drops it would lose (`mig sync` refuses that without --yes). `schema`
    // as a statement qualifies the name, empty for an unqualified one; the table is found as
    // the database resolves a name written without quotes (SQLite: any case; PostgreSQL: as
    // written, else in lower case).
    virtual std::optional<long long> count_rows(const std::string& schema,
                                                const std::string& table) = 0;

    // --- optional capabilities ------------------------------------------------------------

    // The automatic backups of this database; nullptr when it has none inside mig (a server
    // database: the workflow reports that no backup was taken).
    virtual Backups* backups() { return nullptr; }

    // Whether opening this connection (read_write) created the database (SQLite: a new
    // file). Always false for a server database, which mig never creates.
    virtual bool created_by_this_open() const { return false; }
    // Closes the connection and removes the database it created, when nothing was committed
    // to it, so that a failed first upgrade leaves nothing behind. The object is unusable
    // afterwards. Does nothing when the database was not created by this open. Never throws.
    virtual void discard_created() noexcept {}
};

}  // namespace mig::db
