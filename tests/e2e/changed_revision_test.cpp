// A revision edited (and committed) after it was applied: upgrade warns on stderr, once per
// revision, naming the file, when it was applied and both checksums; the exit code and
// what runs are unchanged (Flyway's validate finds the same).

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace mig::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string short_sha(const std::string& sha) {
    return sha.substr(0, 12) + "...";
}

void append(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::app | std::ios::binary);
    out << text;
}

void commit_all(const Project& project, const std::string& message) {
    git(project, {"add", "-A"});
    git(project, {"commit", "-q", "-m", message});
}

struct EditedAfterApplying : ::testing::Test {
    Project project;
    WrittenRevision first;
    std::string sha_applied;

    void SetUp() override {
        first = project.write_revision(
            rev("r1", {}, "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;", "first"));
        make_repository(project);
        MigResult upgraded = project.mig({"upgrade"});
        ASSERT_MIG_OK(upgraded);
        EXPECT_EQ(upgraded.err, "") << "nothing was edited yet";
        sha_applied = sha256_of(first.path);
        append(first.path, "-- an edit after the fact\n");
        commit_all(project, "edit r1");
    }

    std::string expected_warning() const {
        const std::string applied_at =
            query_column(project.db(), "SELECT applied_at FROM mig_history WHERE revision = 'r1'")
                .front();
        return "mig: warning: revision r1 (" + first.relative +
               ") was changed after it was applied on " + applied_at + " (sha256 " +
               short_sha(sha_applied) + " -> " + short_sha(sha256_of(first.path)) +
               "); databases that already ran it will not run the change; write a new revision "
               "instead\n";
    }
};

TEST_F(EditedAfterApplying, UpgradeWarnsAndStillExitsZero) {
    const std::string before = dump_database(project.db());
    MigResult again = project.mig({"upgrade"});
    ASSERT_MIG_OK(again);
    EXPECT_EQ(again.err, expected_warning());
    EXPECT_EQ(again.out, "Nothing to upgrade: the database is at r1.\n");
    EXPECT_EQ(dump_database(project.db()), before) << "a warning must not change anything";
}

TEST_F(EditedAfterApplying, TheWarningComesWithAnUpgradeThatRunsToo) {
    project.write_revision(rev("r2", {"r1"}, "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;"));
    commit_all(project, "r2");
    MigResult upgraded = project.mig({"upgrade"});
    ASSERT_MIG_OK(upgraded);
    EXPECT_EQ(upgraded.err, expected_warning());
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r2"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t1", "t2"));
}

TEST_F(EditedAfterApplying, QuietHidesTheWarningAndSqlDoesNotReadTheDatabase) {
    EXPECT_EQ(project.mig({"-q", "upgrade"}).err, "");
    MigResult sql = project.mig({"upgrade", "--sql"});
    ASSERT_MIG_OK(sql);
    EXPECT_EQ(sql.err, "");
}

TEST_F(EditedAfterApplying, ARevisionNoLongerAppliedIsNotReported) {
    ASSERT_MIG_OK(project.mig({"downgrade", "base"}));
    MigResult upgraded = project.mig({"upgrade"});  // applies the edited file: new checksum
    ASSERT_MIG_OK(upgraded);
    EXPECT_EQ(upgraded.err, "");
    MigResult again = project.mig({"upgrade"});
    ASSERT_MIG_OK(again);
    EXPECT_EQ(again.err, "") << "the latest upgrade recorded the edited bytes";
}

TEST(ChangedRevision, AStampedRevisionEditedLaterIsReported) {
    Project project;
    WrittenRevision first =
        project.write_revision(rev("r1", {}, "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;"));
    ASSERT_MIG_OK(project.mig({"stamp", "r1"}));
    append(first.path, "-- edited\n");
    MigResult upgraded = project.mig({"upgrade"});
    ASSERT_MIG_OK(upgraded);
    EXPECT_THAT(upgraded.err, HasSubstr("mig: warning: revision r1 (" + first.relative +
                                        ") was changed after it was applied on "));
}

}  // namespace
}  // namespace mig::test
