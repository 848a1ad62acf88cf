// `mig help COMMAND` prints what `mig COMMAND --help` prints; unknown commands and options are
// bad usage (exit 2) on one line that names the word and the closest names; every command's
// help, nested ones included, ends with an example. Each case runs in an empty folder, which
// must stay empty: a misspelt command never does anything.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class Help : public ::testing::Test {
protected:
    // Runs mig in the empty folder and checks that it stayed empty.
    MigResult run(const std::vector<std::string>& args) const {
        MigResult result = mig_at(dir.path(), args);
        EXPECT_TRUE(fs::is_empty(dir.path())) << "mig wrote into the folder";
        return result;
    }
    // The command line was refused with exactly `line` (and a newline) on stderr, nothing on
    // stdout.
    void expect_usage_error(const std::vector<std::string>& args, const std::string& line) const {
        const MigResult result = run(args);
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_EQ(result.err, "mig: error: " + line + "\n");
        EXPECT_EQ(result.out, "");
    }
    TempDir dir;
};

TEST_F(Help, HelpCommandPrintsWhatDashDashHelpPrints) {
    for (const std::vector<std::string>& words :
         {std::vector<std::string>{"upgrade"}, {"hooks"}, {"hooks", "install"}, {"completion"}}) {
        std::vector<std::string> help_args{"help"};
        help_args.insert(help_args.end(), words.begin(), words.end());
        std::vector<std::string> dash_args = words;
        dash_args.emplace_back("--help");
        const MigResult via_help = run(help_args);
        const MigResult via_option = run(dash_args);
        ASSERT_MIG_OK(via_help);
        ASSERT_MIG_OK(via_option);
        EXPECT_EQ(via_help.out, via_option.out) << words.back();
        EXPECT_THAT(via_help.out, HasSubstr("Usage: mig " + words.front()));
    }
}

TEST_F(Help, HelpAloneIsMigsOwnHelp) {
    const MigResult via_help = run({"help"});
    const MigResult via_option = run({"--help"});
    ASSERT_MIG_OK(via_help);
    EXPECT_EQ(via_help.out, via_option.out);
    EXPECT_THAT(via_help.out, HasSubstr("upgrade"));
    EXPECT_THAT(via_help.out, HasSubstr("completion"));
    EXPECT_THAT(via_help.out, ::testing::Not(HasSubstr("__complete")));  // hidden
}

TEST_F(Help, HelpOfAnUnknownCommandSuggestsTheClosest) {
    expect_usage_error({"help", "upgade"},
                       "unknown command upgade; did you mean upgrade? Run `mig --help` for the "
                       "list of commands");
    expect_usage_error({"help", "hooks", "instal"},
                       "unknown command mig hooks instal; did you mean install? Run `mig hooks "
                       "--help` for its commands");
}

TEST_F(Help, UnknownCommandSuggestsTheClosest) {
    expect_usage_error({"upgade"},
                       "unknown command upgade; did you mean upgrade? Run `mig --help` for the "
                       "list of commands");
    expect_usage_error({"stats"},
                       "unknown command stats; did you mean status or stamp? Run `mig --help` "
                       "for the list of commands");
    // Global options before it change nothing.
    expect_usage_error({"-q", "histroy"},
                       "unknown command histroy; did you mean history? Run `mig --help` for the "
                       "list of commands");
}

TEST_F(Help, UnknownCommandWithNothingCloseSaysSo) {
    expect_usage_error({"frobnicate"},
                       "unknown command frobnicate; run `mig --help` for the list of commands");
}

TEST_F(Help, UnknownSubcommandSuggestsTheClosest) {
    expect_usage_error({"hooks", "instal"},
                       "unknown command mig hooks instal; did you mean install? Run `mig hooks "
                       "--help` for its commands");
}

TEST_F(Help, UnknownOptionSuggestsTheClosestOfTheCommandAndOfMig) {
    expect_usage_error({"upgrade", "--sqll"},
                       "unknown option --sqll for mig upgrade; did you mean --sql? Run `mig "
                       "upgrade --help` for its options");
    // A global option misspelt after a command: mig's own options are the command's too.
    expect_usage_error({"upgrade", "--databse-url", "sqlite:///x.db"},
                       "unknown option --databse-url for mig upgrade; did you mean "
                       "--database-url? Run `mig upgrade --help` for its options");
    // --name=value names the option alone.
    expect_usage_error({"history", "--rev-rang=base:head"},
                       "unknown option --rev-rang for mig history; did you mean --rev-range? "
                       "Run `mig history --help` for its options");
    expect_usage_error({"--verbos"},
                       "unknown option --verbos; did you mean --verbose? Run `mig --help` for "
                       "the options");
}

TEST_F(Help, StrayArgumentNamesTheCommand) {
    expect_usage_error({"current", "extra"},
                       "unexpected argument extra for mig current; run `mig current --help` for "
                       "its arguments");
}

TEST_F(Help, AMissingArgumentOptionOrCommandIsNamedWithWhatItIs) {
    expect_usage_error({"stamp"},
                       "mig stamp needs TARGET: head, heads, base, REV, +N, -N; run `mig stamp "
                       "--help` for an example");
    expect_usage_error({"show"},
                       "mig show needs REV: REV, a unique prefix, head, head-1, ... Run `mig show "
                       "--help` for an example");
    expect_usage_error({"merge", "heads"},
                       "mig merge needs -m/--message MSG: what the merge is for; run `mig merge "
                       "--help` for an example");
    expect_usage_error({"hooks"},
                       "mig hooks needs a command: install, uninstall or status; run `mig hooks "
                       "--help` for its commands");
    expect_usage_error({"history", "-r"},
                       "-r/--rev-range A:B needs a value for mig history; run `mig history "
                       "--help` for an example");
    expect_usage_error({"upgrade", "--database-url"},
                       "--database-url URL needs a value; run `mig upgrade --help` for an example");
}

TEST_F(Help, OtherUsageErrorsKeepTheirMessage) {
    // A flag given a value it cannot take: CLI11's own words, with the help to read.
    const MigResult result = run({"current", "--json=abc"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err, ::testing::StartsWith("mig: error: "));
    EXPECT_THAT(result.err, HasSubstr("mig current --help"));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace mig::test
