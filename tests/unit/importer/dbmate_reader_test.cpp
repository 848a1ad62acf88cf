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
    return read_migrations(Format::dbmate, dir);
}

template <typename Body>
std::string parse_error(Body body) {
    try {
        body();
    } catch (const ParseError& error) {
        return error.what();
    }
    return "no ParseError";
}

TEST(DbmateReader, ReadsBothBlocksOfEveryFileInVersionOrder) {
    ImportedHistory history = read(fixture("dbmate"));
    EXPECT_THAT(revision_ids(history),
                ElementsAre("20230301090000", "20230301091500", "20230315143000", "20230402100000",
                            "20230510080000", "20230612120000"));
    const ImportedMigration& stock = migration(history, "20230315143000");
    EXPECT_EQ(stock.message, "create stock levels (dbmate 20230315143000)");
    EXPECT_THAT(stock.parents, ElementsAre("20230301091500"));
    EXPECT_THAT(stock.upgrade_sql, HasSubstr("CREATE TRIGGER stock_levels_touch"));
    EXPECT_THAT(stock.upgrade_sql, Not(HasSubstr("DROP TABLE")));
    ASSERT_TRUE(stock.downgrade_sql.has_value());
    EXPECT_EQ(*stock.downgrade_sql, "DROP TRIGGER stock_levels_touch;\nDROP TABLE stock_levels;\n");
}

TEST(DbmateReader, AnEmptyDownBlockIsNoDowngrade) {
    ImportedHistory history = read(fixture("dbmate"));
    EXPECT_FALSE(migration(history, "20230402100000").downgrade_sql.has_value());
}

TEST(DbmateReader, TransactionFalseTurnsTheTransactionOff) {
    ImportedHistory history = read(fixture("dbmate"));
    EXPECT_FALSE(migration(history, "20230510080000").transactional);
    EXPECT_TRUE(migration(history, "20230612120000").transactional);
}

TEST(DbmateReader, RefusesWhatDbmateRefuses) {
    mig::test::TempDir dir;
    dir.write("1_a.sql", "CREATE TABLE a (x INTEGER);\n-- migrate:up\n");
    EXPECT_THAT(parse_error([&] { read(dir.path()); }),
                HasSubstr("1_a.sql:1: SQL before `-- migrate:up`"));

    mig::test::TempDir no_up;
    no_up.write("1_a.sql", "-- just a comment\n");
    EXPECT_THAT(parse_error([&] { read(no_up.path()); }), HasSubstr("no `-- migrate:up` block"));

    mig::test::TempDir twice;
    twice.write("1_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n");
    EXPECT_THAT(parse_error([&] { read(twice.path()); }),
                HasSubstr("1_a.sql:3: a second `-- migrate:up` (the first is on line 1)"));

    mig::test::TempDir option;
    option.write("1_a.sql", "-- migrate:up transaction:maybe\nSELECT 1;\n");
    EXPECT_THAT(parse_error([&] { read(option.path()); }),
                HasSubstr("unknown dbmate option `transaction:maybe`"));
}

TEST(DbmateReader, AMarkerIsAWholeWordAndCommentsBeforeItAreFine) {
    mig::test::TempDir dir;
    dir.write("1_a.sql",
              "-- Author: ops team\n--migrate:up\nSELECT 1; -- migrate:upper is not a marker\n"
              "-- migrate:uptime note\n--   migrate:down\nSELECT 2;\n");
    ImportedHistory history = read(dir.path());
    EXPECT_EQ(history.migrations[0].upgrade_sql,
              "SELECT 1; -- migrate:upper is not a marker\n-- migrate:uptime note\n");
    EXPECT_EQ(history.migrations[0].downgrade_sql, "SELECT 2;\n");
}

TEST(DbmateReader, TwoFilesOfOneVersionAreBadInput) {
    mig::test::TempDir dir;
    dir.write("1_a.sql", "-- migrate:up\nSELECT 1;\n");
    dir.write("1_b.sql", "-- migrate:up\nSELECT 2;\n");
    EXPECT_THROW(read(dir.path()), InputError);
}

TEST(DbmateVersionTable, TheLatestAppliedVersionIsStampedAndAGapIsWarned) {
    ImportedHistory history = read(fixture("dbmate"));
    SourcePosition all = locate(history, {{std::string("20230301090000")},
                                          {std::string("20230301091500")},
                                          {std::string("20230315143000")}});
    EXPECT_THAT(all.revision_ids, ElementsAre("20230315143000"));
    EXPECT_TRUE(all.warnings.empty());

    SourcePosition gap =
        locate(history, {{std::string("20230301090000")}, {std::string("20230315143000")}});
    EXPECT_THAT(gap.revision_ids, ElementsAre("20230315143000"));
    ASSERT_EQ(gap.warnings.size(), 1U);
    EXPECT_THAT(gap.warnings[0], HasSubstr("does not record 20230301091500"));
}

}  // namespace
}  // namespace mig::importer
