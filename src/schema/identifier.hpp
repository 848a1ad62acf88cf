#pragma once

#include <string>
#include <string_view>

namespace mig::schema {

// SQLite folds identifier case for ASCII letters only ("User" and "USER" name the same table,
// "É" and "é" do not), so every comparison and map key in this layer goes through these.
std::string fold_identifier(std::string_view name);
bool identifiers_equal(std::string_view a, std::string_view b);

// A name that needs no quoting anywhere: a letter, `_` or a non-ASCII byte, then letters,
// digits, `_`, `$` or non-ASCII bytes, and not an SQLite keyword (any case).
bool is_plain_identifier(std::string_view name);

// `name` in double quotes, inner double quotes doubled: always a valid SQL identifier.
std::string quoted_identifier(std::string_view name);

}  // namespace mig::schema
