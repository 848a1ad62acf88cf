// `[hooks] snapshots = true` end to end: `mig sync` keeps a copy of the database for the commit
// it belongs to before changing it, restores it on the way back (the rows come back, not only
// the schema), never restores over a database that moved since, and keeps `snapshot_keep`.
#include "e2e/sync_project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class SyncSnapshots : public SyncProject {
protected:
    std::vector<std::string> snapshots() const { return files_in(".mig/snapshots"); }
    std::string short_commit(const std::string& ref) const { return commit_of(ref).substr(0, 12); }
};

TEST_F(SyncSnapshots, TheRowsOfABranchComeBackAfterARoundTrip) {
    make_branches("[hooks]\nsnapshots = true\n");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO a_things (name) VALUES ('kept on A');");

    checkout("B");
    MigResult to_b = project.mig({"sync", "--yes"});  // drops a_things' row: kept in the snapshot
    ASSERT_MIG_OK(to_b);
    EXPECT_THAT(to_b.out, HasSubstr("Kept a snapshot of the database at a for commit " +
                                    short_commit("A") + " in .mig/snapshots/\n"));
    ASSERT_EQ(snapshots().size(), 1U);
    EXPECT_THAT(snapshots()[0], HasSubstr("." + commit_of("A") + "."));
    exec_sql(project.db(), "INSERT INTO users (name, age) VALUES ('kept on B', 7);");

    checkout("A");
    MigResult to_a = project.mig({"sync"});  // a restore drops nothing: no --yes needed
    ASSERT_MIG_OK(to_a);
    EXPECT_THAT(to_a.out, HasSubstr("Restored the snapshot of commit " + short_commit("A") +
                                    " instead of replaying 2 revisions: the database is at a "
                                    "with the rows it had there.\n"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("a"));
    EXPECT_THAT(query_column(project.db(), "SELECT name FROM a_things"), ElementsAre("kept on A"));

    checkout("B");
    MigResult again_b = project.mig({"sync"});
    ASSERT_MIG_OK(again_b);
    EXPECT_THAT(again_b.out, HasSubstr("Restored the snapshot of commit " + short_commit("B")));
    EXPECT_THAT(query_rows(project.db(), "SELECT name, age FROM users"),
                ElementsAre(ElementsAre("kept on B", "7")));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("b"));
}

// `.mig/` holds its own `.gitignore` of `*`: even a project whose .gitignore does not list
// `.mig/` never sees the snapshots in `git status`.
TEST_F(SyncSnapshots, AreNeverSeenByGit) {
    make_branches("[hooks]\nsnapshots = true\n");
    project.dir().write(".gitignore", "/app.db\n");
    commit_all("ignore only the database");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    checkout("B");
    ASSERT_MIG_OK(project.mig({"sync"}));
    checkout("A");
    ASSERT_MIG_OK(project.mig({"sync"}));
    ASSERT_EQ(snapshots().size(), 2U);
    EXPECT_EQ(git(project, {"status", "--porcelain", "--untracked-files=all"}), "");
}

TEST_F(SyncSnapshots, AreNotRestoredOverADatabaseThatMovedSinceTheSnapshotWasTaken) {
    make_branches("[hooks]\nsnapshots = true\n");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO a_things (name) VALUES ('on A');");
    checkout("B");
    ASSERT_MIG_OK(project.mig({"sync", "--yes"}));
    ASSERT_MIG_OK(project.mig({"downgrade", "p"}));  // the database leaves where sync left it

    checkout("A");
    MigResult to_a = project.mig({"sync"});
    ASSERT_MIG_OK(to_a);
    EXPECT_THAT(to_a.out, HasSubstr("not restoring the snapshot of commit " + short_commit("A") +
                                    ": the database is no longer where the sync that took it "
                                    "left it (now at p); replaying instead\n"));
    EXPECT_THAT(to_a.out, Not(HasSubstr("Restored")));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("a"));
    EXPECT_THAT(query_column(project.db(), "SELECT name FROM a_things"), IsEmpty())
        << "replayed, not restored";
}

