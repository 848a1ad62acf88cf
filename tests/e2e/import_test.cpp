// `mig import --from FORMAT DIR` end to end, one realistic folder per format
// (tests/fixtures/import/): the revisions it writes upgrade a fresh database to what the
// source SQL gives when run directly, a database the source tool migrated is adopted with the
// `mig stamp` the import prints, and what must be refused is.

#include "e2e/import_round_trip.hpp"
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The up scripts of the golang-migrate fixture, in order.
std::vector<std::string> golang_migrate_ups(int up_to = 5) {
    std::vector<std::string> ups;
    for (const auto& name :
         {"000001_create_users_table", "000002_create_posts_table", "000003_add_email_to_users",
          "000004_seed_admin_user", "000005_create_tags"}) {
        if (static_cast<int>(ups.size()) == up_to) {
            break;
        }
        ups.push_back(
            read_file(import_fixture("golang-migrate") / (std::string(name) + ".up.sql")));
    }
    return ups;
}

// The up sections of a folder whose files hold both directions (dbmate, goose), in order.
std::vector<std::string> up_sections(const std::string& folder, const std::string& up,
                                     const std::string& down, int up_to = 100) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(import_fixture(folder))) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> ups;
    for (const fs::path& file : files) {
        if (static_cast<int>(ups.size()) == up_to) {
            break;
        }
        std::string text = read_file(file);
        // goose puts NO TRANSACTION before Up; the statements are what follows the Up line.
        ups.push_back(section(text, up, down));
    }
    return ups;
}

class ImportTest : public ::testing::Test {
protected:
    void SetUp() override { make_repository(project); }

    MigResult import(const std::string& format, const std::string& folder) {
        return project.mig({"import", "--from", format, import_fixture(folder).string()});
    }
    void commit_all() {
        git(project, {"add", "-A"});
        git(project, {"commit", "-q", "-m", "import"});
    }

    Project project;
};

TEST_F(ImportTest, GolangMigrateUpgradesAFreshDatabaseToWhatTheSourceSqlGives) {
    MigResult imported = import("golang-migrate", "golang-migrate");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("Imported 5 golang-migrate migrations"));
    EXPECT_THAT(imported.out, HasSubstr("000004_seed_admin_user.sql  [no down migration"));
    EXPECT_THAT(imported.out, HasSubstr("No database at sqlite:///app.db yet"));
    EXPECT_FALSE(fs::exists(project.db()));  // import never creates the database
    commit_all();
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("000005"));

    TempDir direct;
    run_directly(direct / "direct.db", golang_migrate_ups());
    EXPECT_EQ(schema_and_rows(project.db(), "schema_migrations"),
              schema_and_rows(direct / "direct.db", "schema_migrations"));
}

TEST_F(ImportTest, GolangMigrateDowngradesWithTheDownFilesAndRefusesWhereThereIsNone) {
    ASSERT_MIG_OK(import("golang-migrate", "golang-migrate"));
    commit_all();
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    ASSERT_MIG_OK(project.mig({"downgrade", "000004"}));
    TempDir direct;
    run_directly(direct / "direct.db", golang_migrate_ups(4));
    EXPECT_EQ(schema_and_rows(project.db(), "schema_migrations"),
              schema_and_rows(direct / "direct.db", "schema_migrations"));

    std::string before = dump_database(project.db());
    MigResult refused = project.mig({"downgrade", "000003"});
    EXPECT_EQ(refused.exit_code, 1) << describe(refused);
    EXPECT_THAT(refused.err,
                HasSubstr("revision 000004 cannot be downgraded: golang-migrate 000004 "
                          "(000004_seed_admin_user.up.sql) had no down migration"));
    EXPECT_EQ(dump_database(project.db()), before);  // the failed step left nothing behind
}

