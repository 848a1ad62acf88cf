#pragma once

#include "schema/catalog.hpp"

#include <SQLiteCpp/Database.h>

namespace mig::db {

// The schema of `database`'s main schema as a Catalog: every table (with its columns, keys and
// constraints), index (explicit and automatic), view and trigger, except SQLite's internal
// objects (sqlite_%) and mig's own mig_version and mig_history with their indexes and triggers.
// Virtual tables are kept by name and SQL; their shadow tables are left out.
//
// What SQLite's pragmas report is authoritative (table_list, table_xinfo, foreign_key_list,
// index_list, index_xinfo): columns, declared types, NOT NULL, primary key order, hidden and
// generated columns, foreign key columns and actions, index parts with their effective
// collation and order. The stored CREATE statements supply what the pragmas omit: DEFAULT as
// written, COLLATE, generated expressions, CHECK and UNIQUE constraints, constraint names,
// AUTOINCREMENT, ON CONFLICT, DEFERRABLE, index expressions and partial WHERE clauses.
//
// A handful of queries for the whole schema, whatever its size; the result depends only on the
// schema. Throws InputError naming the object whose CREATE statement cannot be read.
schema::Catalog introspect(SQLite::Database& database);

}  // namespace mig::db
