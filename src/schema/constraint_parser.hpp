#pragma once

#include "schema/catalog.hpp"
#include "schema/token_cursor.hpp"

// The constraint clauses of CREATE TABLE, for create_table_parser.cpp.
namespace mig::schema::detail {

// Whether the cursor is at a column constraint: CONSTRAINT, PRIMARY, NOT, NULL, UNIQUE, CHECK,
// DEFAULT, COLLATE, REFERENCES, AS, or GENERATED ALWAYS.
bool at_column_constraint(const TokenCursor& cursor);

// One column constraint, with its optional CONSTRAINT name, applied to `column` and, for
// PRIMARY KEY, UNIQUE, CHECK and REFERENCES, to `table`.
void parse_column_constraint(TokenCursor& cursor, Table& table, Column& column);

// Whether the cursor is at a table constraint: CONSTRAINT, PRIMARY, UNIQUE, CHECK or FOREIGN.
bool at_table_constraint(const TokenCursor& cursor);

// One table constraint, with its optional CONSTRAINT name. Columns named by PRIMARY KEY must
// already be in `table.columns`; their pk_position is set.
void parse_table_constraint(TokenCursor& cursor, Table& table);

}  // namespace mig::schema::detail
