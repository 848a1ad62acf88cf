// `--one-transaction` on PostgreSQL, through the same seam as SQLite
// (Database::run_steps_together): all or nothing, history rows for every revision, and the
// refusal of a `transaction off` revision before anything runs.

#include "e2e/postgres_project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class PostgresOneTransaction : public PostgresProjectTest {
protected:
    WrittenRevision write_three(const std::string& third_upgrade) const {
        project().write_revision(
            rev("aaa111", {}, "CREATE TABLE a (id integer);", "DROP TABLE a;", "a"));
        project().write_revision(
            rev("bbb222", {"aaa111"}, "CREATE TABLE b (id integer);", "DROP TABLE b;", "b"));
        return project().write_revision(
            rev("ccc333", {"bbb222"}, third_upgrade, "DROP TABLE c;", "c"));
    }
};

TEST_F(PostgresOneTransaction, AFailureInTheThirdRevisionLeavesNothingOfTheRun) {
    const WrittenRevision third =
        write_three("CREATE TABLE c (id integer);\nINSERT INTO nope VALUES (1);");
    const std::string before = database().dump();
    MigResult result = project().mig({"upgrade", "--one-transaction"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, AllOf(StartsWith("mig: error: revision ccc333 (" + third.relative +
                                             "): statement 2 at line " +
                                             std::to_string(third.upgrade_line + 1) + " failed: "),
                                  HasSubstr("nothing of this run was applied")));
    EXPECT_EQ(database().dump(), before);
    EXPECT_THAT(database().version_rows(), IsEmpty());
}

TEST_F(PostgresOneTransaction, UpAndDownRecordEveryRevision) {
    write_three("CREATE TABLE c (id integer);");
    ASSERT_MIG_OK(project().mig({"upgrade", "--one-transaction"}));
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"ccc333"});
    ASSERT_MIG_OK(project().mig({"downgrade", "base", "--one-transaction"}));
    EXPECT_THAT(database().version_rows(), IsEmpty());
    EXPECT_EQ(
        database().history_summary(),
        (std::vector<std::string>{"upgrade aaa111", "upgrade bbb222", "upgrade ccc333",
                                  "downgrade ccc333", "downgrade bbb222", "downgrade aaa111"}));
}

TEST_F(PostgresOneTransaction, TransactionOffIsRefusedBeforeAnythingRuns) {
    project().write_revision(rev("aaa111", {}, "CREATE TABLE a (id integer);", "DROP TABLE a;"));
    RevisionSpec concurrent = rev("bbb222", {"aaa111"}, "CREATE INDEX CONCURRENTLY a_id ON a (id);",
                                  "DROP INDEX CONCURRENTLY a_id;", "index");
    concurrent.header = {"-- mig:transaction off"};
    project().write_revision(concurrent);
    const std::string before = database().dump();
    MigResult result = project().mig({"upgrade", "--one-transaction"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err,
                StartsWith("mig: error: --one-transaction cannot run revision bbb222 ("));
    EXPECT_EQ(database().dump(), before);
}

}  // namespace
}  // namespace mig::test
