#pragma once

// Reading a table mig does not own (another migration tool's version table, for `mig import`),
// read-only, on any database mig can open.

#include "db/database_url.hpp"
#include "db/open_database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::db {

using TextRow = std::vector<std::optional<std::string>>;  // each value as text, NULL: nullopt

struct TableRows {
    enum class Found { no_database, no_table, rows };
    Found found = Found::no_database;
    std::vector<TextRow> rows;
};

// The rows of `query` when `table` (in `schema`, empty: the database's default) exists.
// no_database when the SQLite file does not exist (never created); a server database that
// cannot be reached is a FailedError, as for any command. Opens read-only and writes nothing.
TableRows read_table_rows(const DatabaseUrl& url, const ConnectionOptions& options,
                          const std::string& schema, const std::string& table,
                          const std::string& query);

}  // namespace mig::db