TEST_F(ImportTest, GolangMigratePrintsTheStampOfADatabaseItMigratedAndTheStampAdoptsIt) {
    run_directly(project.db(), golang_migrate_ups(3));
    exec_sql(project.db(),
             "CREATE TABLE schema_migrations (version bigint not null primary key, dirty "
             "boolean not null); INSERT INTO schema_migrations VALUES (3, 0);");
    MigResult imported = import("golang-migrate", "golang-migrate");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("records schema_migrations at"));
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp 000003\n"));
    EXPECT_THAT(imported.err, Not(HasSubstr("dirty")));
    commit_all();
    ASSERT_MIG_OK(project.mig({"stamp", "000003"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));

    TempDir direct;
    run_directly(direct / "direct.db", golang_migrate_ups());
    EXPECT_EQ(schema_and_rows(project.db(), "schema_migrations"),
              schema_and_rows(direct / "direct.db", "schema_migrations"));
}

TEST_F(ImportTest, ADirtyGolangMigrateVersionIsStampedWithAWarning) {
    run_directly(project.db(), golang_migrate_ups(2));
    exec_sql(project.db(),
             "CREATE TABLE schema_migrations (version bigint not null primary key, dirty "
             "boolean not null); INSERT INTO schema_migrations VALUES (2, 1);");
    MigResult imported = import("golang-migrate", "golang-migrate");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("mig stamp 000002"));
    EXPECT_THAT(imported.err, HasSubstr("golang-migrate marks version 2 dirty"));
}

TEST_F(ImportTest, ADatabaseWithoutTheVersionTableIsToldBothWays) {
    run_directly(project.db(), golang_migrate_ups());
    MigResult imported = import("golang-migrate", "golang-migrate");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("has no schema_migrations"));
    EXPECT_THAT(imported.out, HasSubstr("`mig stamp 000005`"));
    EXPECT_THAT(imported.out, HasSubstr("`mig upgrade`"));
}

TEST_F(ImportTest, AVersionTheFolderDoesNotHaveIsNamed) {
    run_directly(project.db(), golang_migrate_ups());
    exec_sql(project.db(),
             "CREATE TABLE schema_migrations (version bigint not null primary key, dirty "
             "boolean not null); INSERT INTO schema_migrations VALUES (6, 0);");
    MigResult imported = import("golang-migrate", "golang-migrate");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("Could not tell where the database"));
    EXPECT_THAT(imported.out, HasSubstr("records 6, which the imported folder does not have"));
}

TEST_F(ImportTest, RefusesWhenVersionsAlreadyHasRevisionsAndWritesNothing) {
    project.write_chain({rev("aaa111", {}, "CREATE TABLE t (x INTEGER);")});
    MigResult refused = import("golang-migrate", "golang-migrate");
    EXPECT_EQ(refused.exit_code, 3) << describe(refused);
    EXPECT_THAT(refused.err, HasSubstr("migrations/versions already has revisions (aaa111)"));
    EXPECT_EQ(std::distance(fs::directory_iterator(project.versions()), fs::directory_iterator()),
              1);
}

TEST_F(ImportTest, AnUnknownFormatSuggestsTheClosest) {
    MigResult refused = import("golang", "golang-migrate");
    EXPECT_EQ(refused.exit_code, 2) << describe(refused);
    EXPECT_THAT(refused.err, HasSubstr("did you mean --from golang-migrate?"));
}

TEST_F(ImportTest, AFolderOfAnotherFormatIsBadInputAndWritesNothing) {
    TempDir empty;
    MigResult refused = project.mig({"import", "--from", "dbmate", empty.path().string()});
    EXPECT_EQ(refused.exit_code, 2) << describe(refused);
    EXPECT_THAT(refused.err, HasSubstr("no dbmate migrations in"));
    EXPECT_TRUE(fs::is_empty(project.versions()));
}

TEST_F(ImportTest, AFileThatFailsToParseWritesNothing) {
    TempDir folder;
    folder.write("20230101000000_first.sql", "-- migrate:up\nCREATE TABLE a (x INTEGER);\n");
    folder.write("20230102000000_second.sql", "CREATE TABLE b (x INTEGER);\n");
    MigResult refused = project.mig({"import", "--from", "dbmate", folder.path().string()});
    EXPECT_EQ(refused.exit_code, 2) << describe(refused);
    EXPECT_THAT(refused.err, HasSubstr("20230102000000_second.sql:1: SQL before `-- migrate:up`"));
    EXPECT_TRUE(fs::is_empty(project.versions()));
}

