#pragma once

#include "dialect/dialect.hpp"
#include "dialect/statement.hpp"
#include "util/error.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mig::db {

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
class MigrationLock {
public:
    virtual ~MigrationLock() = default;
};

// A connection to a migrated database. Implementations: SqliteDatabase (PostgreSQL next).
class Database {
public:
    virtual ~Database() = default;

    virtual const dialect::Dialect& dialect() const = 0;

    // The rows of mig_version, sorted; empty when the tables do not exist yet (base).
    virtual std::vector<std::string> current_heads() = 0;
    // mig_history oldest first; empty when the table does not exist.
    virtual std::vector<HistoryEntry> history() = 0;

    // Waits up to `timeout` for the exclusive migration lock; FailedError naming the lock
    // and the timeout when another process keeps it.
    virtual std::unique_ptr<MigrationLock> lock(std::chrono::milliseconds timeout) = 0;

    // Runs one step atomically: statements, then mig_version and mig_history, in one
    // transaction (creating the bookkeeping tables inside it when missing). On failure
    // everything of the step is rolled back and StepFailed names the revision, file,
    // statement number, line and the database's message.
    virtual void run_step(const StepWork& step) = 0;

    // Sets the version rows without running scripts, recording `history` rows, in one
    // transaction. Adding a head that is already there is not an error.
    virtual void stamp(const std::vector<std::string>& heads_removed,
                       const std::vector<std::string>& heads_added,
                       const std::vector<dialect::HistoryRecord>& history) = 0;
};

}  // namespace mig::db
