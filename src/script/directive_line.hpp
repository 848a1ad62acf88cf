#pragma once

// Internal to the script layer: recognising `-- mig:` directive lines, shared by the parser
// and the template expander so both agree on what a directive is.

#include "util/strings.hpp"

#include <optional>
#include <string_view>

namespace mig::script {

// A line of the form `-- mig:NAME ARGUMENT`, split into its parts (views into the line).
struct DirectiveLine {
    std::string_view name;      // up to the first whitespace; may be empty (`-- mig:` alone)
    std::string_view argument;  // the rest, trimmed
};

// The directive on `line`, or nullopt when the line is not one: its trimmed form must start
// with `--`, then optional spaces or tabs, then `mig:`. No allocation, as the parser calls
// this for every line of every script.
inline std::optional<DirectiveLine> match_directive(std::string_view line) {
    constexpr std::string_view k_comment = "--";
    constexpr std::string_view k_prefix = "mig:";
    std::string_view text = util::trim(line);
    if (!text.starts_with(k_comment)) {
        return std::nullopt;
    }
    text.remove_prefix(k_comment.size());
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    if (!text.starts_with(k_prefix)) {
        return std::nullopt;
    }
    text.remove_prefix(k_prefix.size());
    std::size_t name_end = 0;
    while (name_end < text.size() && text[name_end] != ' ' && text[name_end] != '\t') {
        ++name_end;
    }
    return DirectiveLine{text.substr(0, name_end), util::trim(text.substr(name_end))};
}

}  // namespace mig::script
