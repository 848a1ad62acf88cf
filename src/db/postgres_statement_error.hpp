#pragma once

// Where in a script PostgreSQL's error about one statement points: for every place that runs
// split statements on a server (the scratch database's model and replay; see
// db::PostgresDatabase for the runner's own wording).

#include "db/postgres_connection.hpp"
#include "dialect/statement.hpp"

#include <string>
#include <string_view>

namespace mig::db {

// The file line that PostgreSQL's error position (a 1-based count of characters, not bytes,
// into the statement's text) falls on, or 0 when there is none or it points into the comments
// before the statement's first token.
int postgres_error_line(const dialect::Statement& statement, int position);

// `CREATE TABLE "user" (...`: the statement's first line of code (comments before it left
// out, a final `;` dropped), cut to a readable length and marked with `...` when more
// follows, for one-line messages.
std::string statement_excerpt(std::string_view sql);

// "failed[ at line N]: MESSAGE (SQLSTATE ...); DETAIL: ...; HINT: ...": what follows
// "statement S at line L " in a message, naming the line of a long statement the server
// means when it is not the statement's first.
std::string describe_statement_failure(const dialect::Statement& statement,
                                       const PostgresErrorFields& error);

}  // namespace mig::db
