#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string_view>

namespace mig::db {

// A private, empty in-memory SQLite database with foreign-key enforcement off: schemas built
// here are compared, never stored, and their DDL may create tables in any order or insert
// rows before their parents exist.
std::unique_ptr<SQLite::Database> open_memory_database();

// Runs `ddl` on `database` statement by statement (split with SQLite's own rules), as
// written: meant for CREATE TABLE / INDEX / VIEW / TRIGGER, but INSERTs, PRAGMAs and a
// `.dump`'s BEGIN/COMMIT run too. `first_line` is the line of `source_name` where `ddl`
// starts. The first failing statement throws a ParseError (exit 2) located in the source:
//   models/schema.sql:12: CREATE TABLE "user" (...: near "INTEGR": syntax error
// naming the statement by its first line of code (comments before it skipped), with `hint`
// (what to do next: the caller knows where the DDL comes from).
void load_ddl(SQLite::Database& database, std::string_view ddl, std::string_view source_name,
              int first_line, std::string_view hint = {});

}  // namespace mig::db
