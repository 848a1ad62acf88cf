// `--color auto|always|never` and NO_COLOR: colour is for the `mig: error:` and `mig: warning:`
// prefixes on stderr only, never for standard output (data, JSON). `auto` is tested on a real
// terminal: mig's stderr is the slave side of a pseudo-terminal made here.

#include "e2e/project.hpp"
#include "e2e/terminal.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mig::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* k_red_error = "\x1b[31mmig: error:\x1b[0m ";
constexpr const char* k_yellow_warning = "\x1b[33mmig: warning:\x1b[0m ";
constexpr const char* k_escape = "\x1b[";

// Runs mig in `cwd` with its stderr on a terminal (standard output to /dev/null); returns what
// the terminal received.
std::string stderr_on_terminal(const std::filesystem::path& cwd,
                               const std::vector<std::string>& args,
                               const std::map<std::string, std::string>& env) {
    return run_on_terminal(cwd, args, env, OnTerminal::stderr_only);
}

// A project whose mig.toml draws a warning (an unknown key), so one run shows both prefixes.
class Color : public ::testing::Test {
protected:
    Color() { project.write_config("[database]\nurl = \"sqlite:///app.db\"\nbakup = false\n"); }
    Project project;
};

TEST_F(Color, AlwaysColoursTheErrorAndWarningPrefixes) {
    MigResult result = project.mig({"--color", "always", "upgrade", "nowhere"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err, StartsWith(k_yellow_warning));
    EXPECT_THAT(result.err, HasSubstr(std::string("\n") + k_red_error));
    EXPECT_EQ(result.out, "");
}

TEST_F(Color, NeverAndTheDefaultOffATerminalColourNothing) {
    for (const auto& args : {std::vector<std::string>{"--color", "never", "upgrade", "nowhere"},
                             std::vector<std::string>{"upgrade", "nowhere"},
                             std::vector<std::string>{"--color", "auto", "upgrade", "nowhere"}}) {
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_THAT(result.err, Not(HasSubstr(k_escape))) << args.front();
        EXPECT_THAT(result.err, StartsWith("mig: warning: "));
        EXPECT_THAT(result.err, HasSubstr("\nmig: error: "));
    }
}

TEST_F(Color, StandardOutputIsNeverColoured) {
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    for (const auto& args : {std::vector<std::string>{"--color", "always", "history"},
                             std::vector<std::string>{"--color", "always", "current", "--json"},
                             std::vector<std::string>{"--color", "always", "heads", "--json"}}) {
        MigResult result = project.mig(args);
        ASSERT_MIG_OK(result);
        EXPECT_FALSE(result.out.empty());
        EXPECT_THAT(result.out, Not(HasSubstr(k_escape))) << args.at(2);
        EXPECT_THAT(result.err, StartsWith(k_yellow_warning)) << "stderr still is";
    }
}

TEST_F(Color, AutoColoursATerminalUnlessNoColorOrADumbTerminal) {
    const std::vector<std::string> args{"upgrade", "nowhere"};
    const std::string plain =
        stderr_on_terminal(project.root(), args, {{"NO_COLOR", ""}, {"TERM", "xterm"}});
    EXPECT_THAT(plain, StartsWith(k_yellow_warning));
    EXPECT_THAT(plain, HasSubstr(k_red_error));

    const std::string no_color =
        stderr_on_terminal(project.root(), args, {{"NO_COLOR", "1"}, {"TERM", "xterm"}});
    EXPECT_THAT(no_color, Not(HasSubstr(k_escape)));
    EXPECT_THAT(no_color, HasSubstr("mig: error: "));

    const std::string dumb =
        stderr_on_terminal(project.root(), args, {{"NO_COLOR", ""}, {"TERM", "dumb"}});
    EXPECT_THAT(dumb, Not(HasSubstr(k_escape)));

    const std::string never = stderr_on_terminal(project.root(), {"--color", "never", "upgrade"},
                                                 {{"NO_COLOR", ""}, {"TERM", "xterm"}});
    EXPECT_THAT(never, Not(HasSubstr(k_escape)));

    // An explicit choice wins over NO_COLOR, as no-color.org asks.
    const std::string always = stderr_on_terminal(
        project.root(), {"--color", "always", "upgrade", "nowhere"}, {{"NO_COLOR", "1"}});
    EXPECT_THAT(always, HasSubstr(k_red_error));
}

TEST(ColorOption, AnInvalidValueIsExitTwoNamingTheChoices) {
    Project project;
    for (const auto& args : {std::vector<std::string>{"--color", "rainbow", "current"},
                             std::vector<std::string>{"current", "--color=yes"}}) {
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_THAT(result.err, StartsWith("mig: error: --color "));
        EXPECT_THAT(result.err, HasSubstr(" is not one of auto, always, never; pass --color auto "
                                          "(the default), always or never\n"));
        EXPECT_EQ(lines_of(result.err).size(), 1U);
        EXPECT_EQ(result.out, "");
    }
    MigResult empty = project.mig({"--color", "", "current"});
    EXPECT_EQ(empty.exit_code, 2);
    EXPECT_EQ(
        empty.err,
        "mig: error: --color is empty; pass auto, always or never, or leave the option out\n");
}

}  // namespace
}  // namespace mig::test
