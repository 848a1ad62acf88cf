#include "importer/importer.hpp"
#include "importer/reader_support.hpp"
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
    return read_migrations(Format::flyway, dir);
}

Row history_row(const char* version, const char* type, const char* script, bool success = true) {
    return {version ? std::optional<std::string>(version) : std::nullopt, std::string(type),
            std::string(success ? "t" : "f"), std::string(script)};
}

TEST(FlywayReader, OrdersVersionsNumericallyAcrossSubfoldersAndPutsRepeatablesLast) {
    ImportedHistory history = read(fixture("flyway"));
    // 1 < 1.1 < 2 < 3 (in reference/) < 10; then R__ scripts.
    EXPECT_THAT(revision_ids(history),
                ElementsAre("1", "1_1", "2", "3", "10", "R_Order_summary_view"));
    const ImportedMigration& email = migration(history, "1_1");
    EXPECT_EQ(email.source_id, "1.1");
    EXPECT_EQ(email.version_key, "1.1");
    EXPECT_EQ(email.message, "Add person email (flyway 1.1)");
    EXPECT_THAT(email.parents, ElementsAre("1"));
    EXPECT_EQ(migration(history, "3").source_file, "sql/reference/V3__Create_countries.sql");
}

TEST(FlywayReader, UndoScriptsAreTheDowngrades) {
    ImportedHistory history = read(fixture("flyway"));
    EXPECT_EQ(*migration(history, "1_1").downgrade_sql, "alter table PERSON drop column EMAIL;\n");
    EXPECT_EQ(*migration(history, "3").downgrade_sql, "drop table COUNTRY;\n");
    EXPECT_FALSE(migration(history, "1").downgrade_sql.has_value());
    EXPECT_FALSE(migration(history, "10").downgrade_sql.has_value());
}

TEST(FlywayReader, AConfFileTurnsTheTransactionOff) {
    ImportedHistory history = read(fixture("flyway"));
    EXPECT_FALSE(migration(history, "10").transactional);
    EXPECT_TRUE(migration(history, "2").transactional);
}

TEST(FlywayReader, ARepeatableMigrationIsImportedOnceWithAWarning) {
    ImportedHistory history = read(fixture("flyway"));
    const ImportedMigration& view = migration(history, "R_Order_summary_view");
    EXPECT_TRUE(view.repeatable);
    EXPECT_THAT(view.parents, ElementsAre("10"));
    ASSERT_EQ(history.warnings.size(), 1U);
    EXPECT_THAT(history.warnings[0], HasSubstr("R__Order_summary_view.sql is repeatable"));
}

TEST(FlywayReader, VersionsWithLeadingZerosOrTrailingZeroPartsAreOneVersion) {
    EXPECT_EQ(flyway_version_key("01.1.0"), "1.1");
    mig::test::TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;\n");
    dir.write("V1.0__b.sql", "SELECT 1;\n");
    EXPECT_THROW(read(dir.path()), InputError);
}

TEST(FlywayReader, AnUndoWithoutItsVersionAndPlaceholdersAreReported) {
    mig::test::TempDir dir;
    dir.write("V1__a.sql", "CREATE TABLE ${table} (x INTEGER);\n");
    ImportedHistory history = read(dir.path());
    ASSERT_EQ(history.warnings.size(), 1U);
    EXPECT_THAT(history.warnings[0], HasSubstr("V1__a.sql uses a ${placeholder}"));
    dir.write("U2__b.sql", "SELECT 1;\n");
    try {
        read(dir.path());
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("U2__b.sql undoes version 2, which has no V script"));
    }
}

TEST(FlywayVersionTable, UndoRowsMoveTheDatabaseBack) {
    ImportedHistory history = read(fixture("flyway"));
    SourcePosition position =
        locate(history, {history_row("1", "SQL", "V1__Create_person_table.sql"),
                         history_row("1.1", "SQL", "V1_1__Add_person_email.sql"),
                         history_row("2", "SQL", "V2__Create_orders.sql"),
                         history_row("2", "UNDO_SQL", "U2__Create_orders.sql")});
    EXPECT_THAT(position.revision_ids, ElementsAre("1_1"));
    EXPECT_TRUE(position.warnings.empty());
}

TEST(FlywayVersionTable, RepeatablesCountOnlyOnceEveryVersionIsApplied) {
    ImportedHistory history = read(fixture("flyway"));
    std::vector<Row> rows = {history_row("1", "SQL", "V1__Create_person_table.sql"),
                             history_row("1.1", "SQL", "V1_1__Add_person_email.sql"),
                             history_row(nullptr, "SQL", "R__Order_summary_view.sql")};
    EXPECT_THAT(locate(history, rows).revision_ids, ElementsAre("1_1"));
    rows.push_back(history_row("2", "SQL", "V2__Create_orders.sql"));
    rows.push_back(history_row("3", "SQL", "reference/V3__Create_countries.sql"));
    rows.push_back(history_row("10", "SQL", "V10__Add_person_country.sql"));
    EXPECT_THAT(locate(history, rows).revision_ids, ElementsAre("R_Order_summary_view"));
}

TEST(FlywayVersionTable, ABaselineCountsEverythingBelowItAndFailuresAreWarned) {
    ImportedHistory history = read(fixture("flyway"));
    SourcePosition position =
        locate(history, {history_row(nullptr, "SCHEMA", "<< Flyway Schema Creation >>"),
                         history_row("2", "BASELINE", "<< Flyway Baseline >>"),
                         history_row("3", "SQL", "reference/V3__Create_countries.sql"),
                         history_row("10", "SQL", "V10__Add_person_country.sql", false)});
    EXPECT_THAT(position.revision_ids, ElementsAre("3"));
    ASSERT_EQ(position.warnings.size(), 1U);
    EXPECT_THAT(position.warnings[0], HasSubstr("failed migration (V10__Add_person_country.sql)"));
}

}  // namespace
}  // namespace mig::importer
