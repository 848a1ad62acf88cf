// `mig rollback` end to end in real git repositories: the database goes down and the code goes
// back with it, every refusal leaves both untouched, and no commit is ever lost.
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr const char* k_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n";
constexpr const char* k_users_age =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n";
constexpr const char* k_users_age_email =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER, email TEXT);\n";

class Rollback : public ModelProjectTest {
protected:
    Rollback() {
        make_repository(project);
        // A committer for `--revert`, which makes a commit through libgit2.
        git(project, {"config", "user.name", "Rollback Tests"});
        git(project, {"config", "user.email", "rollback@example.invalid"});
    }

    std::string rev_parse(const std::string& ref) const {
        return lines_of(git(project, {"rev-parse", ref})).at(0);
    }
    std::string head() const { return rev_parse("HEAD"); }
    std::vector<std::string> rollback_refs() const {
        return lines_of(git(
            project, {"for-each-ref", "--format=%(refname) %(objectname)", "refs/mig/rollback"}));
    }

    // The seed workflow up to the regretted change: users (r1) committed and applied, rows
    // inserted, then age (r2) committed and applied.
    void seed() {
        model(k_users);
        migrate("r1");
        commit_all("users table");
        ASSERT_MIG_OK(project.mig({"upgrade"}));
        exec_sql(project.db(), "INSERT INTO users (name) VALUES ('ann'), ('bob');");
        users_commit = head();
        model(k_users_age);
        migrate("r2");
        commit_all("Add age column to user model");
        ASSERT_MIG_OK(project.mig({"upgrade"}));
        age_commit = head();
    }

    // Everything a refused rollback must leave alone.
    struct State {
        std::string database;
        std::string head;
        std::string branch;
        std::string status;
        std::vector<std::string> refs;
        bool operator==(const State&) const = default;
    };
    State state() const {
        return {dump_database(project.db()), head(),
                lines_of(git(project, {"symbolic-ref", "-q", "HEAD"})).at(0),
                git(project, {"status", "--porcelain", "--untracked-files=all"}), rollback_refs()};
    }

    void expect_refused(const std::vector<std::string>& args, const std::string& message) const {
        const State before = state();
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 3) << describe(result);
        EXPECT_THAT(result.err, AllOf(StartsWith("mig: error: "), HasSubstr(message)));
        EXPECT_EQ(lines_of(result.err).size(), 1U) << result.err;
        EXPECT_EQ(state(), before) << "a refused rollback touches neither the database nor git";
    }

    std::string users_commit;
    std::string age_commit;
};

TEST_F(Rollback, TheSeedWorkflowTakesTheDatabaseAndTheCodeBackTogether) {
    seed();
    MigResult result = project.mig({"rollback"});
    ASSERT_MIG_OK(result);

    EXPECT_EQ(query_rows(project.db(), "SELECT * FROM users ORDER BY id"),
              (std::vector<std::vector<std::string>>{{"1", "ann"}, {"2", "bob"}}))
        << "the column is gone and the rows are intact";
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_EQ(head(), users_commit) << "the code is at the commit before the age column";
    EXPECT_EQ(lines_of(git(project, {"symbolic-ref", "HEAD"})).at(0), "refs/heads/main")
        << "the branch moved and stays checked out";
    EXPECT_EQ(project.dir().read("models/schema.sql"), k_users);
    EXPECT_FALSE(fs::exists(project.versions() / "r2_r2.sql"));
    EXPECT_EQ(git(project, {"status", "--porcelain"}), "") << "index and work tree match HEAD";

    const std::vector<std::string> refs = rollback_refs();
    ASSERT_EQ(refs.size(), 1U);
    EXPECT_THAT(refs[0], AllOf(StartsWith("refs/mig/rollback/"), HasSubstr(" " + age_commit)))
        << "the old HEAD stays reachable";
    EXPECT_EQ(rev_parse("ORIG_HEAD"), age_commit);
    EXPECT_THAT(git(project, {"reflog", "-1", "--format=%gs"}), StartsWith("mig rollback: "));
    const std::string ref = refs[0].substr(0, refs[0].find(' '));
    EXPECT_THAT(result.out, HasSubstr("To undo: git reset --hard " + ref + " && mig upgrade"));
    EXPECT_MIG_OK(project.mig({"check"}));

    // The printed undo works: code and database forward again, rows still there.
    git(project, {"reset", "-q", "--hard", ref});
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r2"));
    EXPECT_EQ(query_column(project.db(), "SELECT name FROM users ORDER BY id"),
              (std::vector<std::string>{"ann", "bob"}));
}