TEST_F(ImportTest, DbmateUpgradesAFreshDatabaseToWhatTheSourceSqlGives) {
    MigResult imported = import("dbmate", "dbmate");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("20230510080000_vacuum_after_cleanup.sql  [no down "
                                        "migration: its downgrade refuses to run]  [transaction "
                                        "off]"));
    EXPECT_THAT(read_file(project.versions() / "20230510080000_vacuum_after_cleanup.sql"),
                HasSubstr("-- mig:transaction off"));
    commit_all();
    ASSERT_MIG_OK(project.mig({"upgrade"}));  // VACUUM runs: outside a transaction
    TempDir direct;
    run_directly(direct / "direct.db", up_sections("dbmate", "-- migrate:up", "-- migrate:down"));
    EXPECT_EQ(schema_and_rows(project.db(), "schema_migrations"),
              schema_and_rows(direct / "direct.db", "schema_migrations"));
    // Down to the first revision with the down blocks, through the view, trigger and tables.
    ASSERT_MIG_OK(project.mig({"downgrade", "20230612120000"}));
    MigResult refused = project.mig({"downgrade", "20230402100000"});
    EXPECT_EQ(refused.exit_code, 1) << describe(refused);
    EXPECT_THAT(refused.err, HasSubstr("revision 20230510080000 cannot be downgraded"));
}

