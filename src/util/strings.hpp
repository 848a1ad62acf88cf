#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::util {

std::string_view trim(std::string_view text);
std::string_view trim_left(std::string_view text);
std::vector<std::string> split_whitespace(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
bool starts_with_ci(std::string_view text, std::string_view prefix);
bool equals_ci(std::string_view a, std::string_view b);
std::string to_lower(std::string_view text);

// 1-based line number of byte `offset` in `text`.
int line_of_offset(std::string_view text, std::size_t offset);

// A field of a tab-separated line: backslash, tab and newline escaped (`\\`, `\t`, `\n`),
// every other byte kept. unescape_field undoes it; nullopt for a broken escape.
std::string escape_field(std::string_view text);
std::optional<std::string> unescape_field(std::string_view text);

// "a, b and c" for messages.
std::string quoted_list(const std::vector<std::string>& items);

}  // namespace mig::util
