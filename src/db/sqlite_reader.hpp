#pragma once

#include "util/error.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <string>

namespace mig::db {

// Opens an existing SQLite database file read-only for mig's read commands and copies.
//
// A program killed in the middle of a write transaction leaves a hot journal (`-journal`
// with content, or a `-wal` without its index); SQLite must roll it back before anyone may
// read, and a read-only connection cannot ("attempt to write a readonly database"). As the
// sqlite3 CLI does, this then opens the file read-write just long enough for SQLite to roll
// the journal back (SQLite's own file locks keep that safe against live writers: a journal is
// hot only when no writer holds it), and reopens read-only. When mig may not write the
// file or its folder, the error says what happened and what to run.
//
// Every failure is a FailedError naming the file (see environment_error).
std::unique_ptr<SQLite::Database> open_for_reading(const std::filesystem::path& file,
                                                   int busy_timeout_ms);

// Reads the schema once, so that a hot journal or a file that is not a database shows now
// rather than in the middle of a command. Throws SQLite::Exception.
void probe_database(SQLite::Database& database);

// The FailedError for `error` on `file`: environment_error's message when the environment
// is at fault, else "<what> <file>: <SQLite's message>".
FailedError sqlite_failure(const std::filesystem::path& file, const SQLite::Exception& error,
                           sqlite3* connection, const std::string& what);

}  // namespace mig::db
