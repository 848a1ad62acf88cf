// Output that does not reach its reader is a failure, as in git: a full disk under
// `mig upgrade --sql > file` exits 1 with a message instead of 0 with a truncated script, and
// a reader that went away (`mig history | head -0`) ends mig quietly with exit 1.

#include "e2e/hostile.hpp"
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

constexpr const char* k_full =
    "mig: error: could not write to standard output: No space left on device\n";

Hostile stdout_to(std::string file) {
    Hostile hostile;
    hostile.stdout_file = std::move(file);
    return hostile;
}

Hostile stdout_closed() {
    Hostile hostile;
    hostile.stdout_closed_pipe = true;
    return hostile;
}

// 200 revisions, so that `upgrade --sql` writes far more than one stdio buffer.
void write_many(const Project& project) {
    std::vector<RevisionSpec> specs;
    for (int i = 1; i <= 200; ++i) {
        const std::string n = std::to_string(i);
        specs.push_back(rev("r" + n, {}, "CREATE TABLE t" + n + " (id INTEGER, note TEXT);",
                            "DROP TABLE t" + n + ";", "step " + n));
    }
    project.write_chain(specs);
}

TEST(StandardOutput, FullDiskFailsTheCommandWithAMessage) {
    Project project;
    write_many(project);
    for (const auto& command :
         {std::vector<std::string>{"upgrade", "--sql"}, std::vector<std::string>{"history"},
          std::vector<std::string>{"heads"}}) {
        SCOPED_TRACE(command.front());
        MigResult result = mig_hostile(project.root(), stdout_to("/dev/full"), command);
        EXPECT_EQ(result.exit_code, 1) << describe(result);
        EXPECT_EQ(result.err, k_full);
    }
    EXPECT_FALSE(fs::exists(project.db())) << "--sql touches nothing";
}

TEST(StandardOutput, HelpAndVersionToAFullDiskFailToo) {
    TempDir dir;
    for (const auto& command :
         {std::vector<std::string>{"--help"}, std::vector<std::string>{"upgrade", "--help"},
          std::vector<std::string>{"--version"}}) {
        SCOPED_TRACE(command.front());
        MigResult result = mig_hostile(dir.path(), stdout_to("/dev/full"), command);
        EXPECT_EQ(result.exit_code, 1) << describe(result);
        EXPECT_EQ(result.err, k_full);
    }
}

TEST(StandardOutput, ClosedPipeEndsQuietlyWithExitOne) {
    Project project;
    write_many(project);
    for (const auto& command :
         {std::vector<std::string>{"upgrade", "--sql"}, std::vector<std::string>{"history"}}) {
        SCOPED_TRACE(command.front());
        MigResult result = mig_hostile(project.root(), stdout_closed(), command);
        EXPECT_EQ(result.exit_code, 1) << describe(result);
        EXPECT_EQ(result.err, "") << "whoever would read a message has stopped reading";
    }
}

TEST(StandardOutput, AnUpgradeWhoseReaderWentAwayStillFinishesEveryRevision) {
    Project project;
    write_many(project);
    MigResult result = mig_hostile(project.root(), stdout_closed(), {"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.err, "");
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r200"))
        << "SIGPIPE does not kill mig between two revisions";
}

TEST(StandardOutput, DeliveredOutputStillExitsZero) {
    Project project;
    write_many(project);
    MigResult result = mig_hostile(project.root(), stdout_to("/dev/null"), {"upgrade", "--sql"});
    EXPECT_MIG_OK(result);
    EXPECT_EQ(result.err, "");
}

}  // namespace
}  // namespace mig::test
