#include "importer/importer.hpp"
#include "importer/version_table.hpp"
#include "support/temp_dir.hpp"
#include "unit/importer/import_fixture.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::importer {
namespace {

using test::fixture;
using test::migration;
using test::revision_ids;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ImportedHistory read(const std::filesystem::path& dir) {
    return read_migrations(Format::sqitch, dir);
}

Row change(const char* name, const char* project = "flipr") {
    return {std::string(name), std::string(project)};
}

TEST(SqitchVersionTable, TheRegistryIsAFileBesideSqliteAndASchemaOnPostgres) {
    const VersionTableQuery on_sqlite = version_table_query(Format::sqitch, "sqlite");
    EXPECT_EQ(on_sqlite.registry_file, std::optional<std::string>("sqitch.db"));
    EXPECT_EQ(on_sqlite.schema, "");
    const VersionTableQuery on_postgres = version_table_query(Format::sqitch, "postgresql");
    EXPECT_EQ(on_postgres.registry_file, std::nullopt);
    EXPECT_EQ(on_postgres.schema, "sqitch");
    EXPECT_THAT(on_postgres.sql, HasSubstr("FROM sqitch.changes"));
}

TEST(SqitchReader, FollowsThePlanOrderWithReworkedScriptsUnderTheirTag) {
    ImportedHistory history = read(fixture("sqitch"));
    EXPECT_EQ(history.sqitch_project, "flipr");
    EXPECT_THAT(revision_ids(history),
                ElementsAre("appschema", "users", "flips", "insert_user_v1_0_0", "flip_counts",
                            "insert_user"));
    const ImportedMigration& first = migration(history, "insert_user_v1_0_0");
    EXPECT_EQ(first.source_file, "deploy/insert_user@v1.0.0.sql");
    EXPECT_THAT(first.upgrade_sql, HasSubstr("LANGUAGE SQL"));
    const ImportedMigration& reworked = migration(history, "insert_user");
    EXPECT_THAT(reworked.upgrade_sql, HasSubstr("md5(password)"));
    EXPECT_THAT(*reworked.downgrade_sql, HasSubstr("LANGUAGE SQL"));
    EXPECT_THAT(reworked.parents, ElementsAre("flip_counts"));
}

TEST(SqitchReader, TheNoteAndDependenciesMakeTheMessage) {
    ImportedHistory history = read(fixture("sqitch"));
    EXPECT_EQ(migration(history, "flips").message,
              "Adds table for storing flips.; requires appschema, users (sqitch flips)");
    EXPECT_EQ(migration(history, "appschema").message,
              "Add schema for all flipr objects. (sqitch appschema)");
}

TEST(SqitchReader, AChangeWithoutRevertScriptHasNoDowngrade) {
    ImportedHistory history = read(fixture("sqitch"));
    EXPECT_FALSE(migration(history, "flip_counts").downgrade_sql.has_value());
    EXPECT_TRUE(migration(history, "flips").downgrade_sql.has_value());
}

TEST(SqitchReader, PlanErrorsAreLocated) {
    mig::test::TempDir missing;
    missing.write("sqitch.plan", "%project=p\n\nb [a] 2023-01-01T00:00:00Z X <x@example.com>\n");
    missing.write("deploy/b.sql", "SELECT 1;\n");
    try {
        read(missing.path());
        FAIL() << "expected a ParseError";
    } catch (const ParseError& error) {
        EXPECT_THAT(error.what(), HasSubstr("sqitch.plan:3: b requires a, which the plan does "
                                            "not have before it"));
    }
    mig::test::TempDir no_script;
    no_script.write("sqitch.plan", "a 2023-01-01T00:00:00Z X <x@example.com> # first\n");
    try {
        read(no_script.path());
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("sqitch.plan:1: no deploy/a.sql for change a"));
    }
}

TEST(SqitchReader, AFolderWithoutPlanHasNoMigrations) {
    mig::test::TempDir dir;
    try {
        read(dir.path());
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("no sqitch migrations in"));
    }
}

TEST(SqitchVersionTable, DeployedChangesOfThisProjectPlaceTheDatabase) {
    ImportedHistory history = read(fixture("sqitch"));
    SourcePosition position =
        locate(history, {change("appschema"), change("users"), change("flips"),
                         change("insert_user"), change("other_change", "another_project")});
    EXPECT_THAT(position.revision_ids, ElementsAre("insert_user_v1_0_0"));
    EXPECT_TRUE(position.warnings.empty());
    position =
        locate(history, {change("appschema"), change("users"), change("flips"),
                         change("insert_user"), change("flip_counts"), change("insert_user")});
    EXPECT_THAT(position.revision_ids, ElementsAre("insert_user"));
}

}  // namespace
}  // namespace mig::importer
