#include "dialect/sqlite_dialect.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::dialect {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> sql_of(const std::vector<Statement>& statements) {
    std::vector<std::string> out;
    out.reserve(statements.size());
    for (const auto& statement : statements) {
        out.push_back(statement.sql);
    }
    return out;
}

std::vector<int> lines_of(const std::vector<Statement>& statements) {
    std::vector<int> out;
    out.reserve(statements.size());
    for (const auto& statement : statements) {
        out.push_back(statement.line);
    }
    return out;
}

TEST(SqliteDialectSplit, SplitsAtSemicolonsAndNumbersStatements) {
    auto statements = SqliteDialect().split("CREATE TABLE a (x);\nCREATE TABLE b (y);\n", 1);
    EXPECT_THAT(sql_of(statements), ElementsAre("CREATE TABLE a (x);", "CREATE TABLE b (y);"));
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0].number, 1);
    EXPECT_EQ(statements[1].number, 2);
}

TEST(SqliteDialectSplit, KeepsTriggerBodyWithBeginEndAsOneStatement) {
    const std::string trigger =
        "CREATE TRIGGER audit AFTER INSERT ON a BEGIN\n"
        "  INSERT INTO log VALUES (new.x);\n"
        "  UPDATE counter SET n = n + 1;\n"
        "END;";
    auto statements = SqliteDialect().split(trigger + "\nDROP TABLE z;", 1);
    EXPECT_THAT(sql_of(statements), ElementsAre(trigger, "DROP TABLE z;"));
    EXPECT_THAT(lines_of(statements), ElementsAre(1, 5));
}

TEST(SqliteDialectSplit, IgnoresSemicolonsInStringsIdentifiersAndComments) {
    const std::string sql =
        "INSERT INTO t VALUES ('a;b', \"c;d\");\n"
        "-- a comment; with a semicolon\n"
        "/* block; comment */ UPDATE t SET x = 'it''s; fine';\n";
    auto statements = SqliteDialect().split(sql, 1);
    EXPECT_THAT(sql_of(statements), ElementsAre("INSERT INTO t VALUES ('a;b', \"c;d\");",
                                                "-- a comment; with a semicolon\n/* block; comment "
                                                "*/ UPDATE t SET x = 'it''s; fine';"));
    EXPECT_THAT(lines_of(statements), ElementsAre(1, 3));
}

TEST(SqliteDialectSplit, LastStatementNeedsNoSemicolon) {
    auto statements = SqliteDialect().split("CREATE TABLE a (x);\nCREATE TABLE b (y)\n", 1);
    EXPECT_THAT(sql_of(statements), ElementsAre("CREATE TABLE a (x);", "CREATE TABLE b (y)"));
}

TEST(SqliteDialectSplit, CommentOnlyTextYieldsNoStatement) {
    EXPECT_THAT(SqliteDialect().split("-- nothing to do\n/* really */\n\n", 1), IsEmpty());
    EXPECT_THAT(SqliteDialect().split("", 1), IsEmpty());
    EXPECT_THAT(SqliteDialect().split(" ; ;\n", 1), IsEmpty());
}

TEST(SqliteDialectSplit, TrailingCommentsAfterLastStatementAreDropped) {
    auto statements = SqliteDialect().split("DROP TABLE a;\n-- the end\n", 1);
    EXPECT_THAT(sql_of(statements), ElementsAre("DROP TABLE a;"));
}

TEST(SqliteDialectSplit, LinesCountFromFirstLineAndSkipLeadingComments) {
    const std::string sql =
        "\n"                               // 10
        "-- mig:destructive drops data\n"  // 11
        "DROP TABLE a;\n"                  // 12
        "\n"                               // 13
        "/* multi\n"                       // 14
        "   line */\n"                     // 15
        "  CREATE TABLE b (y);\n";         // 16
    auto statements = SqliteDialect().split(sql, 10);
    EXPECT_THAT(lines_of(statements), ElementsAre(12, 16));
}

TEST(SqliteDialectSplit, KeepsDestructiveNoteWithItsStatement) {
    auto statements = SqliteDialect().split(
        "-- mig:destructive drops column age\nALTER TABLE u DROP COLUMN age;", 1);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_THAT(statements[0].sql, HasSubstr("-- mig:destructive drops column age\nALTER TABLE"));
}

TEST(SqliteDialectSplit, StatementsEndAtTheirSemicolonOrLastToken) {
    // So a renderer may append a missing `;` without it landing inside a comment.
    auto statements = SqliteDialect().split(
        "DROP TABLE a; -- gone; really\nINSERT INTO t VALUES ('--', \"x -- y\") -- note\n/* end "
        "*/\n",
        1);
    EXPECT_THAT(
        sql_of(statements),
        ElementsAre("DROP TABLE a;", "-- gone; really\nINSERT INTO t VALUES ('--', \"x -- y\")"));
    EXPECT_THAT(lines_of(statements), ElementsAre(1, 2));
}

TEST(SqliteDialectSplit, UnterminatedTriggerIsOneFinalStatement) {
    // SQLite reports the error when it runs; the split must not invent statement boundaries.
    auto statements =
        SqliteDialect().split("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1;", 1);
    EXPECT_EQ(statements.size(), 1u);
}

}  // namespace
}  // namespace mig::dialect