TEST_F(SyncSnapshots, DryRunSaysWhatItWouldKeepAndRestoreAndWritesNothing) {
    make_branches("[hooks]\nsnapshots = true\n");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    checkout("B");
    MigResult dry = project.mig({"sync", "--dry-run"});
    ASSERT_MIG_OK(dry);
    EXPECT_THAT(dry.out, HasSubstr("\nSnapshot: would keep the database at a for commit " +
                                   short_commit("A") + " first\n"));
    EXPECT_THAT(snapshots(), IsEmpty());
    ASSERT_MIG_OK(project.mig({"sync"}));
    checkout("A");
    const std::string before = dump_database(project.db());
    MigResult back = project.mig({"sync", "--dry-run"});
    ASSERT_MIG_OK(back);
    EXPECT_THAT(back.out, HasSubstr("\nSnapshot: would restore .mig/snapshots/"));
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_EQ(snapshots().size(), 1U);
}

// Three branches, each with its own revision: every sync keeps a snapshot of another state,
// and only the newest `snapshot_keep` stay.
TEST_F(SyncSnapshots, OnlyTheNewestSnapshotKeepAreKept) {
    make_branches("[hooks]\nsnapshots = true\nsnapshot_keep = 2\n");
    git(project, {"checkout", "-q", "main"});
    git(project, {"checkout", "-q", "-b", "C"});
    project.write_revision(
        rev("c", {"p"}, "CREATE TABLE c_things (id INTEGER);", "DROP TABLE c_things;", "c"));
    commit_all("c");
    checkout("A");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    checkout("B");
    ASSERT_MIG_OK(project.mig({"sync"}));  // keeps A
    checkout("C");
    ASSERT_MIG_OK(project.mig({"sync"}));  // keeps B
    EXPECT_EQ(snapshots().size(), 2U);
    checkout("main");
    ASSERT_MIG_OK(project.mig({"sync"}));  // keeps C; A's goes
    const std::vector<std::string> kept = snapshots();
    ASSERT_EQ(kept.size(), 2U);
    EXPECT_THAT(kept[0], HasSubstr("." + commit_of("B") + "."));
    EXPECT_THAT(kept[1], HasSubstr("." + commit_of("C") + "."));
}

TEST_F(SyncSnapshots, WithThePostCheckoutHookTheRowsComeBackOnCheckout) {
    make_branches("[hooks]\nsync = true\nsnapshots = true\n");
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO a_things (name) VALUES ('kept on A');");

    MigResult to_b = checkout("B");  // the hook refuses to drop A's row...
    EXPECT_THAT(to_b.out + to_b.err, HasSubstr("mig sync would drop data"));
    ASSERT_MIG_OK(project.mig({"sync", "--yes"}));  // ...which the snapshot keeps
    MigResult to_a = checkout("A");
    EXPECT_THAT(to_a.out + to_a.err,
                HasSubstr("Restored the snapshot of commit " + short_commit("A")));
    EXPECT_THAT(query_column(project.db(), "SELECT name FROM a_things"), ElementsAre("kept on A"));
}

// Outside git there is no commit to key a snapshot by: one line says so and sync goes on.
TEST(SyncSnapshotsOutsideGit, SaySoInOneLineAndSyncWithout) {
    Project project;
    project.write_config("[database]\nurl = \"sqlite:///app.db\"\n[hooks]\nsnapshots = true\n");
    project.write_revision(k_revision_p);
    const WrittenRevision a = project.write_revision(k_revision_a);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    fs::remove(a.path);
    MigResult result = project.mig({"sync"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(result.out, HasSubstr("[hooks] snapshots are kept per git commit, and there is "
                                      "none here; synced without\n"));
    EXPECT_THAT(result.out, HasSubstr("Database is now at p (1 revision reverted)."));
    EXPECT_FALSE(fs::exists(project / ".mig/snapshots"));
}

TEST_F(SyncSnapshots, OffByDefault) {
    make_branches();
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    checkout("B");
    MigResult result = project.mig({"sync"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(result.out, Not(HasSubstr("snapshot")));
    EXPECT_FALSE(fs::exists(project / ".mig/snapshots"));
}

}  // namespace
}  // namespace mig::test
