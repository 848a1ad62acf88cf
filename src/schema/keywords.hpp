#pragma once

#include <span>
#include <string_view>

namespace mig::schema {

// SQLite 3.40's keywords (https://sqlite.org/lang_keywords.html), upper case, sorted.
std::span<const std::string_view> sqlite_keywords();

// Whether `word` is one of them, in any letter case.
bool is_keyword(std::string_view word);

}  // namespace mig::schema
