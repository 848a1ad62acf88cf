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
using ::testing::Not;

ImportedHistory read(const std::filesystem::path& dir) {
    return read_migrations(Format::goose, dir);
}

TEST(GooseReader, ReadsTheAnnotatedSectionsInVersionOrder) {
    ImportedHistory history = read(fixture("goose"));
    EXPECT_THAT(revision_ids(history), ElementsAre("00001", "00002", "00003", "00004", "00005"));
    const ImportedMigration& ledger = migration(history, "00002");
    EXPECT_EQ(ledger.message, "create ledger (goose 00002)");
    EXPECT_EQ(ledger.version_key, "2");
    EXPECT_THAT(ledger.upgrade_sql, HasSubstr("CREATE TRIGGER ledger_entries_apply"));
    // The annotations are goose's, not SQL: mig splits statements with SQLite's own rules.
    EXPECT_THAT(ledger.upgrade_sql, Not(HasSubstr("+goose")));
    EXPECT_EQ(*ledger.downgrade_sql,
              "DROP TRIGGER ledger_entries_apply;\nDROP TABLE ledger_entries;\n");
}

TEST(GooseReader, NoTransactionAndAMissingDownSection) {
    ImportedHistory history = read(fixture("goose"));
    const ImportedMigration& analyze = migration(history, "00004");
    EXPECT_FALSE(analyze.transactional);
    EXPECT_FALSE(analyze.downgrade_sql.has_value());
    EXPECT_EQ(analyze.upgrade_sql, "ANALYZE;\n");
    EXPECT_TRUE(migration(history, "00005").transactional);
}

TEST(GooseReader, RefusesGoMigrationsRatherThanLeavingAHole) {
    mig::test::TempDir dir;
    dir.write("00001_a.sql", "-- +goose Up\nSELECT 1;\n");
    dir.write("00002_backfill.go", "package migrations\n");
    try {
        read(dir.path());
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("00002_backfill.go is a Go migration"));
    }
}

TEST(GooseReader, UnbalancedStatementBlocksAndUnknownAnnotationsAreLocated) {
    mig::test::TempDir open;
    open.write("1_a.sql", "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\n");
    EXPECT_THROW(read(open.path()), ParseError);
    mig::test::TempDir unknown;
    unknown.write("1_a.sql", "-- +goose Up\n-- +goose Sideways\n");
    try {
        read(unknown.path());
        FAIL() << "expected a ParseError";
    } catch (const ParseError& error) {
        EXPECT_THAT(error.what(), HasSubstr("1_a.sql:2: unknown goose annotation"));
    }
}

// The section errors goose gives, each located; goose's annotations are case-insensitive.
TEST(GooseReader, SectionMistakesAreLocatedAndLowercaseAnnotationsCount) {
    const auto message_for = [](const std::string& text) -> std::string {
        mig::test::TempDir dir;
        dir.write("1_a.sql", text);
        try {
            read(dir.path());
        } catch (const ParseError& error) {
            return error.what();
        }
        return "no error";
    };
    EXPECT_THAT(message_for("-- +goose Up\nSELECT 1;\n-- +goose up\n"),
                HasSubstr("1_a.sql:3: a second `-- +goose Up` (the first is on line 1)"));
    EXPECT_THAT(message_for("SELECT 1;\n-- +goose Up\n"),
                HasSubstr("1_a.sql:1: SQL before `-- +goose Up`"));
    EXPECT_THAT(message_for("-- +goose Down\nSELECT 1;\n"),
                HasSubstr("1_a.sql:1: no `-- +goose Up` section"));
    EXPECT_THAT(message_for("-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\n"),
                HasSubstr("1_a.sql:2: `-- +goose StatementBegin` without StatementEnd"));
    mig::test::TempDir lowercase;
    lowercase.write("1_a.sql",
                    "-- comment first\n-- +goose up\nSELECT 1;\n-- +goose down\nSELECT 2;\n");
    const ImportedHistory history = read(lowercase.path());
    EXPECT_EQ(history.migrations.at(0).upgrade_sql, "SELECT 1;\n");
    EXPECT_EQ(history.migrations.at(0).downgrade_sql, std::optional<std::string>("SELECT 2;\n"));
}

TEST(GooseVersionTable, TheLastRowOfAVersionDecidesAndTheInitialRowIsIgnored) {
    ImportedHistory history = read(fixture("goose"));
    // goose_db_version rows by id: the table's own row 0, 1..3 applied, 3 rolled back.
    std::vector<Row> rows = {{std::string("0"), std::string("1")},
                             {std::string("1"), std::string("1")},
                             {std::string("2"), std::string("1")},
                             {std::string("3"), std::string("1")},
                             {std::string("3"), std::string("0")}};
    SourcePosition position = locate(history, rows);
    EXPECT_EQ(position.state, SourcePosition::State::at);
    EXPECT_THAT(position.revision_ids, ElementsAre("00002"));
    EXPECT_TRUE(position.warnings.empty());
    EXPECT_EQ(locate(history, {{std::string("0"), std::string("1")}}).state,
              SourcePosition::State::base);
}

}  // namespace
}  // namespace mig::importer
