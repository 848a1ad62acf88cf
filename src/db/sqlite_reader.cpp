#include "db/sqlite_reader.hpp"

#include "db/sqlite_errors.hpp"

#include <sqlite3.h>

namespace mig::db {

namespace fs = std::filesystem;

namespace {

std::unique_ptr<SQLite::Database> open_read_only(const fs::path& file, int busy_timeout_ms) {
    try {
        return std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READONLY,
                                                  busy_timeout_ms);
    } catch (const SQLite::Exception& error) {
        throw sqlite_failure(file, error, nullptr, "cannot open the SQLite database");
    }
}

// Lets SQLite roll back the hot journal through a short-lived read-write connection.
void roll_back_hot_journal(const fs::path& file, int busy_timeout_ms) {
    try {
        SQLite::Database writer(file.string(), SQLite::OPEN_READWRITE, busy_timeout_ms);
        if (sqlite3_db_readonly(writer.getHandle(), "main") == 1) {
            throw unrecovered_journal_error(file);  // the file itself is not writable
        }
        probe_database(writer);
    } catch (const SQLite::Exception& error) {
        int code = error.getExtendedErrorCode();
        if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN ||
            (code & 0xff) == SQLITE_PERM) {
            throw unrecovered_journal_error(file);
        }
        throw sqlite_failure(file, error, nullptr,
                             "cannot roll back the hot journal of the SQLite database");
    }
}

}  // namespace

void probe_database(SQLite::Database& database) {
    database.exec("SELECT count(*) FROM sqlite_master");
}

FailedError sqlite_failure(const fs::path& file, const SQLite::Exception& error,
                           sqlite3* connection, const std::string& what) {
    if (auto environment = environment_error(file, error.getExtendedErrorCode(), connection)) {
        return *environment;
    }
    return FailedError(what + " " + file.string() + ": " + error.what());
}

std::unique_ptr<SQLite::Database> open_for_reading(const fs::path& file, int busy_timeout_ms) {
    auto database = open_read_only(file, busy_timeout_ms);
    try {
        probe_database(*database);
        return database;
    } catch (const SQLite::Exception& error) {
        if (!is_unrecovered_journal(error.getExtendedErrorCode())) {
            throw sqlite_failure(file, error, database->getHandle(),
                                 "cannot read the SQLite database");
        }
    }
    database.reset();
    roll_back_hot_journal(file, busy_timeout_ms);
    database = open_read_only(file, busy_timeout_ms);
    try {
        probe_database(*database);
    } catch (const SQLite::Exception& error) {
        throw sqlite_failure(file, error, database->getHandle(), "cannot read the SQLite database");
    }
    return database;
}

}  // namespace mig::db
