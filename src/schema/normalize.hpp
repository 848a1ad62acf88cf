#pragma once

#include <string>
#include <string_view>

namespace mig::schema {

// A canonical spelling of SQL text, for semantic equality: two texts that SQLite reads the same
// way normalize to the same string. Built from the tokens alone, so the source's layout never
// shows through:
//   - comments and a statement's final `;` removed; tokens re-joined with single spaces by fixed
//   rules (none inside
//     parentheses' edges, before `,` or around `.`; none after a unary sign; none between a name
//     and its `(`), so `f( a,b )` and `f(a , b)` both give `f(a, b)`;
//   - keywords lower-cased (`NOT NULL` -> `not null`);
//   - identifiers case-folded (ASCII, as SQLite does) and written bare when they are plain
//     non-keyword names (`"Users"`, `[users]`, `` `USERS` `` -> `users`); names that need quotes
//     keep them, re-quoted with `"` (`[order]` -> `"order"`, `"first name"` -> `"first name"`);
//   - string literals untouched ('Abc' and 'abc' differ); blob and number letters lower-cased
//     (X'AB' -> x'ab', 1E3 -> 1e3); `==` -> `=` and `<>` -> `!=`, which SQLite treats as equal.
// Known limits: a keyword SQLite also accepts as a name (`key`, `action`) compares unequal to its
// quoted form, and a double-quoted string literal (SQLite's legacy fallback) is folded like a
// name. Both err towards reporting a difference, never towards hiding one.
std::string normalize_sql(std::string_view sql);

// normalize_sql, then parentheses that enclose the whole expression removed, any number of
// times: `(1 + 2)`, `((1+2))` and `1+2` are one expression (`DEFAULT (1)` is `DEFAULT 1`).
std::string normalize_expression(std::string_view expression);

}  // namespace mig::schema
