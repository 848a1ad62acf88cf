#pragma once

#include "dialect/dialect.hpp"

#include <SQLiteCpp/Database.h>

#include <limits>
#include <string>
#include <vector>

// Internal to the SQLite database: reading `PRAGMA foreign_key_check` table by table, the
// fallback when the whole-database check fails, and the words that name a violation.
namespace mig::db {

// Stands for "the check itself failed" (a foreign key mismatch) in violation counts, so
// that a table which could not be checked before the run does not block every step.
inline constexpr long long k_check_failed = std::numeric_limits<long long>::max();

// Tables that declare at least one foreign key, by name.
std::vector<std::string> tables_with_foreign_keys(SQLite::Database& db);

// Rows of `table` whose parent row is missing; k_check_failed on "foreign key mismatch".
long long count_violations(SQLite::Database& db, const dialect::Dialect& dialect,
                           const std::string& table);

// `table "child": 2 rows reference missing rows of "parent" (rowids 3, 7)`.
std::string describe_violations(SQLite::Database& db, const dialect::Dialect& dialect,
                                const std::string& table, long long count);

}  // namespace mig::db
