// The commands that couple migrations to git, on a real PostgreSQL server in real git
// repositories: `mig rollback` (the seed scenario, --dry-run, a refusal that touches
// neither the database nor git), `mig sync` after a branch switch (with the rows a downgrade
// would drop counted on the server), `mig status` (text and JSON) and `mig check --db` (the
// version checks, and the live schema against its revisions').

#include "e2e/postgres_project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;
using Json = nlohmann::json;

const RevisionSpec k_users =
    rev("r1", {}, "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);",
        "DROP TABLE users;", "users table");
const RevisionSpec k_age = rev("r2", {"r1"}, "ALTER TABLE users ADD COLUMN age integer;",
                               "ALTER TABLE users DROP COLUMN age;", "Add age column");

// A PostgreSQL project that is a git repository whose first commit holds what `mig init`
// wrote (mig.toml pointing at the test's database).
class PostgresGit : public PostgresProjectTest {
protected:
    void SetUp() override {
        PostgresProjectTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        make_repository(project());
        git(project(), {"config", "user.name", "Postgres Git Tests"});
        git(project(), {"config", "user.email", "pg@example.invalid"});
    }

    void commit_all(const std::string& message) const {
        git(project(), {"add", "-A"});
        git(project(), {"commit", "-q", "-m", message});
    }
    std::string rev_parse(const std::string& ref) const {
        return lines_of(git(project(), {"rev-parse", ref})).at(0);
    }
    std::string head() const { return rev_parse("HEAD"); }
    std::vector<std::string> rollback_refs() const {
        return lines_of(git(
            project(), {"for-each-ref", "--format=%(refname) %(objectname)", "refs/mig/rollback"}));
    }
    // The columns of public.users, in order.
    std::vector<std::string> user_columns() {
        return database().column(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name = 'users' ORDER BY ordinal_position");
    }
    // The tables of public that are not mig's, sorted.
    std::vector<std::string> tables() {
        return database().column(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT "
            "LIKE 'mig\\_%' ORDER BY tablename");
    }
    Json status_json() const {
        MigResult result = project().mig({"status", "--json"});
        EXPECT_EQ(result.exit_code, 0) << describe(result);
        return Json::parse(result.out);  // throws (fails the test) unless one whole document
    }

    // The seed workflow up to the regretted change: users (r1) committed and applied, rows
    // inserted, then the age column (r2) committed and applied.
    void seed() {
        project().write_revision(k_users);
        commit_all("users table");
        ASSERT_MIG_OK(project().mig({"upgrade"}));
        database().exec("INSERT INTO users (name) VALUES ('ann'), ('bob')");
        users_commit = head();
        project().write_revision(k_age);
        commit_all("Add age column to user model");
        ASSERT_MIG_OK(project().mig({"upgrade"}));
        age_commit = head();
    }

    // Everything a refused or dry command must leave alone: the database (schema, rows,
    // version, history) and git (HEAD, work tree, rollback refs).
    std::string state() {
        return database().dump() + "\nHEAD " + head() + "\nstatus\n" +
               git(project(), {"status", "--porcelain", "--untracked-files=all"}) + "refs\n" +
               ::testing::PrintToString(rollback_refs());
    }

    std::string users_commit;
    std::string age_commit;
};

// One line on stderr, starting with `mig: error: `.
void expect_one_error_line(const MigResult& result) {
    EXPECT_TRUE(result.err.starts_with("mig: error: ")) << describe(result);
    EXPECT_EQ(lines_of(result.err).size(), 1U) << describe(result);
}

// --- rollback --------------------------------------------------------------------------------

TEST_F(PostgresGit, RollbackTakesTheDatabaseAndTheCodeBackTogether) {
    seed();
    MigResult result = project().mig({"rollback"});
    ASSERT_MIG_OK(result);

    EXPECT_EQ(database().rows("SELECT id, name FROM users ORDER BY id"),
              (std::vector<std::vector<std::string>>{{"1", "ann"}, {"2", "bob"}}))
        << "the column is gone and the rows are intact";
    EXPECT_THAT(user_columns(), ElementsAre("id", "name"));
    EXPECT_THAT(database().version_rows(), ElementsAre("r1"));
    EXPECT_THAT(database().history_summary(),
                ElementsAre("upgrade r1", "upgrade r2", "downgrade r2"));
    EXPECT_EQ(head(), users_commit) << "the code is at the commit before the age column";
    EXPECT_EQ(lines_of(git(project(), {"symbolic-ref", "HEAD"})).at(0), "refs/heads/main");
    EXPECT_FALSE(fs::exists(project().versions() / "r2_add_age_column.sql"));
    EXPECT_EQ(git(project(), {"status", "--porcelain"}), "") << "index and work tree match HEAD";
    EXPECT_THAT(result.out + result.err, HasSubstr("pg_dump")) << "says no backup was taken";

    const std::vector<std::string> refs = rollback_refs();
    ASSERT_EQ(refs.size(), 1U);
    EXPECT_THAT(refs[0], AllOf(StartsWith("refs/mig/rollback/"), HasSubstr(" " + age_commit)))
        << "the old HEAD stays reachable";
    const std::string ref = refs[0].substr(0, refs[0].find(' '));
    EXPECT_THAT(result.out, HasSubstr("To undo: git reset --hard " + ref + " && mig upgrade"));

    // The printed undo works: code and database forward again, rows still there.
    git(project(), {"reset", "-q", "--hard", ref});
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    EXPECT_THAT(database().version_rows(), ElementsAre("r2"));
    EXPECT_THAT(user_columns(), ElementsAre("id", "name", "age"));
    EXPECT_EQ(database().column("SELECT name FROM users ORDER BY id"),
              (std::vector<std::string>{"ann", "bob"}));
}

TEST_F(PostgresGit, RollbackDryRunPrintsThePlanAndChangesNothing) {
    seed();
    const std::string before = state();
    MigResult result = project().mig({"rollback", "--dry-run"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(state(), before);
    EXPECT_THAT(
        result.out,
        AllOf(HasSubstr("Database: r2 -> r1, reverting 1 revision:\n  r2  Add age column\n"),
              HasSubstr("Code: reset main to " + users_commit.substr(0, 7) +
                        " \"users table\"; 1 commit would leave the branch:\n  " +
                        age_commit.substr(0, 7) + " Add age column to user model\n")));
}

TEST_F(PostgresGit, RollbackOnADirtyTreeTouchesNeitherTheDatabaseNorGit) {
    seed();
    project().write_config("[database]\nurl = \"" + database().url() + "\"\n# my edit\n");
    const std::string before = state();
    MigResult result = project().mig({"rollback"});
    EXPECT_EQ(result.exit_code, 3) << describe(result);
    expect_one_error_line(result);
    EXPECT_THAT(result.err, HasSubstr("uncommitted changes to tracked files (mig.toml modified)"));
    EXPECT_EQ(state(), before);
    EXPECT_THAT(database().version_rows(), ElementsAre("r2"));
}

// --- sync ------------------------------------------------------------------------------------

// main has p (users), branch A adds a (a table of its own), branch B adds b (a column of
// users); A is checked out.
class PostgresSync : public PostgresGit {
protected:
    void SetUp() override {
        PostgresGit::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        make_branches();
    }
    void make_branches() const {
        project().write_revision(rev("p", {},
                                     "CREATE TABLE users (id serial PRIMARY KEY, name text);",
                                     "DROP TABLE users;", "users"));
        commit_all("p");
        git(project(), {"checkout", "-q", "-b", "A"});
        project().write_revision(
            rev("a", {"p"}, "CREATE TABLE \"A_Things\" (id serial PRIMARY KEY, name text);",
                "DROP TABLE \"A_Things\";", "things of A"));
        commit_all("a");
        git(project(), {"checkout", "-q", "main"});
        git(project(), {"checkout", "-q", "-b", "B"});
        project().write_revision(rev("b", {"p"}, "ALTER TABLE users ADD COLUMN age integer;",
                                     "ALTER TABLE Users DROP COLUMN age;", "age of B"));
        commit_all("b");
        git(project(), {"checkout", "-q", "A"});
    }
    void checkout(const std::string& branch) const { git(project(), {"checkout", "-q", branch}); }
};

// The same branches with `[hooks] sync = true` committed on main before them.
class PostgresSyncHook : public PostgresSync {
protected:
    void SetUp() override {
        // Not PostgresSync::SetUp: its branches must come after the configuration below.
        PostgresGit::SetUp();  // NOLINT(bugprone-parent-virtual-call)
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        write_config("[hooks]\nsync = true");
        commit_all("sync on checkout");
        make_branches();
    }
};

// Lines that are not timings or the no-backup note.
std::vector<std::string> plan_lines(const std::string& out) {
    std::vector<std::string> lines;
    for (std::string line : lines_of(out)) {
        if (line.ends_with(" ms)")) {
            line.erase(line.rfind("  ("));
        }
        if (!line.starts_with("no backup taken")) {
            lines.push_back(line);
        }
    }
    return lines;
}

TEST_F(PostgresSync, AfterACheckoutRevertsWhatTheBranchLacksThenUpgradesBothWays) {
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    checkout("B");
    MigResult to_b = project().mig({"sync"});
    ASSERT_MIG_OK(to_b);
    EXPECT_THAT(plan_lines(to_b.out),
                ElementsAre("downgrade a -> p  things of A", "upgrade   p -> b  age of B",
                            "Database is now at b (1 revision reverted, 1 revision applied)."));
    EXPECT_THAT(database().version_rows(), ElementsAre("b"));
    EXPECT_THAT(tables(), ElementsAre("users"));
    EXPECT_THAT(user_columns(), ElementsAre("id", "name", "age"));
    EXPECT_THAT(database().history_summary(),
                ElementsAre("upgrade p", "upgrade a", "downgrade a", "upgrade b"));
    EXPECT_EQ(database().column("SELECT git_commit FROM mig_history ORDER BY id DESC LIMIT 1"),
              std::vector<std::string>{rev_parse("B")});

    checkout("A");
    MigResult to_a = project().mig({"sync"});
    ASSERT_MIG_OK(to_a);
    EXPECT_THAT(plan_lines(to_a.out),
                ElementsAre("downgrade b -> p  age of B", "upgrade   p -> a  things of A",
                            "Database is now at a (1 revision reverted, 1 revision applied)."));
    EXPECT_THAT(database().version_rows(), ElementsAre("a"));
    EXPECT_THAT(tables(), ElementsAre("A_Things", "users"));
    EXPECT_THAT(user_columns(), ElementsAre("id", "name")) << "b's column went with b";

    MigResult again = project().mig({"sync"});
    ASSERT_MIG_OK(again);
    EXPECT_THAT(database().version_rows(), ElementsAre("a"));
}

TEST_F(PostgresSync, CountsTheRowsADowngradeWouldDropOnTheServerAndRefusesWithoutYes) {
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    database().exec("INSERT INTO \"A_Things\" (name) VALUES ('one'), ('two')");
    checkout("B");
    const std::string before = state();

    MigResult refused = project().mig({"sync"});
    EXPECT_EQ(refused.exit_code, 3) << describe(refused);
    EXPECT_EQ(refused.out, "");
    EXPECT_THAT(lines_of(refused.err),
                ElementsAre("mig: warning: would drop data: revision a, statement 1 (line 1): "
                            "DROP TABLE \"A_Things\": drops table A_Things, which holds 2 rows",
                            StartsWith("mig: error: mig sync would drop data: 1 statement in "
                                       "the downgrade of a; nothing was changed; save the data "
                                       "first (mig takes no backup of this database), then run "
                                       "`mig sync --yes` to drop it")));
    EXPECT_EQ(state(), before) << "a refused sync changes nothing";

    MigResult dry = project().mig({"sync", "--dry-run"});
    ASSERT_MIG_OK(dry);
    EXPECT_THAT(dry.out + dry.err, HasSubstr("drops table A_Things, which holds 2 rows"));
    EXPECT_EQ(state(), before);

    ASSERT_MIG_OK(project().mig({"sync", "--yes"}));
    EXPECT_THAT(database().version_rows(), ElementsAre("b"));
    EXPECT_THAT(tables(), ElementsAre("users"));
}

TEST_F(PostgresSync, ADroppedColumnHoldingRowsIsRefusedAndAnEmptyTableIsNot) {
    checkout("B");
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    database().exec("INSERT INTO users (name, age) VALUES ('ann', 30)");
    checkout("A");
    const std::string before = state();
    MigResult column = project().mig({"sync"});
    EXPECT_EQ(column.exit_code, 3) << describe(column);
    // `Users` unquoted in the downgrade is PostgreSQL's users: counted under its folded name.
    EXPECT_THAT(column.err, HasSubstr("ALTER TABLE Users DROP COLUMN age: drops column age of "
                                      "Users, which holds 1 row"));
    EXPECT_EQ(state(), before);

    database().exec("DELETE FROM users");
    ASSERT_MIG_OK(project().mig({"sync"})) << "no rows, no data to lose";
    EXPECT_THAT(database().version_rows(), ElementsAre("a"));
}

TEST_F(PostgresSyncHook, TheCheckoutSyncsTheDatabase) {
    ASSERT_MIG_OK(project().mig({"hooks", "install"}));
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    checkout("B");
    EXPECT_THAT(database().version_rows(), ElementsAre("b"));
    EXPECT_THAT(user_columns(), ElementsAre("id", "name", "age"));
    checkout("A");
    EXPECT_THAT(database().version_rows(), ElementsAre("a"));
    EXPECT_THAT(tables(), ElementsAre("A_Things", "users"));
}

// --- status ----------------------------------------------------------------------------------

TEST_F(PostgresGit, StatusShowsTheDatabaseRevisionItsCommitAndWhatIsPending) {
    project().write_revision(k_users);
    commit_all("users table");
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    const std::string applied_at = head();
    project().write_revision(k_age);
    commit_all("age");

    MigResult text = project().mig({"status"});
    ASSERT_MIG_OK(text);
    EXPECT_THAT(text.out, AllOf(HasSubstr("\n  at r1  users table  (applied "),
                                HasSubstr("from " + applied_at.substr(0, 7) + " on main)"),
                                HasSubstr("Pending:\n  r2  Add age column\n"),
                                HasSubstr("Changed since applied: none\n")));
    EXPECT_THAT(text.out + text.err,
                Not(HasSubstr(database().server().password)));  // the URL is redacted

    Json json = status_json();
    EXPECT_EQ(json["database"]["exists"], true);
    EXPECT_THAT(json["database"]["url"].get<std::string>(),
                AllOf(StartsWith("postgresql://"), HasSubstr("***"),
                      Not(HasSubstr(database().server().password))));
    ASSERT_EQ(json["database"]["revisions"].size(), 1U);
    EXPECT_EQ(json["database"]["revisions"][0]["id"], "r1");
    EXPECT_EQ(json["database"]["revisions"][0]["commit"]["id"], applied_at);
    EXPECT_EQ(json["database"]["revisions"][0]["commit"]["in_head_history"], true);
    ASSERT_EQ(json["pending"].size(), 1U);
    EXPECT_EQ(json["pending"][0]["id"], "r2");
    EXPECT_THAT(json["changed"], IsEmpty());
}

TEST_F(PostgresGit, StatusNamesARevisionEditedAfterItWasApplied) {
    const WrittenRevision users = project().write_revision(k_users);
    commit_all("users table");
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    RevisionSpec edited = k_users;
    edited.upgrade += "\nCREATE INDEX users_name ON users (name);";
    project().write_revision(edited);
    commit_all("edit an applied revision");

    Json json = status_json();
    ASSERT_EQ(json["changed"].size(), 1U) << json.dump();
    EXPECT_THAT(json["changed"].dump(), HasSubstr("r1"));
    MigResult text = project().mig({"status"});
    EXPECT_THAT(text.out, AllOf(HasSubstr("Changed since applied:"), HasSubstr(users.relative)));
}

TEST_F(PostgresGit, StatusOfADatabaseMigNeverMigrated) {
    project().write_revision(k_users);
    commit_all("users table");
    const std::string before = database().dump();
    Json json = status_json();
    EXPECT_EQ(json["database"]["exists"], true) << "the server has the database";
    EXPECT_THAT(json["database"]["revisions"], IsEmpty());
    ASSERT_EQ(json["pending"].size(), 1U);
    EXPECT_EQ(database().dump(), before) << "status creates nothing";
}

TEST_F(PostgresGit, StatusOfADatabaseTheServerLacksIsAConnectionErrorNotAReport) {
    std::string url = database().url();
    url += "_missing";  // postgresql://...:port/<name>_missing
    MigResult result = project().mig({"--database-url", url, "status", "--json"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out, "");
    expect_one_error_line(result);
    EXPECT_THAT(result.err,
                AllOf(HasSubstr("database " + database().name() + "_missing"),
                      HasSubstr("does not exist"), Not(HasSubstr(database().server().password))));
}

// --- check --db ------------------------------------------------------------------------------

// The model is the migrations' head schema, so that only --db has something to say.
class PostgresCheck : public PostgresGit {
protected:
    void SetUp() override {
        PostgresGit::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        project().write_revision(k_users);
        project().write_revision(k_age);
        std::filesystem::create_directories(project() / "models");
        project().dir().write("models/schema.sql",
                              "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, "
                              "age integer);\n");
        commit_all("users");
        ASSERT_MIG_OK(project().mig({"upgrade"}));
        ASSERT_MIG_OK(project().mig({"check"}));
    }
};

TEST_F(PostgresCheck, DbComparesTheLiveSchemaWithItsRevisions) {
    const std::string before = database().dump();
    MigResult clean = project().mig({"check", "--db"});
    EXPECT_EQ(clean.exit_code, 0) << describe(clean);
    EXPECT_THAT(clean.out, HasSubstr("has the schema of its revision"));
    EXPECT_EQ(database().dump(), before);

    database().exec("ALTER TABLE users ADD COLUMN nickname text");
    MigResult drift = project().mig({"check", "--db"});
    EXPECT_EQ(drift.exit_code, 1) << describe(drift);
    EXPECT_THAT(drift.out, HasSubstr("table users: column nickname missing in migrations "
                                     "(database has text)"));
    EXPECT_THAT(drift.err, Not(HasSubstr(database().server().password)));
}

TEST_F(PostgresCheck, DbNamesAnAppliedRevisionWhoseFileChanged) {
    RevisionSpec edited = k_users;
    edited.upgrade += "\n-- reviewed";  // the same schema, another file
    project().write_revision(edited);
    commit_all("edit an applied revision");
    MigResult result = project().mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.out, HasSubstr("r1"));
    EXPECT_THAT(result.err, StartsWith("mig: error: check found 1 problem"));
}

TEST_F(PostgresCheck, DbNamesADatabaseAtARevisionTheMigrationsLack) {
    database().exec("UPDATE mig_version SET revision = 'gone'");
    MigResult result = project().mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.out, HasSubstr("is at revision gone, which the migrations do not have"));
}

}  // namespace
}  // namespace mig::test
