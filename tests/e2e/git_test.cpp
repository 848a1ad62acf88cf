// Inside a git repository: upgrade refuses revision files git has not committed (exit 3), and
// mig_history records the commit and whether the work tree was dirty.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string refusal(const std::string& files, bool several) {
    return std::string("mig: error: ") + (several ? "2 migrations are" : "a migration is") +
           " not committed: " + files +
           "; commit the migrations first (git add migrations/versions && git commit), or pass "
           "--allow-dirty to upgrade anyway\n";
}

TEST(Git, UpgradeRefusesRevisionFilesThatAreNotCommitted) {
    Project project;
    make_repository(project);
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));

    MigResult untracked = project.mig({"upgrade"});
    EXPECT_EQ(untracked.exit_code, 3) << describe(untracked);
    EXPECT_EQ(untracked.err, refusal("migrations/versions/aaa_t.sql (untracked)", false));
    EXPECT_FALSE(fs::exists(project.db()));

    git(project, {"add", "migrations"});
    MigResult staged = project.mig({"upgrade"});
    EXPECT_EQ(staged.exit_code, 3) << describe(staged);
    EXPECT_EQ(staged.err, refusal("migrations/versions/aaa_t.sql (staged)", false));
    EXPECT_FALSE(fs::exists(project.db()));

    git(project, {"commit", "-q", "-m", "add t"});
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
}

TEST(Git, ModifiedAndNewFilesAreListedAndAllowDirtyOverrides) {
    Project project;
    make_repository(project);
    auto first =
        project.write_revision(rev("aaa", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));
    git(project, {"add", "migrations"});
    git(project, {"commit", "-q", "-m", "add t"});
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());

    project.write_revision(rev("aaa", {}, "CREATE TABLE t (a, b);", "DROP TABLE t;", "t"));
    project.write_revision(rev("bbb", {"aaa"}, "CREATE TABLE u (a);", "DROP TABLE u;", "u"));
    MigResult refused = project.mig({"upgrade"});
    EXPECT_EQ(refused.exit_code, 3) << describe(refused);
    EXPECT_EQ(refused.err, refusal("migrations/versions/aaa_t.sql (modified) and "
                                   "migrations/versions/bbb_u.sql (untracked)",
                                   true));
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_FALSE(fs::exists(project / ".mig/backups")) << "a refused upgrade takes no backup";

    ASSERT_MIG_OK(project.mig({"upgrade", "--allow-dirty"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("bbb"));
}

TEST(Git, HistoryRecordsTheCommitAndWhetherTheWorkTreeWasDirty) {
    Project project;
    make_repository(project);
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));
    project.write_revision(rev("bbb", {"aaa"}, "CREATE TABLE u (a);", "DROP TABLE u;", "u"));
    git(project, {"add", "migrations"});
    git(project, {"commit", "-q", "-m", "add t and u"});
    const std::string head = lines_of(git(project, {"rev-parse", "HEAD"})).at(0);
    ASSERT_MIG_OK(project.mig({"upgrade", "aaa"}));

    project.dir().write("models/schema.sql", "CREATE TABLE t (a);\n");  // tracked, now modified
    ASSERT_MIG_OK(project.mig({"upgrade"}));

    auto rows = history_rows(project.db());
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].git_commit, head);
    EXPECT_EQ(rows[0].dirty, "0");
    EXPECT_EQ(rows[1].git_commit, head);
    EXPECT_EQ(rows[1].dirty, "1");
}

// The recorded commit does not hold a revision applied from an untracked file, so the row must
// not claim a clean work tree.
TEST(Git, ARevisionAppliedFromAnUntrackedFileIsRecordedAsDirty) {
    Project project;
    make_repository(project);
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));
    ASSERT_MIG_OK(project.mig({"upgrade", "--allow-dirty"}));
    auto rows = history_rows(project.db());
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].dirty, "1");
}

TEST(Git, DowngradeIsNotRefusedByUncommittedFiles) {
    Project project;
    make_repository(project);
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));
    ASSERT_MIG_OK(project.mig({"upgrade", "--allow-dirty"}));
    MigResult down = project.mig({"downgrade"});
    ASSERT_MIG_OK(down);
    EXPECT_THAT(version_rows(project.db()), IsEmpty());
}

}  // namespace
}  // namespace mig::test
