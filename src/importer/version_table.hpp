#pragma once

// The source tool's version table: which query reads it, and which imported revision the rows
// say the database is at. Pure: the workflow runs the query through the db layer.

#include "importer/importer.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::importer {

// One row of a query, each value as text (NULL: nullopt; booleans as "1"/"0" or "t"/"f").
using Row = std::vector<std::optional<std::string>>;

struct VersionTableQuery {
    std::string schema;  // empty: the database's default (SQLite: main; PostgreSQL: search_path)
    std::string table;
    std::string sql;  // reads the rows `locate` expects, in the order it expects
    // A file of its own beside the database file that holds the table (sqitch on SQLite).
    std::optional<std::string> registry_file;
};

// How to read `format`'s version table on the database whose URL scheme is `scheme`
// ("sqlite" or "postgresql"): the other tool's own layout, which differs by database for
// sqitch (its registry is the `sqitch` schema on PostgreSQL, `sqitch.db` beside an SQLite
// database).
VersionTableQuery version_table_query(Format format, std::string_view scheme);

// Where the rows put the database, in mig's revision ids.
struct SourcePosition {
    enum class State {
        base,     // the table is there but records nothing applied
        at,       // `revision_ids` (several for Alembic branches)
        unknown,  // a version the imported folder does not have: `problem` says which
    };
    State state = State::base;
    std::vector<std::string> revision_ids;
    std::string problem;
    // Worth knowing before stamping: a dirty golang-migrate version, versions applied out of
    // order or missing below the one stamped.
    std::vector<std::string> warnings;
};

SourcePosition locate(const ImportedHistory& history, const std::vector<Row>& rows);

}  // namespace mig::importer
