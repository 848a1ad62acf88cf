// `mig sync` end to end in real git repositories: after `git checkout` of a sibling branch the
// database goes down the revisions the checkout lacks (with the SQL stored when they were
// applied) and up to the checkout's head, both ways; every refusal and the dry run leave the
// database byte for byte as it was; and `[hooks] sync = true` makes post-checkout do it.
#include "e2e/sync_project.hpp"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class Sync : public SyncProject {
protected:
    void SetUp() override { make_branches(); }

    // Everything a refused or dry sync must leave alone: the database (schema, rows, version,
    // history) and the backups folder.
    std::string state() const {
        return dump_database(project.db()) +
               "\nbackups: " + ::testing::PrintToString(files_in(".mig/backups"));
    }
};

// Lines that are not timings: "downgrade a -> p  things of A  (3 ms)" loses its "(3 ms)".
std::vector<std::string> without_timings(const std::string& out) {
    std::vector<std::string> lines;
    for (std::string line : lines_of(out)) {
        if (line.ends_with(" ms)")) {
            line.erase(line.rfind("  ("));
        }
        if (!line.starts_with("Backed up the database to ")) {
            lines.push_back(line);
        }
    }
    return lines;
}

TEST_F(Sync, AfterACheckoutRevertsWhatTheBranchLacksFromStoredSqlThenUpgradesBothWays) {
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    checkout("B");
    ASSERT_FALSE(fs::exists(project.versions() / "a_things_of_a.sql")) << "a is not on B";

    MigResult to_b = project.mig({"sync"});
    EXPECT_MIG_OK(to_b);
    EXPECT_THAT(without_timings(to_b.out),
                ElementsAre("downgrade a -> p  things of A", "upgrade   p -> b  age of B",
                            "Database is now at b (1 revision reverted, 1 revision applied)."));
    EXPECT_EQ(to_b.err, "");
    EXPECT_THAT(version_rows(project.db()), ElementsAre("b"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("users"));
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade p", "upgrade a", "downgrade a", "upgrade b"));
    EXPECT_EQ(history_rows(project.db()).back().git_commit, commit_of("B"));

    checkout("A");
    MigResult to_a = project.mig({"sync"});
    EXPECT_MIG_OK(to_a);
    EXPECT_THAT(without_timings(to_a.out),
                ElementsAre("downgrade b -> p  age of B", "upgrade   p -> a  things of A",
                            "Database is now at a (1 revision reverted, 1 revision applied)."));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("a"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("a_things", "users"));
    EXPECT_THAT(query_column(project.db(), "SELECT name FROM pragma_table_info('users')"),
                ElementsAre("id", "name"))
        << "b's column went with b";
}

TEST_F(Sync, TakesTheAutomaticBackupFirst) {
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    checkout("B");
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"sync"});
    ASSERT_MIG_OK(result);
    const std::vector<std::string> backups = files_in(".mig/backups");
    ASSERT_FALSE(backups.empty());
    EXPECT_TRUE(backups.back().ends_with(".sync.bak")) << backups.back();
    EXPECT_THAT(result.out, StartsWith("Backed up the database to .mig/backups/app.db."));
    EXPECT_EQ(dump_database(project / (".mig/backups/" + backups.back())), before);
}

TEST_F(Sync, RefusesToDropATableHoldingRowsWithoutYesAndChangesNothing) {
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO a_things (name) VALUES ('one'), ('two');");
    checkout("B");
    const std::string before = state();

    MigResult refused = project.mig({"sync"});
    EXPECT_EQ(refused.exit_code, 3) << describe(refused);
    EXPECT_EQ(refused.out, "");
    EXPECT_THAT(lines_of(refused.err),
                ElementsAre("mig: warning: would drop data: revision a, statement 1 (line 1): "
                            "DROP TABLE a_things: drops table a_things, which holds 2 rows",
                            StartsWith("mig: error: mig sync would drop data: 1 statement in "
                                       "the downgrade of a; nothing was changed; run `mig sync "
                                       "--yes` to drop it anyway")));
    EXPECT_EQ(state(), before) << "a refused sync changes nothing, not even the backups";

    MigResult forced = project.mig({"sync", "--yes"});
    EXPECT_MIG_OK(forced);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("b"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("users"));
}

