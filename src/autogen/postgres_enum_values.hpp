#pragma once

#include "ops/postgres_operation.hpp"
#include "schema/postgres_catalog.hpp"

#include <string>
#include <string_view>
#include <vector>

// When may `ALTER TYPE ... ADD VALUE` run inside the revision's transaction? PostgreSQL 12+
// runs it there, but refuses any use of the new value before the transaction commits ("unsafe
// use of new value"): a literal naming it (a default, a CHECK, a view, an index predicate, an
// SQL function's body, an array literal) or a row converted to the type holding it. Shared by
// render (Rendered::transaction_off) and compare (which recreates such a type instead, so that
// a generated revision never needs to run outside a transaction).
namespace mig::autogen::pg::detail {

// The values an AlterEnum adds with ADD VALUE; none when it recreates the type.
std::vector<std::string> added_values(const ops::pg::AlterEnum& op);

// The contents of the string literals of SQL text: '...' (with '' and, after E, backslash
// escapes) and the literals of dollar-quoted bodies (`$function$...$function$`, read as SQL
// in turn, where a dollar-quoted string is a literal too); comments and quoted identifiers
// skipped.
std::vector<std::string> string_literals(std::string_view sql);

// Is `operations[at]` an AlterEnum whose added values another operation of `operations` uses,
// so that ADD VALUE would have to commit first? Conservative: a literal that contains a new
// value anywhere (`'{happy,new}'`), a column or domain whose rows are converted to the type (or
// an array of it, or a domain over it: `desired`'s), and a call of enum_range, enum_first or
// enum_last (which list every value) count as uses.
bool added_values_used(const std::vector<ops::pg::Operation>& operations, std::size_t at,
                       const schema::pg::Catalog& desired);

}  // namespace mig::autogen::pg::detail
