#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mig::cli {

// `--color auto|always|never`. Colour goes to stderr only (the `mig: error:` and
// `mig: warning:` prefixes): standard output carries data, and data is never coloured.
enum class ColorChoice { automatic, always, never };

// The value of --color as a choice; nullopt for anything but auto, always and never.
std::optional<ColorChoice> parse_color_choice(std::string_view value);

// What `auto` looks at, gathered by the caller so that the decision is a pure function.
struct ColorTerminal {
    bool stderr_is_terminal = false;
    std::optional<std::string> no_color;  // $NO_COLOR
    std::optional<std::string> term;      // $TERM
};

// The terminal mig runs in, read from the process.
ColorTerminal current_terminal();

// always: yes; never: no; auto: stderr is a terminal, NO_COLOR is unset or empty
// (https://no-color.org) and TERM is not "dumb".
bool use_color(ColorChoice choice, const ColorTerminal& terminal);

// Whether the prefixes below are coloured; off until the command line says otherwise.
void set_stderr_color(bool enabled);

// "mig: error:" in red, "mig: warning:" in yellow when colour is on; "mig: <level>:" as is
// otherwise (and always for the other levels).
std::string stderr_prefix(std::string_view level);

}  // namespace mig::cli
