#include "cli/color.hpp"

#include <cstdlib>
#include <unistd.h>

namespace mig::cli {

namespace {

bool g_stderr_color = false;
bool g_stdout_color = false;

constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_reset = "\x1b[0m";

std::optional<std::string> environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
}

}  // namespace

std::optional<ColorChoice> parse_color_choice(std::string_view value) {
    if (value == "auto") {
        return ColorChoice::automatic;
    }
    if (value == "always") {
        return ColorChoice::always;
    }
    if (value == "never") {
        return ColorChoice::never;
    }
    return std::nullopt;
}

ColorTerminal current_terminal() {
    return ColorTerminal{isatty(STDERR_FILENO) == 1, environment("NO_COLOR"), environment("TERM")};
}

ColorTerminal current_terminal_of_stdout() {
    return ColorTerminal{isatty(STDOUT_FILENO) == 1, environment("NO_COLOR"), environment("TERM")};
}

void set_stdout_color(bool enabled) {
    g_stdout_color = enabled;
}

std::string highlight_id(std::string_view id) {
    if (!g_stdout_color || id.empty()) {
        return std::string(id);
    }
    return std::string(k_yellow) + std::string(id) + std::string(k_reset);
}

std::string highlight_destructive(std::string_view text) {
    if (!g_stdout_color || text.empty()) {
        return std::string(text);
    }
    return std::string(k_red) + std::string(text) + std::string(k_reset);
}

bool use_color(ColorChoice choice, const ColorTerminal& terminal) {
    switch (choice) {
        case ColorChoice::always:
            return true;
        case ColorChoice::never:
            return false;
        case ColorChoice::automatic:
            break;
    }
    const bool no_color = terminal.no_color && !terminal.no_color->empty();
    const bool dumb = terminal.term && *terminal.term == "dumb";
    return terminal.is_terminal && !no_color && !dumb;
}

void set_stderr_color(bool enabled) {
    g_stderr_color = enabled;
}

std::string stderr_prefix(std::string_view level) {
    std::string prefix = "mig: ";
    prefix += level;
    prefix += ':';
    std::string_view color;
    if (level == "error" || level == "critical") {
        color = k_red;
    } else if (level == "warning") {
        color = k_yellow;
    }
    if (!g_stderr_color || color.empty()) {
        return prefix;
    }
    return std::string(color) + prefix + std::string(k_reset);
}

}  // namespace mig::cli
