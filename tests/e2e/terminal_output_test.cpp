// What a person at a terminal sees and a pipe does not: a progress line on stderr while an
// upgrade or downgrade runs (revision n of N, the revision, the time so far), cleared before
// each result line; revision ids and destructive marks coloured on standard output. Off a
// terminal, with -q, with --color never / NO_COLOR, and in --json: none of it.

#include "e2e/project.hpp"
#include "e2e/terminal.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k_escape = "\x1b[";
constexpr const char* k_erase_line = "\r\x1b[K";
const std::map<std::string, std::string> k_colour_terminal{{"NO_COLOR", ""}, {"TERM", "xterm"}};

class TerminalOutput : public ::testing::Test {
protected:
    TerminalOutput() {
        project.write_chain(
            {rev("aaaa00000001", {}, "CREATE TABLE t1 (a INTEGER);", "DROP TABLE t1;", "first"),
             rev("aaaa00000002", {}, "CREATE TABLE t2 (a INTEGER);",
                 "-- mig:destructive drops table t2\nDROP TABLE t2;", "second"),
             rev("aaaa00000003", {}, "CREATE TABLE t3 (a INTEGER);", "DROP TABLE t3;", "third")});
    }
    std::string on_terminal(
        const std::vector<std::string>& args, OnTerminal streams = OnTerminal::stdout_and_stderr,
        const std::map<std::string, std::string>& env = k_colour_terminal) const {
        std::vector<std::string> all{"--database-url", "sqlite:///app.db"};
        all.insert(all.end(), args.begin(), args.end());
        return run_on_terminal(project.root(), all, env, streams);
    }
    Project project;
};

TEST_F(TerminalOutput, UpgradeAndDowngradeShowProgressOnATerminal) {
    const std::string up = on_terminal({"upgrade", "--allow-dirty"}, OnTerminal::stderr_only);
    EXPECT_THAT(up, HasSubstr(std::string(k_erase_line) +
                              "revision 1 of 3  upgrade aaaa00000001  first  "));
    EXPECT_THAT(up, HasSubstr("revision 2 of 3  upgrade aaaa00000002  second  "));
    EXPECT_THAT(up, HasSubstr("revision 3 of 3  upgrade aaaa00000003  third  "));
    EXPECT_THAT(up, HasSubstr(" s"));  // the elapsed time
    // The line is erased at the end: the terminal is left clean for the prompt.
    EXPECT_EQ(up.substr(up.rfind('\r')), k_erase_line);
    EXPECT_EQ(version_rows(project.db()), std::vector<std::string>{"aaaa00000003"});

    const std::string down = on_terminal({"downgrade", "base"}, OnTerminal::stderr_only);
    EXPECT_THAT(down, HasSubstr("revision 1 of 3  downgrade aaaa00000003  third  "));
    EXPECT_THAT(down, HasSubstr("revision 3 of 3  downgrade aaaa00000001  first  "));
    EXPECT_TRUE(version_rows(project.db()).empty());
}

TEST_F(TerminalOutput, ResultLinesAreNeverMixedWithTheProgressLine) {
    const std::string both = on_terminal({"upgrade", "--allow-dirty"});
    // Each result line starts on an erased line.
    const std::string erased_then_line = std::string(k_erase_line) + "upgrade   <base> -> ";
    EXPECT_THAT(both, HasSubstr(erased_then_line));
}

TEST_F(TerminalOutput, NoProgressOffATerminalWithQuietOrADumbTerminal) {
    const MigResult piped = project.mig({"upgrade", "--allow-dirty", "+1"});
    ASSERT_MIG_OK(piped);
    EXPECT_THAT(piped.err, Not(HasSubstr("revision 1 of")));
    EXPECT_THAT(piped.out, Not(HasSubstr(k_escape)));

    const std::string quiet = on_terminal({"-q", "upgrade", "--allow-dirty", "+1"});
    EXPECT_THAT(quiet, Not(HasSubstr("revision 1 of")));
    EXPECT_THAT(quiet, Not(HasSubstr(k_erase_line)));

    const std::string dumb =
        on_terminal({"upgrade", "--allow-dirty"}, OnTerminal::stderr_only, {{"TERM", "dumb"}});
    EXPECT_THAT(dumb, Not(HasSubstr("revision 1 of")));
    EXPECT_EQ(version_rows(project.db()), std::vector<std::string>{"aaaa00000003"});
}

TEST_F(TerminalOutput, RevisionIdsAndDestructiveMarksAreColouredOnATerminal) {
    const std::string history = on_terminal({"history"});
    EXPECT_THAT(history, HasSubstr("-> \x1b[33maaaa00000003\x1b[0m (head), third"));
    const std::string heads = on_terminal({"heads"});
    EXPECT_THAT(heads, HasSubstr("\x1b[33maaaa00000003\x1b[0m"));
    const std::string show = on_terminal({"show", "aaaa00000002"});
    EXPECT_THAT(show, HasSubstr("Revision: \x1b[33maaaa00000002\x1b[0m"));
    EXPECT_THAT(show, HasSubstr("\x1b[31m-- mig:destructive drops table t2\x1b[0m"));
}

TEST_F(TerminalOutput, NoColourWithNeverNoColorJsonOrAPipe) {
    EXPECT_THAT(on_terminal({"--color", "never", "history"}), Not(HasSubstr(k_escape)));
    EXPECT_THAT(on_terminal({"history"}, OnTerminal::stdout_and_stderr,
                            {{"NO_COLOR", "1"}, {"TERM", "xterm"}}),
                Not(HasSubstr(k_escape)));
    EXPECT_THAT(on_terminal({"--color", "always", "history", "--json"}), Not(HasSubstr(k_escape)));
    // `always` colours stderr's prefixes in a pipe, never the data on stdout.
    const MigResult piped = project.mig({"--color", "always", "show", "aaaa00000002"});
    ASSERT_MIG_OK(piped);
    EXPECT_THAT(piped.out, Not(HasSubstr(k_escape)));
}

}  // namespace
}  // namespace mig::test
