// `mig import` on PostgreSQL: the sqitch fixture (a PostgreSQL project: schema, tables, a
// view, PL/pgSQL and SQL functions, a change reworked after a tag) imported, upgraded into a
// fresh database and compared with its deploy scripts run directly, and with sqitch itself
// (Debian's sqitch): a database sqitch deployed part-way adopted by the printed stamp and
// finished by mig as sqitch finishes it, and mig's way down against `sqitch revert`; the
// sqitch registry read for the stamp; a change without revert script refused on the way down.

#include "e2e/import_round_trip.hpp"
#include "e2e/postgres_project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The sqitch fixture's deploy scripts in plan order.
std::vector<std::string> sqitch_deploys(int up_to = 6) {
    std::vector<std::string> scripts;
    for (const char* name :
         {"appschema", "users", "flips", "insert_user@v1.0.0", "flip_counts", "insert_user"}) {
        if (static_cast<int>(scripts.size()) == up_to) {
            break;
        }
        scripts.push_back(
            read_file(import_fixture("sqitch") / "deploy" / (std::string(name) + ".sql")));
    }
    return scripts;
}

// Whether sqitch can run against PostgreSQL here (the sqitch program and Perl's DBD::Pg).
bool sqitch_for_postgres() {
    return std::system("command -v sqitch >/dev/null 2>&1 && perl -MDBD::Pg -e 1 2>/dev/null") == 0;
}

// sqitch itself with ARGS in `project_dir` (a copy of the fixture: sqitch reads its plan and
// scripts from there) against `database`, over TCP with the password from the environment.
void sqitch(const fs::path& project_dir, const PostgresDatabase& database,
            std::vector<std::string> args) {
    const PostgresServer& server = database.server();
    args.insert(args.begin(), "sqitch");
    args.push_back("db:pg://" + server.user + "@" + server.host + ":" + server.port + "/" +
                   database.name());
    MigResult ran = run_program(project_dir, args,
                                {{"PGPASSWORD", server.password},
                                 {"SQITCH_FULLNAME", "Test Runner"},
                                 {"SQITCH_EMAIL", "tests@example.com"}});
    ASSERT_EQ(ran.exit_code, 0) << describe(ran);
}

// A dump (PostgresDatabase::dump: "KIND schema name ..." entries, a row's value running on
// over several lines when it holds newlines) without sqitch's registry and mig's two tables,
// which only one side of each comparison has.
std::string without_bookkeeping(const std::string& dump) {
    std::istringstream lines(dump);
    std::string kept;
    bool bookkeeping = false;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::string kind;
        std::string first;
        std::string second;
        words >> kind >> first >> second;
        const bool starts_entry =
            kind == "column" || kind == "index" || kind == "function" || kind == "row";
        if (starts_entry) {
            bookkeeping = first == "sqitch" || first.starts_with("sqitch.") ||
                          second.starts_with("mig_version") || second.starts_with("mig_history") ||
                          first.ends_with(".mig_version") || first.ends_with(".mig_history");
        }
        if (!bookkeeping) {
            kept += line + "\n";
        }
    }
    return kept;
}

class ImportPostgresTest : public PostgresProjectTest {
protected:
    void SetUp() override {
        PostgresProjectTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        make_repository(project());
    }
    MigResult import_sqitch() {
        return project().mig({"import", "--from", "sqitch", import_fixture("sqitch").string()});
    }
    void commit_all() {
        git(project(), {"add", "-A"});
        git(project(), {"commit", "-q", "-m", "import"});
    }
    // The test database's dump without mig's own tables or sqitch's registry.
    std::string user_dump() {
        database().exec(
            "DROP TABLE IF EXISTS mig_version, mig_history; DROP SCHEMA IF EXISTS "
            "sqitch CASCADE");
        return database().dump();
    }
    std::string direct_dump(int up_to = 6) {
        PostgresDatabase direct(database().server());
        for (const std::string& script : sqitch_deploys(up_to)) {
            direct.exec(script);
        }
        return direct.dump();
    }
};

TEST_F(ImportPostgresTest, SqitchUpgradesAFreshDatabaseToWhatItsDeployScriptsGive) {
    MigResult imported = import_sqitch();
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("insert_user_v1_0_0_creates_a_function_to_insert_a_user"));
    EXPECT_THAT(imported.out, HasSubstr("has no sqitch.changes"));
    commit_all();
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    EXPECT_THAT(database().version_rows(), ElementsAre("insert_user"));

    // Down one: the reworked function's revert script puts the first version back.
    ASSERT_MIG_OK(project().mig({"downgrade", "-1"}));
    EXPECT_THAT(database().column("SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = "
                                  "p.prolang WHERE p.proname = 'insert_user'"),
                ElementsAre("sql"));
    MigResult refused = project().mig({"downgrade", "-1"});
    EXPECT_EQ(refused.exit_code, 1) << describe(refused);
    EXPECT_THAT(refused.err, HasSubstr("revision flip_counts cannot be downgraded: sqitch "
                                       "flip_counts (deploy/flip_counts.sql) had no down "
                                       "migration"));
    EXPECT_THAT(database().version_rows(), ElementsAre("flip_counts"));

    ASSERT_MIG_OK(project().mig({"upgrade"}));
    EXPECT_EQ(user_dump(), direct_dump());
}