TEST_F(Rollback, DryRunPrintsThePlanAndChangesNothing) {
    seed();
    const State before = state();
    MigResult result = project.mig({"rollback", "--dry-run"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(state(), before);
    const std::string short_users = users_commit.substr(0, 7);
    const std::string short_age = age_commit.substr(0, 7);
    EXPECT_THAT(result.out,
                AllOf(HasSubstr("Database: r2 -> r1, reverting 1 revision:\n  r2  r2\n"),
                      HasSubstr("    destructive: line "),
                      HasSubstr("Code: reset main to " + short_users +
                                " \"users table\"; 1 "
                                "commit would leave the branch:\n  " +
                                short_age + " Add age column to user model\n")));
}

TEST_F(Rollback, TwoRevisionsInOneGo) {
    seed();
    model(k_users_age_email);
    migrate("r3");
    commit_all("email");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    ASSERT_MIG_OK(project.mig({"rollback", "-2"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_EQ(head(), users_commit);
    EXPECT_EQ(query_column(project.db(), "SELECT name FROM users ORDER BY id"),
              (std::vector<std::string>{"ann", "bob"}));
    EXPECT_MIG_OK(project.mig({"check"}));
}

TEST_F(Rollback, NoCodeMovesOnlyTheDatabase) {
    seed();
    MigResult result = project.mig({"rollback", "--no-code"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_EQ(head(), age_commit);
    EXPECT_THAT(rollback_refs(), IsEmpty());
    EXPECT_THAT(result.out, HasSubstr("To undo: mig upgrade r2"));
}

TEST_F(Rollback, RefusesUncommittedChangesToTrackedFilesAndKeepsThem) {
    seed();
    project.dir().write("models/schema.sql", "-- my edit\n" + std::string(k_users_age));
    expect_refused({"rollback"},
                   "uncommitted changes to tracked files (models/schema.sql "
                   "modified)");
    EXPECT_THAT(project.dir().read("models/schema.sql"), StartsWith("-- my edit"));

    git(project, {"add", "models/schema.sql"});
    expect_refused({"rollback"}, "models/schema.sql staged");
    expect_refused({"rollback", "--revert"}, "models/schema.sql staged");
}

TEST_F(Rollback, KeepsUntrackedFilesAndRefusesToOverwriteOne) {
    seed();
    project.dir().write("notes.txt", "mine");
    ASSERT_MIG_OK(project.mig({"rollback", "--dry-run"}));

    // A file the age commit deleted: the reset would bring it back over the user's copy.
    Project& p = project;
    git(p, {"reset", "-q", "--hard", users_commit});
    ASSERT_MIG_OK(p.mig({"downgrade"}));
    p.dir().write("NOTES.md", "tracked before");
    commit_all("notes");
    users_commit = head();
    model(k_users_age);
    migrate("r2b");
    fs::remove(p / "NOTES.md");
    commit_all("age, and notes removed");
    ASSERT_MIG_OK(p.mig({"upgrade"}));
    p.dir().write("NOTES.md", "my own, untracked");
    expect_refused({"rollback"}, "untracked files would be overwritten");
    EXPECT_EQ(p.dir().read("NOTES.md"), "my own, untracked");
    EXPECT_EQ(p.dir().read("notes.txt"), "mine");
}

TEST_F(Rollback, RefusesWhenGitTracksTheDatabaseFile) {
    seed();
    git(project, {"add", "-f", "app.db"});
    git(project, {"commit", "-q", "-m", "someone committed the database"});
    expect_refused({"rollback"}, "the database file app.db is tracked by git");
}

TEST_F(Rollback, RefusesADetachedHead) {
    seed();
    git(project, {"checkout", "-q", "--detach"});
    const std::string before_db = dump_database(project.db());
    MigResult result = project.mig({"rollback"});
    EXPECT_EQ(result.exit_code, 3) << describe(result);
    EXPECT_THAT(result.err, AllOf(HasSubstr("HEAD is detached"), HasSubstr("git switch")));
    EXPECT_EQ(dump_database(project.db()), before_db);
    EXPECT_EQ(head(), age_commit);
}

TEST_F(Rollback, RefusesARevisionThatWasNeverCommitted) {
    seed();
    model(k_users_age_email);
    migrate("r3");
    ASSERT_MIG_OK(project.mig({"upgrade", "--allow-dirty"}));
    git(project, {"add", "models/schema.sql"});
    git(project, {"commit", "-q", "-m", "email, without its revision"});
    expect_refused({"rollback"},
                   "revision r3 (migrations/versions/r3_r3.sql) was not added by "
                   "any commit on main");
}

TEST_F(Rollback, RefusesToCrossAMerge) {
    seed();
    git(project, {"checkout", "-q", "-b", "side", users_commit});
    project.dir().write("side.txt", "side");
    commit_all("side work");
    git(project, {"checkout", "-q", "main"});
    git(project, {"merge", "-q", "--no-edit", "--no-ff", "side"});
    expect_refused({"rollback"},
                   "is a merge, and rollback does not move a branch back across "
                   "a merge");
}

TEST_F(Rollback, RefusesPushedCommitsUnlessForcedOrReverting) {
    seed();
    TempDir remote;
    run_program(remote.path(), {"git", "init", "-q", "--bare", "-b", "main", "."}, {});
    git(project, {"remote", "add", "origin", remote.path().string()});
    git(project, {"push", "-q", "-u", "origin", "main"});
    expect_refused({"rollback"}, "is already on origin/main");

    MigResult dry = project.mig({"rollback", "--dry-run", "--force"});
    ASSERT_MIG_OK(dry);
    EXPECT_THAT(dry.out, HasSubstr("(already on origin/main)"));

    MigResult reverted = project.mig({"rollback", "--revert"});
    ASSERT_MIG_OK(reverted);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_EQ(rev_parse("HEAD~1"), age_commit) << "one new commit on top, nothing rewritten";
    EXPECT_EQ(rev_parse("HEAD^{tree}"), rev_parse(users_commit + "^{tree}"));
    EXPECT_THAT(git(project, {"log", "-1", "--format=%B"}),
                AllOf(HasSubstr("mig rollback --revert"), HasSubstr(age_commit.substr(0, 7))));
    EXPECT_EQ(git(project, {"status", "--porcelain"}), "");
    EXPECT_EQ(lines_of(git(project, {"rev-parse", "origin/main"})).at(0), age_commit)
        << "nothing pushed";
    EXPECT_MIG_OK(project.mig({"check"}));
    EXPECT_THAT(reverted.out, HasSubstr("To undo: git revert --no-edit "));
}

TEST_F(Rollback, ForceResetsPushedCommitsAndKeepsThemReachable) {
    seed();
    TempDir remote;
    run_program(remote.path(), {"git", "init", "-q", "--bare", "-b", "main", "."}, {});
    git(project, {"remote", "add", "origin", remote.path().string()});
    git(project, {"push", "-q", "-u", "origin", "main"});
    ASSERT_MIG_OK(project.mig({"rollback", "--force"}));
    EXPECT_EQ(head(), users_commit);
    ASSERT_EQ(rollback_refs().size(), 1U);
}

TEST_F(Rollback, ARevisionOnlyOnAnotherBranchIsRevertedFromItsStoredSql) {
    seed();
    git(project, {"checkout", "-q", "-b", "feature"});
    model(k_users_age_email);
    migrate("r3");
    commit_all("email on a branch");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    git(project, {"checkout", "-q", "main"});
    ASSERT_FALSE(fs::exists(project.versions() / "r3_r3.sql"));

    MigResult result = project.mig({"rollback"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r2"));
    EXPECT_EQ(head(), age_commit) << "the code never had r3: it stays";
    EXPECT_THAT(result.out, HasSubstr("Code: unchanged"));
    EXPECT_MIG_OK(project.mig({"check"}));
}

TEST_F(Rollback, AFailureAfterTheDowngradeSaysHowToFinishAndLosesNoCommit) {
    seed();
    // Another git process holds the index: the reset fails after the downgrade.
    project.dir().write(".git/index.lock", "");
    MigResult result = project.mig({"rollback"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(HasSubstr("the database was rolled back to r1"),
                      HasSubstr("finish with `git reset --hard " + users_commit.substr(0, 7)),
                      HasSubstr("undo the rollback with `git reset --hard refs/mig/rollback/")));
    EXPECT_EQ(lines_of(result.err).size(), 1U) << result.err;
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    ASSERT_EQ(rollback_refs().size(), 1U);
    EXPECT_THAT(rollback_refs()[0], HasSubstr(age_commit)) << "no commit lost";

    fs::remove(project / ".git/index.lock");
    git(project, {"reset", "-q", "--hard", users_commit.substr(0, 7)});
    EXPECT_MIG_OK(project.mig({"check"}));
}

TEST(RollbackWithoutGit, MovesOnlyTheDatabaseAndSaysSo) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    MigResult result = project.mig({"rollback"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_THAT(result.out, HasSubstr("not in a git repository: only the database moves"));
}

TEST_F(Rollback, AtBaseThereIsNothingToRollBack) {
    MigResult result = project.mig({"rollback"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(rollback_refs(), IsEmpty());
}

}  // namespace
}  // namespace mig::test
