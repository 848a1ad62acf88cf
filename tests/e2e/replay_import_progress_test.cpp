// The progress line of the commands that replay the migrations to know their schema (`check`,
// `migrate`, `revision --autogenerate`, on a cache miss) and of `mig import`: on a terminal,
// stderr's bottom line says which revision of how many and the time so far, and is erased
// before anything else is printed (SQLite's in-memory replay and PostgreSQL's into a scratch
// database alike). In a pipe, with -q and with --json: none of it.

#include "e2e/import_round_trip.hpp"
#include "e2e/postgres_project.hpp"
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

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k_erase_line = "\r\x1b[K";
const std::map<std::string, std::string> k_terminal{{"TERM", "xterm"}};

// Ends on an erased line: the terminal is left clean for what comes next.
bool ends_erased(const std::string& received) {
    const std::size_t last = received.rfind('\r');
    return last != std::string::npos && received.substr(last) == k_erase_line;
}

class ReplayProgress : public ModelProjectTest {
protected:
    ReplayProgress() {
        write_history("SELECT 1;");
        model("CREATE TABLE t1 (a INTEGER);\nCREATE TABLE t2 (a INTEGER);\n");
    }
    // Three revisions; the third runs `third` after nothing (the first two create t1, t2).
    void write_history(const std::string& third) const {
        project.write_chain(
            {rev("aaaa00000001", {}, "CREATE TABLE t1 (a INTEGER);", "DROP TABLE t1;", "first"),
             rev("aaaa00000002", {}, "CREATE TABLE t2 (a INTEGER);", "DROP TABLE t2;", "second"),
             rev("aaaa00000003", {}, third, "SELECT 1;", "third")});
    }
    std::string on_terminal(const std::vector<std::string>& args,
                            OnTerminal streams = OnTerminal::stderr_only) const {
        return run_on_terminal(project.root(), args, k_terminal, streams);
    }
    // The replayed schemas are cached: without them the next command replays again.
    void forget_replays() const { fs::remove_all(project / ".mig/cache"); }
};

TEST_F(ReplayProgress, CheckShowsTheReplayOnATerminalThenErasesIt) {
    const std::string cold = on_terminal({"check"});
    EXPECT_THAT(
        cold, HasSubstr(std::string(k_erase_line) + "replaying revision 1 of 3  aaaa00000001  0."));
    EXPECT_TRUE(ends_erased(cold)) << cold;
    // A cached schema replays nothing, so there is nothing to show.
    EXPECT_THAT(on_terminal({"check"}), Not(HasSubstr("replaying")));
}

TEST_F(ReplayProgress, ALongRevisionKeepsTheLineAliveWithItsNumberAndTime) {
    // More than a second of SQLite counting: the line is redrawn every second meanwhile.
    write_history(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) "
        "SELECT count(*) FROM c;");
    const std::string slow = on_terminal({"check"});
    // Revision 3 usually starts too soon after revision 1 was drawn to be drawn at once (at
    // most ten draws a second): the redraw every second shows it, with the time so far.
    EXPECT_THAT(slow, ContainsRegex("replaying revision 3 of 3  aaaa00000003  [0-9]\\.[0-9] s"));
    EXPECT_TRUE(ends_erased(slow)) << slow;
}

TEST_F(ReplayProgress, MigrateErasesTheLineBeforeItsOutput) {
    model(
        "CREATE TABLE t1 (a INTEGER);\nCREATE TABLE t2 (a INTEGER);\n"
        "CREATE TABLE t3 (a INTEGER);\n");
    const std::string both = on_terminal({"migrate", "-m", "fourth", "--rev-id", "aaaa00000004"},
                                         OnTerminal::stdout_and_stderr);
    EXPECT_THAT(both, HasSubstr("replaying revision 1 of 3  aaaa00000001  "));
    EXPECT_THAT(both, HasSubstr(std::string(k_erase_line) + "Generated migrations/versions/"));
    EXPECT_TRUE(fs::exists(project.versions() / "aaaa00000004_fourth.sql"));
}

