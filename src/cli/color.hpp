#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mig::cli {

// `--color auto|always|never`. On stderr it colours the `mig: error:` and `mig: warning:`
// prefixes; on standard output, only when that is a terminal (a person reading, not a pipe,
// whatever --color says), the revision ids and the destructive marks of text output. JSON is
// never coloured.
enum class ColorChoice { automatic, always, never };

// The value of --color as a choice; nullopt for anything but auto, always and never.
std::optional<ColorChoice> parse_color_choice(std::string_view value);

// What `auto` looks at, gathered by the caller so that the decision is a pure function.
struct ColorTerminal {
    bool is_terminal = false;             // the stream to colour (stderr, or stdout) is a terminal
    std::optional<std::string> no_color;  // $NO_COLOR
    std::optional<std::string> term;      // $TERM
};

// The terminal mig runs in, read from the process, for stderr and for stdout.
ColorTerminal current_terminal();
ColorTerminal current_terminal_of_stdout();

// always: yes; never: no; auto: the stream is a terminal, NO_COLOR is unset or empty
// (https://no-color.org) and TERM is not "dumb".
bool use_color(ColorChoice choice, const ColorTerminal& terminal);

// Whether the prefixes below are coloured; off until the command line says otherwise.
void set_stderr_color(bool enabled);

// Whether standard output's text is coloured (revision ids, destructive marks); off until the
// command line says otherwise.
void set_stdout_color(bool enabled);

// A revision id in yellow, as git shows commit ids; as is when stdout's colour is off.
std::string highlight_id(std::string_view id);
// A destructive mark (`-- mig:destructive ...`, "destructive: ...") in red; as is when off.
std::string highlight_destructive(std::string_view text);

// "mig: error:" in red, "mig: warning:" in yellow when colour is on; "mig: <level>:" as is
// otherwise (and always for the other levels).
std::string stderr_prefix(std::string_view level);

}  // namespace mig::cli
