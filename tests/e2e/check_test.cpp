// `mig check --db`, `--staged` and `--against REF` end to end, on real SQLite files and real
// git repositories: what each reports, its exit code, and that checking changes nothing.
#include "e2e/project.hpp"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class Check : public ModelProjectTest {};

constexpr const char* k_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n";
constexpr const char* k_users_age =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n";

// --- --db: drift ---------------------------------------------------------------------------

TEST_F(Check, DbNamesEachDifferenceOfAHandChangedDatabaseAndChangesNothing) {
    model(k_users);
    migrate("r1");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_MIG_OK(project.mig({"check", "--db"}));

    exec_sql(project.db(),
             "ALTER TABLE users ADD COLUMN nickname TEXT; CREATE INDEX ix_name ON users (name);");
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out,
              "drift in app.db: table users: column nickname missing in migrations (database has "
              "TEXT)\n"
              "drift in app.db: index ix_name on users: missing in migrations (the database has "
              "it)\n");
    EXPECT_THAT(result.err,
                StartsWith("mig: error: check found 2 problems (listed above); the "
                           "database no longer has the schema its revision r1 creates"));
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_MIG_OK(project.mig({"check"})) << "without --db the live database is not looked at";
}

TEST_F(Check, DbComparesABehindDatabaseWithItsOwnRevisionNotTheHead) {
    model(k_users);
    migrate("r1");
    model(k_users_age);
    migrate("r2");
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    EXPECT_MIG_OK(project.mig({"check", "--db"})) << "pending revisions are not drift";

    exec_sql(project.db(), "DROP TABLE users;");
    MigResult result = project.mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out,
              "drift in app.db: table users: in the migrations but not in the database\n");
}

TEST_F(Check, DbAtARevisionTheMigrationsDoNotHaveIsAProblem) {
    model(k_users);
    migrate("r1");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    model(k_users_age);
    migrate("r2");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    fs::remove(project / "migrations/versions/r2_r2.sql");
    model(k_users);

    MigResult result = project.mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out,
              "database app.db is at revision r2, which the migrations do not have, so its schema "
              "cannot be checked\n");
    EXPECT_THAT(result.err, HasSubstr("check out the code that has it"));
}

TEST_F(Check, DbAtBaseWithTablesSuggestsStamp) {
    model(k_users);
    migrate("r1");
    // made by another tool: mig never ran on it
    SQLite::Database(project.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
        .exec(k_users);
    MigResult result = project.mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out,
              "drift in app.db: table users: missing in migrations (the database has it)\n");
    EXPECT_THAT(result.err, HasSubstr("adopt it with `mig stamp REV`"));
}

TEST_F(Check, DbWithoutADatabaseIsBadInputAndCreatesNone) {
    model(k_users);
    migrate("r1");
    MigResult result = project.mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err,
              "mig: error: the database app.db does not exist; run `mig upgrade` to create it, or "
              "leave out --db\n");
    EXPECT_FALSE(fs::exists(project.db()));
}

// --- --staged: what `git commit` would record ------------------------------------------------

TEST_F(Check, StagedLooksAtTheIndexNotTheWorkTree) {
    make_repository(project);
    model(k_users);
    migrate("r1");
    commit_all("users");
    const std::string status_before = git(project, {"status", "--porcelain"});

    model(k_users_age);  // edited, not staged: the commit would still be consistent
    EXPECT_MIG_OK(project.mig({"check", "--staged"}));
    EXPECT_EQ(project.mig({"check"}).exit_code, 1);

    git(project, {"add", "models"});  // the model is staged without its migration
    MigResult unmatched = project.mig({"check", "--staged"});
    EXPECT_EQ(unmatched.exit_code, 1) << describe(unmatched);
    EXPECT_EQ(unmatched.out, "table users: column age missing in migrations (model has INTEGER)\n");

    migrate("r2");  // written but not staged yet
    EXPECT_EQ(project.mig({"check", "--staged"}).exit_code, 1);
    git(project, {"add", "migrations"});
    MigResult matched = project.mig({"check", "--staged"});
    EXPECT_MIG_OK(matched);
    EXPECT_EQ(matched.out, "The staged model matches the staged migrations.\n");

    const std::string status_after = git(project, {"status", "--porcelain"});
    EXPECT_EQ(status_after, "A  migrations/versions/r2_r2.sql\nM  models/schema.sql\n")
        << "checking must leave the index and the work tree as they were (before: " << status_before
        << ")";
}