TEST_F(Sync, RefusesToDropAColumnHoldingRowsAndADowngradeMarkedDestructive) {
    checkout("B");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO users (name, age) VALUES ('ann', 30);");
    checkout("A");
    const std::string before = state();
    MigResult column = project.mig({"sync"});
    EXPECT_EQ(column.exit_code, 3) << describe(column);
    EXPECT_THAT(column.err, HasSubstr("mig: warning: would drop data: revision b, statement 1 "
                                      "(line 1): ALTER TABLE users DROP COLUMN age: drops "
                                      "column age of users, which holds 1 row\n"));
    EXPECT_EQ(state(), before);

    // A downgrade marked destructive is refused even when the table is empty.
    exec_sql(project.db(), "DELETE FROM users;");
    git(project, {"checkout", "-q", "B"});
    project.write_revision(rev("c", {"b"}, "CREATE TABLE notes (id INTEGER);",
                               "-- mig:destructive notes go\nDROP TABLE notes;", "notes"));
    commit_all("c");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    checkout("A");
    const std::string at_c = state();
    MigResult marked = project.mig({"sync"});
    EXPECT_EQ(marked.exit_code, 3) << describe(marked);
    EXPECT_THAT(marked.err, HasSubstr("mig: warning: would drop data: revision c, statement 1 "
                                      "(line 2): DROP TABLE notes: marked destructive: notes "
                                      "go\n"));
    EXPECT_EQ(state(), at_c);
    EXPECT_MIG_OK(project.mig({"sync", "--yes"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("a"));
}

TEST_F(Sync, DryRunPrintsEachRevisionDownThenUpAndTheRefusalsAndChangesNothing) {
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO a_things (name) VALUES ('one');");
    checkout("B");
    project.write_revision(rev("c", {"b"}, "CREATE TABLE notes (id INTEGER);", "DROP TABLE notes;",
                               "notes"));  // untracked
    const std::string before = state();

    MigResult dry = project.mig({"sync", "--dry-run"});
    EXPECT_MIG_OK(dry);
    EXPECT_THAT(
        lines_of(dry.out),
        ElementsAre("Sync plan for sqlite:///app.db (--dry-run: nothing changed)",
                    "Database: a -> c, 1 revision to revert, 2 revisions to apply:",
                    "  downgrade a  things of A  (not in this checkout: the downgrade SQL stored "
                    "when it was applied)",
                    "    drops data: statement 1 (line 1): DROP TABLE a_things: drops table "
                    "a_things, which holds 1 row",
                    "  upgrade   b  age of B", "  upgrade   c  notes",
                    "Refused without --yes: 1 statement would drop data.",
                    "Refused: a migration is not committed: migrations/versions/c_notes.sql "
                    "(untracked); commit them first (git add migrations/versions && git "
                    "commit), then run `mig sync` again"));
    EXPECT_EQ(dry.err, "");
    EXPECT_EQ(state(), before);
}

TEST_F(Sync, RefusesUncommittedRevisionFilesAsUpgradeDoes) {
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    checkout("B");
    project.write_revision(
        rev("c", {"b"}, "CREATE TABLE notes (id INTEGER);", "DROP TABLE notes;", "notes"));
    const std::string before = state();
    MigResult refused = project.mig({"sync"});
    EXPECT_EQ(refused.exit_code, 3) << describe(refused);
    EXPECT_THAT(refused.err, StartsWith("mig: error: "));
    EXPECT_EQ(refused.err,
              "mig: error: a migration is not committed: migrations/versions/c_notes.sql "
              "(untracked); commit them first (git add migrations/versions && git commit), then "
              "run `mig sync` again\n");
    EXPECT_EQ(lines_of(refused.err).size(), 1U) << refused.err;
    EXPECT_EQ(state(), before);
}

TEST_F(Sync, WithoutADatabaseOrWithoutMigTablesIsANoOpThatCreatesNothing) {
    MigResult none = project.mig({"sync"});
    EXPECT_MIG_OK(none);
    EXPECT_EQ(none.out,
              "Nothing to sync: sqlite:///app.db has no mig tables yet (`mig upgrade` creates "
              "them).\n");
    EXPECT_FALSE(fs::exists(project.db()));
    EXPECT_FALSE(fs::exists(project / ".mig/app.db.lock")) << "not even the lock file";

    SQLite::Database(project.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
        .exec("CREATE TABLE mine (id INTEGER);");
    const std::string before = dump_database(project.db());
    MigResult unmanaged = project.mig({"sync"});
    EXPECT_MIG_OK(unmanaged);
    EXPECT_EQ(unmanaged.out, none.out);
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST_F(Sync, ADatabaseAlreadyInSyncIsANoOpWithOneLine) {
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = state();
    MigResult result = project.mig({"sync"});
    EXPECT_MIG_OK(result);
    EXPECT_EQ(result.out, "Database is in sync with the code at a.\n");
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(state(), before);
    EXPECT_EQ(project.mig({"-q", "sync"}).out, "");
}

TEST_F(Sync, ADatabaseBehindTheCheckoutIsUpgraded) {
    ASSERT_MIG_OK(project.mig({"upgrade", "p"}));
    MigResult result = project.mig({"sync"});
    EXPECT_MIG_OK(result);
    EXPECT_THAT(
        without_timings(result.out),
        ElementsAre("upgrade   p -> a  things of A", "Database is now at a (1 revision applied)."));
}

// The runner's guarantee, through sync: revisions before the failing one stay done, the
// failing one leaves nothing behind, and the message says where the database stands.
TEST_F(Sync, AFailureMidwayLeavesTheDatabaseAsItWasBeforeTheFailingRevision) {
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    git(project, {"checkout", "-q", "B"});
    project.write_revision(rev("c", {"b"},
                               "CREATE TABLE notes (id INTEGER);\nINSERT INTO missing VALUES (1);",
                               "DROP TABLE notes;", "broken"));
    commit_all("c");
    MigResult failed = project.mig({"sync"});
    EXPECT_EQ(failed.exit_code, 1) << describe(failed);
    EXPECT_THAT(failed.err, StartsWith("mig: error: "));
    EXPECT_THAT(failed.err, HasSubstr("no such table: missing"));
    EXPECT_THAT(failed.err, HasSubstr("the database stays at b after a, b"));
    EXPECT_EQ(lines_of(failed.err).size(), 1U) << failed.err;
    EXPECT_THAT(version_rows(project.db()), ElementsAre("b"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("users")) << "no notes table";
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade p", "upgrade a", "downgrade a", "upgrade b"));
}

// --- the post-checkout hook -----------------------------------------------------------------

class SyncHook : public SyncProject {};

TEST_F(SyncHook, WithoutSyncTrueTheHookWarnsAndLeavesTheDatabaseToMigSync) {
    make_branches();
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());
    MigResult switched = checkout("B");
    EXPECT_THAT(switched.out + switched.err, HasSubstr("mig: the database is at a, applied from"));
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_MIG_OK(project.mig({"sync"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("b"));

    MigResult back = checkout("A");
    EXPECT_THAT(back.out + back.err, HasSubstr("mig: the database is at b, applied from"));
    EXPECT_MIG_OK(project.mig({"sync"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("a"));
}

TEST_F(SyncHook, WithSyncTrueTheCheckoutSyncsTheDatabase) {
    make_branches("[hooks]\nsync = true\n");
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));

    MigResult switched = checkout("B");
    const std::string said = switched.out + switched.err;
    EXPECT_THAT(said, HasSubstr("downgrade a -> p  things of A"));
    EXPECT_THAT(said, HasSubstr("Database is now at b (1 revision reverted, 1 revision applied)."));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("b"));

    MigResult back = checkout("A");
    EXPECT_THAT(back.out + back.err, HasSubstr("Database is now at a"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("a"));

    MigResult again = checkout("A");  // no switch: the hook has nothing to say
    EXPECT_EQ(again.out + again.err, "");
}

TEST_F(SyncHook, WithSyncTrueARefusalIsOneLineWithTheCommandAndTheCheckoutGoesOn) {
    make_branches("[hooks]\nsync = true\n");
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO a_things (name) VALUES ('one');");
    const std::string before = dump_database(project.db());

    MigResult switched = checkout("B");
    EXPECT_EQ(switched.out + switched.err,
              "mig: the database was not synced to this checkout: mig sync would drop data: 1 "
              "statement in the downgrade of a; nothing was changed; run `mig sync --yes` to "
              "drop it anyway (the automatic backup keeps a copy), or save the data first; "
              "`mig sync --dry-run` shows the plan\n");
    EXPECT_EQ(lines_of(git(project, {"rev-parse", "--abbrev-ref", "HEAD"})).at(0), "B");
    EXPECT_EQ(dump_database(project.db()), before);
}

}  // namespace
}  // namespace mig::test
