#pragma once

#include "schema/catalog.hpp"

#include <optional>
#include <string>
#include <vector>

// What SQLite's pragmas report, and how it combines with the parsed CREATE statements into
// schema values. No SQLite here: sqlite_introspect.cpp runs the queries.
namespace mig::db::detail {

// One row of PRAGMA table_xinfo.
struct PragmaColumn {
    std::string name;
    std::string type;
    bool not_null = false;
    std::optional<std::string> default_value;
    int pk = 0;
    int hidden = 0;  // 1: hidden (virtual tables), 2: generated VIRTUAL, 3: generated STORED
};

// The rows of PRAGMA foreign_key_list sharing one id.
struct PragmaForeignKey {
    int id = 0;
    std::string table;
    std::vector<std::string> from;
    std::vector<std::optional<std::string>> to;  // null when the parent key is implied
    std::string on_update;
    std::string on_delete;
    std::string match;
};

// One key row of PRAGMA index_xinfo.
struct PragmaIndexColumn {
    int cid = 0;  // -1: rowid, -2: an expression
    std::string name;
    bool desc = false;
    std::string collation;
};

// One row of PRAGMA index_list with its key columns and CREATE statement.
struct PragmaIndex {
    std::string name;
    std::string table;
    bool unique = false;
    std::string origin;  // c, u or pk
    std::vector<PragmaIndexColumn> columns;
    std::string sql;  // empty for automatic indexes
};

struct PragmaTable {
    std::string name;
    std::string sql;
    bool without_rowid = false;
    bool strict = false;
    std::vector<PragmaColumn> columns;
    std::vector<PragmaForeignKey> foreign_keys;  // by id
};

// Throw InputError naming the table or index when its CREATE statement cannot be read, or does
// not describe what the pragmas report.
schema::Table merge_table(const PragmaTable& facts);
schema::Index merge_index(const PragmaIndex& facts);
// A virtual table: its name and SQL.
schema::Table merge_virtual_table(const std::string& name, const std::string& sql);

}  // namespace mig::db::detail
