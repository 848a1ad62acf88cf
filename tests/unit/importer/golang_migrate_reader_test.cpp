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
    return read_migrations(Format::golang_migrate, dir);
}

TEST(GolangMigrateReader, ReadsTheFolderInVersionOrderWithLinearParents) {
    ImportedHistory history = read(fixture("golang-migrate"));
    EXPECT_THAT(revision_ids(history),
                ElementsAre("000001", "000002", "000003", "000004", "000005"));
    EXPECT_TRUE(migration(history, "000001").parents.empty());
    EXPECT_THAT(migration(history, "000003").parents, ElementsAre("000002"));
    EXPECT_TRUE(history.warnings.empty());  // README.md is not a migration and says nothing
}

TEST(GolangMigrateReader, KeepsTheSourceVersionInTheMessageAndTheSqlOfBothFiles) {
    ImportedHistory history = read(fixture("golang-migrate"));
    const ImportedMigration& posts = migration(history, "000002");
    EXPECT_EQ(posts.message, "create posts table (golang-migrate 000002)");
    EXPECT_EQ(posts.version_key, "2");  // schema_migrations stores the number
    EXPECT_EQ(posts.source_file, "000002_create_posts_table.up.sql");
    EXPECT_THAT(posts.upgrade_sql, HasSubstr("CREATE INDEX posts_author_id_idx ON posts"));
    ASSERT_TRUE(posts.downgrade_sql.has_value());
    EXPECT_THAT(*posts.downgrade_sql, HasSubstr("DROP TABLE IF EXISTS posts;"));
    EXPECT_TRUE(posts.transactional);
}

TEST(GolangMigrateReader, AMigrationWithoutDownFileHasNoDowngrade) {
    ImportedHistory history = read(fixture("golang-migrate"));
    EXPECT_FALSE(migration(history, "000004").downgrade_sql.has_value());
}

TEST(GolangMigrateReader, OrdersVersionsNumericallyNotByName) {
    mig::test::TempDir dir;
    dir.write("9_nine.up.sql", "SELECT 9;\n");
    dir.write("10_ten.up.sql", "SELECT 10;\n");
    dir.write("1_one.up.sql", "SELECT 1;\n");
    ImportedHistory history = read(dir.path());
    EXPECT_THAT(revision_ids(history), ElementsAre("1", "9", "10"));
    EXPECT_THAT(migration(history, "10").parents, ElementsAre("9"));
}

TEST(GolangMigrateReader, AnEmptyDownFileCountsAsNone) {
    mig::test::TempDir dir;
    dir.write("1_one.up.sql", "CREATE TABLE t (x INTEGER);\n");
    dir.write("1_one.down.sql", "\n  \n");
    EXPECT_FALSE(read(dir.path()).migrations[0].downgrade_sql.has_value());
}

TEST(GolangMigrateReader, RefusesADownFileWithoutUp) {
    mig::test::TempDir dir;
    dir.write("1_one.up.sql", "SELECT 1;\n");
    dir.write("2_two.down.sql", "SELECT 2;\n");
    try {
        read(dir.path());
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("2_two.down.sql has no matching .up.sql file"));
    }
}

TEST(GolangMigrateReader, RefusesTwoUpFilesOfOneVersion) {
    mig::test::TempDir dir;
    dir.write("1_one.up.sql", "SELECT 1;\n");
    dir.write("001_other.up.sql", "SELECT 1;\n");
    EXPECT_THROW(read(dir.path()), InputError);
}

TEST(GolangMigrateReader, WarnsAboutSqlFilesItSkips) {
    mig::test::TempDir dir;
    dir.write("1_one.up.sql", "SELECT 1;\n");
    dir.write("seed.sql", "SELECT 2;\n");
    ImportedHistory history = read(dir.path());
    ASSERT_EQ(history.warnings.size(), 1U);
    EXPECT_THAT(history.warnings[0], HasSubstr("skipped seed.sql"));
}

TEST(GolangMigrateReader, AnEmptyOrMissingFolderIsBadInput) {
    mig::test::TempDir dir;
    EXPECT_THROW(read(dir.path()), InputError);
    EXPECT_THROW(read(dir / "missing"), InputError);
}

TEST(GolangMigrateVersionTable, TheStoredNumberMapsToThePaddedRevision) {
    ImportedHistory history = read(fixture("golang-migrate"));
    SourcePosition position = locate(history, {{std::string("3"), std::string("0")}});
    EXPECT_EQ(position.state, SourcePosition::State::at);
    EXPECT_THAT(position.revision_ids, ElementsAre("000003"));
    EXPECT_TRUE(position.warnings.empty());
}

TEST(GolangMigrateVersionTable, ADirtyVersionIsStampedWithAWarning) {
    ImportedHistory history = read(fixture("golang-migrate"));
    SourcePosition position = locate(history, {{std::string("2"), std::string("t")}});
    EXPECT_THAT(position.revision_ids, ElementsAre("000002"));
    ASSERT_EQ(position.warnings.size(), 1U);
    EXPECT_THAT(position.warnings[0], HasSubstr("dirty"));
}

TEST(GolangMigrateVersionTable, AnUnknownVersionIsNamed) {
    ImportedHistory history = read(fixture("golang-migrate"));
    SourcePosition position = locate(history, {{std::string("7"), std::string("0")}});
    EXPECT_EQ(position.state, SourcePosition::State::unknown);
    EXPECT_THAT(position.problem, HasSubstr("7"));
}

TEST(GolangMigrateVersionTable, NoRowsIsBase) {
    ImportedHistory history = read(fixture("golang-migrate"));
    EXPECT_EQ(locate(history, {}).state, SourcePosition::State::base);
}

}  // namespace
}  // namespace mig::importer
