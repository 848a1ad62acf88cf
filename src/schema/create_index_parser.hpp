#pragma once

#include "schema/catalog.hpp"

#include <string_view>

namespace mig::schema {

// Reads a CREATE [UNIQUE] INDEX statement into an Index with origin `create_index`: its name,
// table, uniqueness, parts and partial WHERE clause, and `sql`. A part is a column when it is a
// single name, else an expression (as written); a trailing COLLATE and ASC/DESC are taken off
// into the part's collation (empty when not written) and order. Throws SqlSyntaxError.
Index parse_create_index(std::string_view sql);

}  // namespace mig::schema
