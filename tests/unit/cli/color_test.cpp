// When mig colours stderr: the decision of `--color auto|always|never` with NO_COLOR and TERM,
// and the prefixes it colours.

#include "cli/color.hpp"

#include <gtest/gtest.h>

namespace mig::cli {
namespace {

ColorTerminal terminal(bool is_terminal, std::optional<std::string> no_color = std::nullopt,
                       std::optional<std::string> term = std::string("xterm-256color")) {
    return ColorTerminal{is_terminal, std::move(no_color), std::move(term)};
}

TEST(ColorChoice, ParsesTheThreeChoicesOnly) {
    EXPECT_EQ(parse_color_choice("auto"), ColorChoice::automatic);
    EXPECT_EQ(parse_color_choice("always"), ColorChoice::always);
    EXPECT_EQ(parse_color_choice("never"), ColorChoice::never);
    for (const char* other : {"", "yes", "AUTO", "always ", "1", "true"}) {
        EXPECT_EQ(parse_color_choice(other), std::nullopt) << other;
    }
}

TEST(ColorChoice, AutoColoursATerminalOnly) {
    EXPECT_TRUE(use_color(ColorChoice::automatic, terminal(true)));
    EXPECT_FALSE(use_color(ColorChoice::automatic, terminal(false)));
}

TEST(ColorChoice, AutoHonoursANonEmptyNoColor) {
    EXPECT_FALSE(use_color(ColorChoice::automatic, terminal(true, "1")));
    EXPECT_FALSE(use_color(ColorChoice::automatic, terminal(true, "0"))) << "any non-empty value";
    EXPECT_TRUE(use_color(ColorChoice::automatic, terminal(true, ""))) << "empty counts as unset";
}

TEST(ColorChoice, AutoLeavesADumbTerminalPlain) {
    EXPECT_FALSE(use_color(ColorChoice::automatic, terminal(true, std::nullopt, "dumb")));
    EXPECT_TRUE(use_color(ColorChoice::automatic, terminal(true, std::nullopt, std::nullopt)));
}

TEST(ColorChoice, AlwaysAndNeverIgnoreTheTerminal) {
    EXPECT_TRUE(use_color(ColorChoice::always, terminal(false, "1", "dumb")));
    EXPECT_FALSE(use_color(ColorChoice::never, terminal(true)));
}

TEST(StderrPrefix, ColoursErrorsRedAndWarningsYellowWhenOn) {
    set_stderr_color(true);
    EXPECT_EQ(stderr_prefix("error"), "\x1b[31mmig: error:\x1b[0m");
    EXPECT_EQ(stderr_prefix("warning"), "\x1b[33mmig: warning:\x1b[0m");
    EXPECT_EQ(stderr_prefix("info"), "mig: info:") << "only errors and warnings";
    set_stderr_color(false);
    EXPECT_EQ(stderr_prefix("error"), "mig: error:");
    EXPECT_EQ(stderr_prefix("warning"), "mig: warning:");
}

}  // namespace
}  // namespace mig::cli
