// `mig upgrade --one-transaction` and `mig downgrade --one-transaction`: every revision of the
// run in one transaction, all or nothing; refused before anything runs when a revision says
// `-- mig:transaction off`; with --sql, one BEGIN/COMMIT around the whole run.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// aaa, bbb, ccc: each creates a table; ccc's second statement fails when `third_fails`.
std::vector<WrittenRevision> write_three(const Project& project, bool third_fails) {
    return project.write_chain(
        {rev("aaa", {}, "CREATE TABLE a (id INTEGER PRIMARY KEY);", "DROP TABLE a;", "a"),
         rev("bbb", {}, "BEGIN;\nCREATE TABLE b (id INTEGER PRIMARY KEY);\nCOMMIT;",
             "DROP TABLE b;", "b"),
         rev("ccc", {},
             third_fails ? "CREATE TABLE c (id INTEGER PRIMARY KEY);\nINSERT INTO nope VALUES (1);"
                         : "CREATE TABLE c (id INTEGER PRIMARY KEY);",
             "DROP TABLE c;", "c")});
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

TEST(OneTransaction, UpgradeAppliesEveryRevisionAndRecordsEachInHistory) {
    Project project;
    write_three(project, false);
    MigResult result = project.mig({"upgrade", "--one-transaction"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("ccc"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("a", "b", "c"));
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade aaa", "upgrade bbb", "upgrade ccc"));
    EXPECT_THAT(result.out,
                AllOf(HasSubstr("upgrade   <base> -> aaa"), HasSubstr("upgrade   aaa -> bbb"),
                      HasSubstr("upgrade   bbb -> ccc"),
                      HasSubstr("Database is now at ccc (3 revisions applied)")));
}

TEST(OneTransaction, AFailureInTheThirdRevisionLeavesSchemaAndVersionUnchanged) {
    Project project;
    project.write_revision(rev("base0", {}, "CREATE TABLE kept (x);", "DROP TABLE kept;"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    project.write_revision(rev("aaa", {"base0"}, "CREATE TABLE a (x);", "DROP TABLE a;"));
    project.write_revision(rev("bbb", {"aaa"}, "CREATE TABLE b (x);", "DROP TABLE b;"));
    const WrittenRevision third = project.write_revision(
        rev("ccc", {"bbb"}, "CREATE TABLE c (x);\nINSERT INTO nope VALUES (1);", "DROP TABLE c;"));
    const std::string before = dump_database(project.db());

    MigResult result = project.mig({"upgrade", "--one-transaction"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(
        result.err,
        AllOf(StartsWith("mig: error: revision ccc (" + third.relative + "): statement 2 at line " +
                         std::to_string(third.upgrade_line + 1) + " failed: no such table: nope"),
              HasSubstr("nothing of this run was applied")));
    EXPECT_EQ(occurrences(result.err, "mig: error:"), 1U);
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("base0"));

    // Without the flag the first two would stay applied: the test above can fail.
    EXPECT_EQ(project.mig({"upgrade"}).exit_code, 1);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("bbb"));
}

TEST(OneTransaction, AFailedFirstRunLeavesNoDatabaseFileBehind) {
    Project project;
    write_three(project, true);
    MigResult result = project.mig({"upgrade", "--one-transaction"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("nothing of this run was applied"));
    EXPECT_FALSE(fs::exists(project.db())) << "the file this run created is removed";
    EXPECT_FALSE(fs::exists(fs::path(project.db().string() + "-journal")));
}

TEST(OneTransaction, ARevisionWithTransactionOffIsRefusedBeforeAnythingRuns) {
    Project project;
    RevisionSpec vacuum = rev("bbb", {}, "VACUUM;", "", "vacuum");
    vacuum.header = {"-- mig:transaction off"};
    auto written =
        project.write_chain({rev("aaa", {}, "CREATE TABLE a (x);", "DROP TABLE a;"), vacuum,
                             rev("ccc", {}, "CREATE TABLE c (x);", "DROP TABLE c;")});
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"upgrade", "--one-transaction"}, {"upgrade", "--one-transaction", "--sql"}}) {
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_EQ(result.err, "mig: error: --one-transaction cannot run revision bbb (" +
                                  written[1].relative +
                                  "): it says `-- mig:transaction off`, so it must run outside a "
                                  "transaction; nothing was run; run without --one-transaction, "
                                  "or run the revisions before it with --one-transaction and the "
                                  "rest without\n");
        EXPECT_EQ(result.out, "");
        EXPECT_FALSE(fs::exists(project.db()));
    }
    // Up to the revision before it, the flag works.
    ASSERT_MIG_OK(project.mig({"upgrade", "aaa", "--one-transaction"}));
    const std::string before = dump_database(project.db());
    EXPECT_EQ(project.mig({"upgrade", "--one-transaction"}).exit_code, 2);
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_FALSE(fs::exists(project / ".mig/backups")) << "refused before the backup";
}

TEST(OneTransaction, DowngradeRevertsEveryRevisionOrNone) {
    Project project;
    project.write_chain({rev("aaa", {}, "CREATE TABLE a (x);", "DROP TABLE a;"),
                         rev("bbb", {}, "CREATE TABLE b (x);", "DROP TABLE b;\nDROP TABLE nope;"),
                         rev("ccc", {}, "CREATE TABLE c (x);", "DROP TABLE c;")});
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());

    MigResult failed = project.mig({"downgrade", "base", "--one-transaction"});
    EXPECT_EQ(failed.exit_code, 1) << describe(failed);
    EXPECT_THAT(failed.err, AllOf(HasSubstr("revision bbb ("), HasSubstr("no such table: nope"),
                                  HasSubstr("nothing of this run was applied")));
    EXPECT_EQ(dump_database(project.db()), before) << "ccc's downgrade was rolled back too";

    ASSERT_MIG_OK(project.mig({"downgrade", "bbb", "--one-transaction"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("bbb"));
    project.write_chain({rev("aaa", {}, "CREATE TABLE a (x);", "DROP TABLE a;"),
                         rev("bbb", {}, "CREATE TABLE b (x);", "DROP TABLE b;"),
                         rev("ccc", {}, "CREATE TABLE c (x);", "DROP TABLE c;")});
    MigResult reverted = project.mig({"downgrade", "base", "--one-transaction"});
    ASSERT_MIG_OK(reverted);
    EXPECT_THAT(version_rows(project.db()), IsEmpty());
    EXPECT_THAT(user_objects(project.db()), IsEmpty());
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade aaa", "upgrade bbb", "upgrade ccc", "downgrade ccc",
                            "downgrade bbb", "downgrade aaa"));
}

TEST(OneTransaction, SqlPrintsOneBeginAndOneCommitAroundTheRun) {
    Project project;
    write_three(project, false);
    MigResult offline = project.mig({"upgrade", "--sql", "--one-transaction"});
    ASSERT_MIG_OK(offline);
    EXPECT_FALSE(fs::exists(project.db()));
    EXPECT_EQ(occurrences(offline.out, "BEGIN IMMEDIATE;"), 1U);
    EXPECT_EQ(occurrences(offline.out, "\nCOMMIT;\n"), 1U);
    EXPECT_THAT(offline.out, HasSubstr("PRAGMA foreign_keys = OFF;"));
    EXPECT_LT(offline.out.find("PRAGMA foreign_keys = OFF;"), offline.out.find("BEGIN IMMEDIATE;"))
        << "SQLite ignores the pragma inside a transaction";
    EXPECT_LT(offline.out.find("BEGIN IMMEDIATE;"),
              offline.out.find("CREATE TABLE IF NOT EXISTS mig_version"));
    EXPECT_THAT(offline.out, HasSubstr("-- skipped by mig (it runs each revision in its own "
                                       "transaction): BEGIN;"));
    EXPECT_THAT(offline.out, Not(HasSubstr("\nCOMMIT;\n\n-- upgrade")));
    EXPECT_THAT(offline.out, EndsWith("'c');\n\nCOMMIT;\n")) << "after ccc's history row";

    // The printed script builds what the online run builds.
    ASSERT_MIG_OK(project.mig({"upgrade", "--one-transaction"}));
    TempDir other;
    const fs::path copy = other / "offline.db";
    MigResult applied = run_program(other.path(), {"sqlite3", copy.string()}, {}, offline.out);
    ASSERT_EQ(applied.exit_code, 0) << describe(applied);
    EXPECT_EQ(query_rows(copy, "SELECT type, name, sql FROM sqlite_schema ORDER BY name"),
              query_rows(project.db(), "SELECT type, name, sql FROM sqlite_schema ORDER BY name"));
    EXPECT_THAT(version_rows(copy), ElementsAre("ccc"));
    EXPECT_EQ(history_summary(copy), history_summary(project.db()));
}

TEST(OneTransaction, TheFlagIsDocumentedInHelp) {
    Project project;
    EXPECT_THAT(project.mig({"upgrade", "--help"}).out, HasSubstr("--one-transaction"));
    EXPECT_THAT(project.mig({"downgrade", "--help"}).out, HasSubstr("--one-transaction"));
}

}  // namespace
}  // namespace mig::test