TEST_F(ReplayProgress, RevisionAutogenerateShowsTheReplay) {
    const std::string cold = on_terminal({"revision", "--autogenerate", "-m", "nothing"});
    EXPECT_THAT(cold, HasSubstr("replaying revision 1 of 3  aaaa00000001  "));
    EXPECT_TRUE(ends_erased(cold)) << cold;
}

TEST_F(ReplayProgress, NoneInAPipeWithQuietOrWithJson) {
    const MigResult piped = project.mig({"check"});
    ASSERT_MIG_OK(piped);
    EXPECT_THAT(piped.err, Not(HasSubstr("replaying")));

    forget_replays();
    const std::string quiet = on_terminal({"-q", "check"});
    EXPECT_THAT(quiet, Not(HasSubstr("replaying")));
    EXPECT_THAT(quiet, Not(HasSubstr(k_erase_line)));

    forget_replays();
    const std::string quiet_migrate = on_terminal({"-q", "migrate", "-m", "x", "--sql"});
    EXPECT_THAT(quiet_migrate, Not(HasSubstr("replaying")));

    forget_replays();
    const std::string json = on_terminal({"check", "--json"}, OnTerminal::stdout_and_stderr);
    EXPECT_THAT(json, Not(HasSubstr("replaying")));
    EXPECT_THAT(json, Not(HasSubstr(k_erase_line)));
    EXPECT_THAT(json, HasSubstr("\"ok\""));
}

class PostgresReplayProgress : public PostgresProjectTest {};

TEST_F(PostgresReplayProgress, CheckShowsTheReplayIntoTheScratchDatabase) {
    project().write_chain(
        {rev("bbbb00000001", {}, "CREATE TABLE t1 (a integer);", "DROP TABLE t1;", "first"),
         rev("bbbb00000002", {}, "CREATE TABLE t2 (a integer);", "DROP TABLE t2;", "second")});
    project().dir().write("models/schema.sql",
                          "CREATE TABLE t1 (a integer);\nCREATE TABLE t2 (a integer);\n");
    const std::string cold =
        run_on_terminal(project().root(), {"check"}, k_terminal, OnTerminal::stderr_only);
    EXPECT_THAT(
        cold, HasSubstr(std::string(k_erase_line) + "replaying revision 1 of 2  bbbb00000001  0."));
    EXPECT_TRUE(ends_erased(cold)) << cold;
    EXPECT_MIG_OK(project().mig({"check"}));  // and it passed
}

class ImportProgress : public ::testing::Test {
protected:
    std::string import_on_terminal(const std::vector<std::string>& global = {}) const {
        std::vector<std::string> args = global;
        args.insert(args.end(), {"import", "--from", "golang-migrate",
                                 import_fixture("golang-migrate").string()});
        return run_on_terminal(project.root(), args, k_terminal, OnTerminal::stderr_only);
    }

    Project project;
};

TEST_F(ImportProgress, ShowsEachPhaseAndTheFileBeingWrittenOnATerminal) {
    const std::string shown = import_on_terminal();
    EXPECT_THAT(shown,
                HasSubstr(std::string(k_erase_line) + "reading the golang-migrate migrations  "));
    EXPECT_THAT(shown,
                HasSubstr(std::string(k_erase_line) + "writing revision 1 of 5  000001  0."));
    EXPECT_THAT(shown, HasSubstr("reading schema_migrations in the database  "));
    EXPECT_TRUE(ends_erased(shown)) << shown;
    EXPECT_TRUE(fs::exists(project.versions() / "000005_create_tags.sql"));
}

TEST_F(ImportProgress, NoneInAPipeOrWithQuiet) {
    const std::string quiet = import_on_terminal({"-q"});
    EXPECT_THAT(quiet, Not(HasSubstr("writing revision")));
    EXPECT_THAT(quiet, Not(HasSubstr(k_erase_line)));
    EXPECT_TRUE(fs::exists(project.versions() / "000005_create_tags.sql"));

    Project piped_project;
    const MigResult piped = piped_project.mig(
        {"import", "--from", "golang-migrate", import_fixture("golang-migrate").string()});
    ASSERT_MIG_OK(piped);
    EXPECT_THAT(piped.err, Not(HasSubstr("writing revision")));
    EXPECT_THAT(piped.err, Not(HasSubstr(k_erase_line)));
}

}  // namespace
}  // namespace mig::test
