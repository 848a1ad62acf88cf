#pragma once

#include "schema/catalog.hpp"

#include <string>
#include <string_view>
#include <vector>

// SQLite DDL text from schema values, for render.cpp. Pure: no I/O.
namespace mig::autogen::sqlite {

// `name` in double quotes with inner quotes doubled: user -> "user", a"b -> "a""b". Generated
// statements quote every name, as the contract's examples do: a reader never has to know which
// words are keywords (in SQLite or in PostgreSQL), and a later keyword cannot break a script.
std::string quote(std::string_view name);

// A collation name (NOCASE, RTRIM, BINARY or one an application registers): as is when it
// needs no quotes, since quoting built-in collations only makes them harder to read.
std::string quote_collation(std::string_view name);

// A column definition as it follows ADD COLUMN or sits in CREATE TABLE: name, declared type,
// NOT NULL, DEFAULT, COLLATE and GENERATED ALWAYS AS, in that order. `table`, when given,
// adds what the table keeps for this column: a single-column PRIMARY KEY (with its name, DESC
// when `keys` (key_indexes) say so, ON CONFLICT and AUTOINCREMENT) and the CHECKs written on
// the column.
std::string column_definition(const schema::Column& column, const schema::Table* table = nullptr,
                              const std::vector<const schema::Index*>& keys = {});

// What follows ADD COLUMN: column_definition(column), then `checks` and `foreign_keys` written
// as column constraints (`CHECK (...)`, `REFERENCES t (c) ON DELETE ...`), where SQLite keeps
// them.
std::string added_column_definition(const schema::Column& column,
                                    const std::vector<schema::CheckConstraint>& checks,
                                    const std::vector<schema::ForeignKey>& foreign_keys);

// The automatic indexes of `table` in `catalog` (those of its PRIMARY KEY and UNIQUE
// constraints): they hold what the Table value does not, each key column's ASC/DESC and
// COLLATE.
std::vector<const schema::Index*> key_indexes(const schema::Catalog& catalog,
                                              const schema::Table& table);

// CREATE TABLE `name` for `table`, without the final `;`. The stored `sql` when it defines
// exactly `table` (parsed and compared semantically), renamed to `name` when that differs;
// otherwise generated_create_table.
std::string create_table(const schema::Table& table, std::string_view name,
                         const std::vector<const schema::Index*>& keys = {});

// CREATE TABLE generated from the values (never the stored `sql`), one column or constraint per
// line, without the final `;`. `keys` (key_indexes) add ASC/DESC and COLLATE to key columns.
std::string generate_create_table(const schema::Table& table, std::string_view name,
                                  const std::vector<const schema::Index*>& keys = {});

// CREATE [UNIQUE] INDEX for `index`, without the final `;`: its stored `sql`, or one generated
// from its parts when it has none.
std::string create_index(const schema::Index& index);

// `sql` without trailing blanks and `;`, through defuse_directive_comments: SQL from the model
// is written verbatim into revision files.
std::string statement(std::string_view sql);

// `sql` with every comment line that mig's revision parser would read as a directive
// (`-- mig:NAME`) turned into a plain comment (`-- mig :NAME`): a model may carry such comments
// inside a view or trigger, and a revision must parse back. Text inside string literals and
// quoted names is left alone.
std::string defuse_directive_comments(std::string_view sql);

}  // namespace mig::autogen::sqlite