TEST_F(Check, StagedRunsTheModelCommandOnTheStagedTree) {
    make_repository(project);
    project.write_config(
        "[database]\nurl = \"sqlite:///app.db\"\n[model]\ncommand = \"cat ddl/model.sql\"\n");
    project.dir().write("ddl/model.sql", k_users);
    migrate("r1");
    commit_all("users");

    project.dir().write("ddl/model.sql", k_users_age);
    EXPECT_MIG_OK(project.mig({"check", "--staged"}));
    git(project, {"add", "ddl"});
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out, "table users: column age missing in migrations (model has INTEGER)\n");
}

TEST_F(Check, StagedWithNothingCommittedYetSeesNoRevisions) {
    make_repository(project);
    model(k_users);
    migrate("r1");
    git(project, {"add", "models"});
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out,
              "table users: missing in migrations (the model has it)\n"
              "migrations/versions/r1_r1.sql is untracked: it holds the migration for the staged "
              "model, but the commit would leave it out\n");
}

TEST_F(Check, StagedOutsideGitIsBadInput) {
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err, StartsWith("mig: error: --staged reads from git, but "));
    EXPECT_THAT(result.err, HasSubstr("is not in a git repository"));
}

// --- --against REF: this branch's revisions fit REF's ---------------------------------------

TEST_F(Check, AgainstNamesTheSecondHeadAMergeWouldCreateUntilTheBranchMerges) {
    make_repository(project);
    model(k_users);
    migrate("r1");
    commit_all("users");
    git(project, {"checkout", "-q", "-b", "feature"});
    model(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\nCREATE TABLE posts (id "
        "INTEGER PRIMARY KEY);\n");
    migrate("feat");
    commit_all("posts");
    EXPECT_MIG_OK(project.mig({"check", "--against", "main"})) << "main has nothing new yet";

    git(project, {"checkout", "-q", "main"});
    model(k_users_age);
    migrate("mainrev");
    commit_all("age");
    git(project, {"checkout", "-q", "feature"});

    MigResult diverged = project.mig({"check", "--against", "main"});
    EXPECT_EQ(diverged.exit_code, 1) << describe(diverged);
    EXPECT_EQ(diverged.out,
              "merging main would give the migrations 2 heads: feat (here), mainrev (main)\n");
    EXPECT_THAT(diverged.err, HasSubstr("`mig merge -m \"merge heads\" heads`"));

    git(project, {"merge", "-q", "--no-edit", "main", "-X", "theirs"});
    model(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\nCREATE TABLE "
        "posts (id INTEGER PRIMARY KEY);\n");
    ASSERT_MIG_OK(project.mig({"merge", "-m", "merge heads", "--rev-id", "m1", "heads"}));
    commit_all("merge");
    MigResult merged = project.mig({"check", "--against", "main"});
    EXPECT_MIG_OK(merged);
}

TEST_F(Check, AgainstNamesRevisionsEditedOrDeletedThatRefHas) {
    make_repository(project);
    model(k_users);
    migrate("r1");
    model(k_users_age);
    migrate("r2");
    commit_all("two revisions");
    const std::string r1 = "migrations/versions/r1_r1.sql";
    std::string edited = project.dir().read(r1);
    edited.replace(edited.find("-- mig:downgrade"), 0, "CREATE INDEX ix ON users (name);\n\n");
    project.dir().write(r1, edited);
    fs::remove(project / "migrations/versions/r2_r2.sql");
    model(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\nCREATE INDEX ix ON users "
        "(name);\n");

    MigResult result = project.mig({"check", "--against", "HEAD"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out,
              "revision r1 (migrations/versions/r1_r1.sql) differs from the one on HEAD: databases "
              "that already ran it will never run the change\n"
              "revision r2 (migrations/versions/r2_r2.sql) was deleted here but HEAD has it\n");
    EXPECT_THAT(result.err, HasSubstr("`git checkout HEAD -- FILE`"));
}

TEST_F(Check, AgainstAnUnknownRefIsBadInput) {
    make_repository(project);
    MigResult result = project.mig({"check", "--against", "no-such-branch"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err, StartsWith("mig: error: git does not know a commit 'no-such-branch'"));
}

}  // namespace
}  // namespace mig::test