TEST_F(ImportPostgresTest, SqitchRegistryGivesTheStampThatAdoptsTheDatabase) {
    for (const std::string& script : sqitch_deploys(4)) {
        database().exec(script);
    }
    database().exec(
        "CREATE SCHEMA sqitch; CREATE TABLE sqitch.changes (change_id TEXT PRIMARY KEY, "
        "script_hash TEXT, change TEXT NOT NULL, project TEXT NOT NULL, note TEXT NOT NULL "
        "DEFAULT '', committed_at TIMESTAMPTZ NOT NULL, committer_name TEXT NOT NULL DEFAULT "
        "'', committer_email TEXT NOT NULL DEFAULT '', planned_at TIMESTAMPTZ NOT NULL DEFAULT "
        "now(), planner_name TEXT NOT NULL DEFAULT '', planner_email TEXT NOT NULL DEFAULT '');"
        "INSERT INTO sqitch.changes (change_id, change, project, committed_at) VALUES "
        "('a1', 'appschema', 'flipr', '2023-05-06 10:00:00+00'),"
        "('a2', 'users', 'flipr', '2023-05-06 10:00:01+00'),"
        "('a3', 'flips', 'flipr', '2023-05-06 10:00:02+00'),"
        "('a4', 'insert_user', 'flipr', '2023-05-06 10:00:03+00'),"
        "('b1', 'widgets', 'another_project', '2023-05-07 10:00:00+00');");
    MigResult imported = import_sqitch();
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp insert_user_v1_0_0\n"));
    commit_all();
    ASSERT_MIG_OK(project().mig({"stamp", "insert_user_v1_0_0"}));
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    EXPECT_EQ(user_dump(), direct_dump());
}

// With sqitch itself: a database it deployed up to the tag is adopted by the stamp that import
// prints from the registry sqitch wrote, and mig finishes it to what `sqitch deploy` gives;
// mig's way back down one change gives what `sqitch revert --to flip_counts` gives.
TEST_F(ImportPostgresTest, ADatabaseSqitchDeployedPartWayEndsAsSqitchWouldLeaveIt) {
    if (!sqitch_for_postgres()) {
        if (postgres_required()) {
            FAIL() << "sqitch or Perl's DBD::Pg is missing: scripts/install-deps.sh installs them";
        }
        GTEST_SKIP() << "sqitch cannot reach PostgreSQL here (apt install sqitch libdbd-pg-perl)";
    }
    TempDir sqitch_project;
    fs::copy(import_fixture("sqitch"), sqitch_project.path(), fs::copy_options::recursive);
    sqitch(sqitch_project.path(), database(), {"deploy", "--to", "@v1.0.0"});
    if (HasFatalFailure()) {
        return;
    }

    MigResult imported = import_sqitch();
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp insert_user_v1_0_0\n"));
    commit_all();
    ASSERT_MIG_OK(project().mig({"stamp", "insert_user_v1_0_0"}));
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    EXPECT_THAT(database().version_rows(), ElementsAre("insert_user"));

    PostgresDatabase by_sqitch(database().server());
    sqitch(sqitch_project.path(), by_sqitch, {"deploy"});
    if (HasFatalFailure()) {
        return;
    }
    EXPECT_EQ(without_bookkeeping(database().dump()), without_bookkeeping(by_sqitch.dump()));

    // Back one change: the rework's revert script puts the function's first version back
    // (flip_counts, below it, has no revert script, so neither tool goes further).
    sqitch(sqitch_project.path(), by_sqitch, {"revert", "-y", "--to", "flip_counts"});
    if (HasFatalFailure()) {
        return;
    }
    ASSERT_MIG_OK(project().mig({"downgrade", "flip_counts"}));
    EXPECT_THAT(database().version_rows(), ElementsAre("flip_counts"));
    EXPECT_EQ(without_bookkeeping(database().dump()), without_bookkeeping(by_sqitch.dump()));
}

// golang-migrate's fixture is portable SQL: on PostgreSQL too, schema_migrations (unqualified,
// found on the search_path) gives the stamp, and the imported revisions finish the job.
TEST_F(ImportPostgresTest, GolangMigrateTableOnPostgresGivesTheStamp) {
    std::vector<std::string> ups;
    for (const char* name :
         {"000001_create_users_table", "000002_create_posts_table", "000003_add_email_to_users",
          "000004_seed_admin_user", "000005_create_tags"}) {
        ups.push_back(
            read_file(import_fixture("golang-migrate") / (std::string(name) + ".up.sql")));
    }
    for (std::size_t i = 0; i < 2; ++i) {
        database().exec(ups[i]);
    }
    database().exec(
        "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty "
        "boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false);");
    MigResult imported = project().mig(
        {"import", "--from", "golang-migrate", import_fixture("golang-migrate").string()});
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp 000002\n"));
    // The downgrade that refuses is PostgreSQL's own RAISE.
    EXPECT_THAT(read_file(project().versions() / "000004_seed_admin_user.sql"),
                HasSubstr("RAISE EXCEPTION USING MESSAGE = 'revision 000004 cannot be downgraded"));
    commit_all();
    ASSERT_MIG_OK(project().mig({"stamp", "000002"}));
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    database().exec("DROP TABLE schema_migrations");

    PostgresDatabase direct(database().server());
    for (const std::string& up : ups) {
        direct.exec(up);
    }
    database().exec("DROP TABLE IF EXISTS mig_version, mig_history");
    EXPECT_EQ(database().dump(), direct.dump());
}

}  // namespace
}  // namespace mig::test
