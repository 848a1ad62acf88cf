#pragma once

#include "schema/catalog.hpp"

#include <string_view>

namespace mig::schema {

// Reads a CREATE TABLE statement into a Table: every column with its declared type, NOT NULL,
// DEFAULT (as written), COLLATE, GENERATED ALWAYS AS (...) VIRTUAL/STORED and primary key
// position; the primary key (columns, CONSTRAINT name, AUTOINCREMENT, ON CONFLICT); UNIQUE,
// CHECK and FOREIGN KEY constraints, column- or table-level, with their names, actions, MATCH
// and DEFERRABLE clauses; WITHOUT ROWID and STRICT. `sql` keeps the statement.
//
// CREATE VIRTUAL TABLE gives a `virtual_table` with only its name and sql. Follows SQLite's
// grammar, including its leniencies (string literals as names, keywords SQLite accepts as
// names, table constraints without separating commas). Iterative: nesting depth costs nothing.
// Throws SqlSyntaxError for anything else, including CREATE TABLE ... AS SELECT (SQLite stores
// those with their column list).
Table parse_create_table(std::string_view sql);

}  // namespace mig::schema
