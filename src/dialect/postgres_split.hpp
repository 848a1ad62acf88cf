#pragma once

#include "dialect/statement.hpp"

#include <string_view>
#include <vector>

namespace mig::dialect {

// Splits a section of a PostgreSQL revision script into statements where psql would send
// them to the server (psql's lexer, src/fe_utils/psqlscan.l, PostgreSQL 15): a `;` ends a
// statement unless it is inside
//   - a string: '...' ('' is a quote; standard_conforming_strings on, the default since 9.1),
//     E'...' (backslash escapes), U&'...', B'...', X'...', N'...';
//   - a quoted identifier "..." or U&"...";
//   - a dollar-quoted body $$ ... $$ or $tag$ ... $tag$ (a `$` inside an identifier such as
//     a$b, or a parameter such as $1, starts none);
//   - a `--` comment (to the end of the line) or a /* */ comment, which nest;
//   - parentheses (psql counts them: `SELECT (1; 2)` is one statement, which the server
//     then rejects);
//   - the BEGIN ... END body of CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC
//     (psql's heuristic: BEGIN, CASE and END counted outside parentheses in a statement
//     that starts that way).
// psql's meta-commands (\copy, \i, \;) are psql's, not SQL: a backslash is an ordinary
// character here, and the server rejects it.
//
// The Statement contract is the SQLite splitter's (statement.hpp): comments before a
// statement are kept with it, its text ends with its `;` or its last token, `line` is the
// line of its first token, counting from `first_line`. Comment-only text and empty
// statements (`;`) yield nothing. Unterminated strings, quoted identifiers and bodies run to
// the end of the text and so does an unterminated /* comment, which, unlike a closed one,
// is kept as content so the server reports it.
std::vector<Statement> split_postgres(std::string_view sql, int first_line);

}  // namespace mig::dialect
