#pragma once

#include "util/error.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;

namespace mig::db {

// Failures of the database file's environment rather than of SQL: a read-only file or
// folder, a full disk, a path that is a folder or whose folder is missing, a file that is
// not a database, an I/O error. They must never read as "fix statement 1 of the revision".
//
// The error for SQLite's `extended_code`, naming `file` and the fix, with `outcome` (e.g.
// "; nothing was changed") after the cause; nullopt for an ordinary SQL error. `connection`,
// when still open, supplies the operating system's errno behind an I/O error.
std::optional<FailedError> environment_error(const std::filesystem::path& file, int extended_code,
                                             sqlite3* connection, std::string_view outcome = {});

// True for SQLite's "cannot roll back a hot journal / recover a WAL without write access".
bool is_unrecovered_journal(int extended_code);

// The message for a hot journal (or WAL) that only a writer can roll back, when mig cannot
// write: says what happened and what to run.
FailedError unrecovered_journal_error(const std::filesystem::path& file);

}  // namespace mig::db