TEST_F(ImportTest, DbmateStampsTheLatestVersionOfItsTable) {
    run_directly(project.db(), up_sections("dbmate", "-- migrate:up", "-- migrate:down", 3));
    exec_sql(project.db(),
             "CREATE TABLE schema_migrations (version varchar(128) primary key);"
             "INSERT INTO schema_migrations VALUES ('20230301090000'), ('20230301091500'), "
             "('20230315143000');");
    MigResult imported = import("dbmate", "dbmate");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp 20230315143000\n"));
    commit_all();
    ASSERT_MIG_OK(project.mig({"stamp", "20230315143000"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    TempDir direct;
    run_directly(direct / "direct.db", up_sections("dbmate", "-- migrate:up", "-- migrate:down"));
    EXPECT_EQ(schema_and_rows(project.db(), "schema_migrations"),
              schema_and_rows(direct / "direct.db", "schema_migrations"));
}

TEST_F(ImportTest, GooseUpgradesAFreshDatabaseToWhatTheSourceSqlGives) {
    MigResult imported = import("goose", "goose");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("00004_analyze.sql  [no down migration"));
    commit_all();
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    TempDir direct;
    run_directly(direct / "direct.db", up_sections("goose", "-- +goose Up", "-- +goose Down"));
    EXPECT_EQ(schema_and_rows(project.db(), "goose_db_version"),
              schema_and_rows(direct / "direct.db", "goose_db_version"));
    // The trigger written between StatementBegin and StatementEnd ran as one statement.
    EXPECT_THAT(query_column(project.db(), "SELECT balance_cents FROM accounts"),
                ElementsAre("100000"));
}

TEST_F(ImportTest, GooseStampsWhatItsVersionTableSaysIsApplied) {
    run_directly(project.db(), up_sections("goose", "-- +goose Up", "-- +goose Down", 3));
    exec_sql(project.db(),
             "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id "
             "INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT "
             "(datetime('now')));"
             "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), (1, 1), (2, 1), "
             "(3, 1), (4, 1), (4, 0);");
    MigResult imported = import("goose", "goose");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp 00003\n"));
    commit_all();
    ASSERT_MIG_OK(project.mig({"stamp", "00003"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    TempDir direct;
    run_directly(direct / "direct.db", up_sections("goose", "-- +goose Up", "-- +goose Down"));
    EXPECT_EQ(schema_and_rows(project.db(), "goose_db_version"),
              schema_and_rows(direct / "direct.db", "goose_db_version"));
}

// The Flyway fixture's scripts in the order Flyway runs them.
std::vector<std::string> flyway_scripts(int up_to = 6) {
    std::vector<std::string> scripts;
    for (const char* name : {"sql/V1__Create_person_table.sql", "sql/V1_1__Add_person_email.sql",
                             "sql/V2__Create_orders.sql", "sql/reference/V3__Create_countries.sql",
                             "sql/V10__Add_person_country.sql", "sql/R__Order_summary_view.sql"}) {
        if (static_cast<int>(scripts.size()) == up_to) {
            break;
        }
        scripts.push_back(read_file(import_fixture("flyway") / name));
    }
    return scripts;
}

TEST_F(ImportTest, FlywayUpgradesAFreshDatabaseToWhatTheSourceSqlGives) {
    MigResult imported = import("flyway", "flyway");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.err, HasSubstr("R__Order_summary_view.sql is repeatable"));
    EXPECT_THAT(imported.out, HasSubstr("migrations/versions/1_1_add_person_email.sql\n"));
    EXPECT_THAT(imported.out, HasSubstr("10_add_person_country.sql  [no down migration: its "
                                        "downgrade refuses to run]  [transaction off]"));
    commit_all();
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("R_Order_summary_view"));
    TempDir direct;
    run_directly(direct / "direct.db", flyway_scripts());
    EXPECT_EQ(schema_and_rows(project.db(), "flyway_schema_history"),
              schema_and_rows(direct / "direct.db", "flyway_schema_history"));
}

TEST_F(ImportTest, FlywayStampOfVersionOneIsRevisionOneNotTen) {
    run_directly(project.db(), flyway_scripts(1));
    exec_sql(project.db(),
             "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, "
             "version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, "
             "script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, "
             "installed_on TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')), "
             "execution_time INT NOT NULL, success BOOLEAN NOT NULL);"
             "INSERT INTO flyway_schema_history VALUES (1, '1', 'Create person table', 'SQL', "
             "'V1__Create_person_table.sql', 1013727812, 'app', '2023-02-01 10:00:00', 12, 1);");
    MigResult imported = import("flyway", "flyway");
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp 1\n"));
    commit_all();
    // `1` is an exact id, and a prefix of `1_1` and `10`: the exact id wins.
    ASSERT_MIG_OK(project.mig({"stamp", "1"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("1"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    TempDir direct;
    run_directly(direct / "direct.db", flyway_scripts());
    EXPECT_EQ(schema_and_rows(project.db(), "flyway_schema_history"),
              schema_and_rows(direct / "direct.db", "flyway_schema_history"));
    // Undo scripts are downgrades: from 3 back to 1.1 runs U3 and U2.
    ASSERT_MIG_OK(project.mig({"stamp", "--purge", "3"}));
    exec_sql(project.db(), "DROP VIEW ORDER_SUMMARY; ALTER TABLE PERSON DROP COLUMN COUNTRY_CODE;");
    ASSERT_MIG_OK(project.mig({"downgrade", "1_1"}));
    TempDir at_one_one;
    run_directly(at_one_one / "direct.db", flyway_scripts(2));
    EXPECT_EQ(schema_and_rows(project.db(), "flyway_schema_history"),
              schema_and_rows(at_one_one / "direct.db", "flyway_schema_history"));
}

// The interpreter with alembic (python3 on PATH, else Debian's python3-alembic); empty: none.
std::string alembic_python() {
    for (const char* python : {"python3", "/usr/bin/python3"}) {
        std::string command = std::string(python) + " -c 'import alembic' >/dev/null 2>&1";
        if (std::system(command.c_str()) == 0) {
            return python;
        }
    }
    return {};
}

// Alembic itself, online, on sqlite:///app.db in `cwd` (the fixture's alembic.ini URL).
void alembic_upgrade(const fs::path& cwd, const std::string& python, const std::string& target) {
    fs::path ini = import_fixture("alembic") / "migrations" / "alembic.ini";
    const std::string program =
        "import sys; from alembic.config import main; main(argv=sys.argv[1:])";
    MigResult ran =
        run_program(cwd, {python, "-c", program, "-c", ini.string(), "upgrade", target});
    ASSERT_EQ(ran.exit_code, 0) << describe(ran);
}

TEST_F(ImportTest, AlembicUpgradesAFreshDatabaseToWhatAlembicGives) {
    std::string python = alembic_python();
    if (python.empty()) {
        GTEST_SKIP() << "python3 cannot import alembic (apt install python3-alembic)";
    }
    MigResult imported = project.mig({"import", "--from", "alembic", "--python", python,
                                      (import_fixture("alembic") / "migrations").string()});
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.err, HasSubstr("roles cannot be removed"));
    EXPECT_THAT(read_file(project.versions() / "5e6f708192a3_merge_heads.sql"),
                HasSubstr("-- mig:parents 3c4d5e6f7081 4d5e6f708192"));
    commit_all();
    EXPECT_THAT(project.mig({"heads"}).out, HasSubstr("6f708192a3b4"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("6f708192a3b4"));

    TempDir direct;
    alembic_upgrade(direct.path(), python, "heads");
    EXPECT_EQ(schema_and_rows(project.db(), "alembic_version"),
              schema_and_rows(direct / "app.db", "alembic_version"));
}

TEST_F(ImportTest, AlembicBranchHeadsAreEachStampedAndTheStampsAdoptTheDatabase) {
    std::string python = alembic_python();
    if (python.empty()) {
        GTEST_SKIP() << "python3 cannot import alembic (apt install python3-alembic)";
    }
    // The database Alembic left with both branches applied and not merged: two heads.
    alembic_upgrade(project.root(), python, "3c4d5e6f7081");
    alembic_upgrade(project.root(), python, "4d5e6f708192");
    MigResult imported = project.mig({"import", "--from", "alembic", "--python", python,
                                      (import_fixture("alembic") / "migrations").string()});
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp 3c4d5e6f7081\n  mig stamp 4d5e6f708192\n"));
    commit_all();
    ASSERT_MIG_OK(project.mig({"stamp", "3c4d5e6f7081"}));
    ASSERT_MIG_OK(project.mig({"stamp", "4d5e6f708192"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("3c4d5e6f7081", "4d5e6f708192"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));

    TempDir direct;
    alembic_upgrade(direct.path(), python, "heads");
    EXPECT_EQ(schema_and_rows(project.db(), "alembic_version"),
              schema_and_rows(direct / "app.db", "alembic_version"));
}

TEST_F(ImportTest, SqitchOnSqliteReadsTheRegistryBesideTheDatabase) {
    TempDir folder;
    folder.write("sqitch.plan",
                 "%syntax-version=1.0.0\n%project=notes\n\n"
                 "notes 2023-01-01T00:00:00Z Ann <ann@example.com> # Notes table.\n"
                 "tags [notes] 2023-01-02T00:00:00Z Ann <ann@example.com> # Tags on notes.\n");
    folder.write("deploy/notes.sql",
                 "-- Deploy notes:notes to sqlite\n\nBEGIN;\n\nCREATE TABLE notes (id INTEGER "
                 "PRIMARY KEY, body TEXT NOT NULL);\n\nCOMMIT;\n");
    folder.write("revert/notes.sql", "BEGIN;\nDROP TABLE notes;\nCOMMIT;\n");
    folder.write("deploy/tags.sql",
                 "BEGIN;\nCREATE TABLE tags (note_id INTEGER REFERENCES notes (id), tag TEXT);\n"
                 "COMMIT;\n");
    folder.write("revert/tags.sql", "BEGIN;\nDROP TABLE tags;\nCOMMIT;\n");
    run_directly(project.db(), {read_file(folder / "deploy/notes.sql")});
    run_directly(project / "sqitch.db",
                 {"CREATE TABLE changes (change_id TEXT PRIMARY KEY, change TEXT NOT NULL, "
                  "project TEXT NOT NULL, committed_at DATETIME NOT NULL);"
                  "INSERT INTO changes VALUES ('c1', 'notes', 'notes', '2023-02-01 10:00:00');"});
    MigResult imported = project.mig({"import", "--from", "sqitch", folder.path().string()});
    ASSERT_MIG_OK(imported);
    EXPECT_THAT(imported.out, HasSubstr("records changes in sqitch.db at"));
    EXPECT_THAT(imported.out, HasSubstr("\n  mig stamp notes\n"));
    commit_all();
    ASSERT_MIG_OK(project.mig({"stamp", "notes"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("notes", "tags"));
}

}  // namespace
}  // namespace mig::test
