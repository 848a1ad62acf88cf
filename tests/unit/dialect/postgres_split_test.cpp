// The PostgreSQL splitter against psql's rules, one rule per test (psqlscan.l, PostgreSQL 15).

#include "dialect/postgres_split.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::dialect {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> split_sql(std::string_view sql) {
    std::vector<std::string> out;
    for (const Statement& statement : split_postgres(sql, 1)) {
        out.push_back(statement.sql);
    }
    return out;
}

std::vector<int> lines_of(std::string_view sql, int first_line) {
    std::vector<int> out;
    for (const Statement& statement : split_postgres(sql, first_line)) {
        out.push_back(statement.line);
    }
    return out;
}

TEST(PostgresSplit, SplitsAtSemicolonsAndNumbers) {
    const auto statements = split_postgres("CREATE TABLE a (x int);\nDROP TABLE b;\n", 1);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0].sql, "CREATE TABLE a (x int);");
    EXPECT_EQ(statements[1].sql, "DROP TABLE b;");
    EXPECT_EQ(statements[0].number, 1);
    EXPECT_EQ(statements[1].number, 2);
    EXPECT_EQ(statements[1].line, 2);
}

TEST(PostgresSplit, StandardStringsWithDoubledQuotes) {
    EXPECT_THAT(split_sql("SELECT 'a;b', 'it''s; fine';SELECT 2;"),
                ElementsAre("SELECT 'a;b', 'it''s; fine';", "SELECT 2;"));
}

TEST(PostgresSplit, BackslashIsOrdinaryInStandardStrings) {
    // standard_conforming_strings = on: 'C:\' ends at its second quote.
    EXPECT_THAT(split_sql("SELECT 'C:\\';SELECT 2;"), ElementsAre("SELECT 'C:\\';", "SELECT 2;"));
}

TEST(PostgresSplit, EscapeStringsHonourBackslashes) {
    EXPECT_THAT(split_sql("SELECT E'a\\';b', e'\\\\';SELECT E'x''y;';SELECT 3;"),
                ElementsAre("SELECT E'a\\';b', e'\\\\';", "SELECT E'x''y;';", "SELECT 3;"));
}

TEST(PostgresSplit, AnEBeforeAQuoteInsideAWordIsNoEscapeString) {
    // `somee` is one identifier, so 'x\' is a standard string that ends at its second quote.
    EXPECT_THAT(split_sql("SELECT somee'x\\';SELECT 2;"),
                ElementsAre("SELECT somee'x\\';", "SELECT 2;"));
}

TEST(PostgresSplit, UnicodeBitHexAndNationalStrings) {
    EXPECT_THAT(
        split_sql("SELECT U&'\\0041;', u&\"a;\"\"b\", B'1;', X'F;', N'n;';SELECT 2;"),
        ElementsAre("SELECT U&'\\0041;', u&\"a;\"\"b\", B'1;', X'F;', N'n;';", "SELECT 2;"));
}

TEST(PostgresSplit, QuotedIdentifiers) {
    EXPECT_THAT(split_sql("CREATE TABLE \"a;\"\"b\" (\"x;\" int);DROP TABLE c;"),
                ElementsAre("CREATE TABLE \"a;\"\"b\" (\"x;\" int);", "DROP TABLE c;"));
}

TEST(PostgresSplit, DollarQuotedBodies) {
    const std::string function =
        "CREATE FUNCTION f() RETURNS int AS $$\n"
        "BEGIN\n"
        "  PERFORM 1; RETURN 2;\n"
        "END;\n"
        "$$ LANGUAGE plpgsql;";
    EXPECT_THAT(split_sql(function + "\nSELECT f();"), ElementsAre(function, "SELECT f();"));
    const std::string tagged =
        "CREATE FUNCTION g() RETURNS text AS $fn$ SELECT $$;$$ || $x$;$x$ $fn$ LANGUAGE sql;";
    EXPECT_THAT(split_sql(tagged + "SELECT 2;"), ElementsAre(tagged, "SELECT 2;"));
}

TEST(PostgresSplit, DollarQuoteEndsAtTheSameTagOnly) {
    EXPECT_THAT(split_sql("SELECT $a$ $b$; $ab$; $a $a$;SELECT 2;"),
                ElementsAre("SELECT $a$ $b$; $ab$; $a $a$;", "SELECT 2;"));
}

TEST(PostgresSplit, DollarInsideAnIdentifierStartsNoQuote) {
    // a$$ is an identifier (PostgreSQL allows $ after the first character).
    EXPECT_THAT(split_sql("SELECT 1 AS a$$;SELECT 2 AS b$x$;SELECT 3;"),
                ElementsAre("SELECT 1 AS a$$;", "SELECT 2 AS b$x$;", "SELECT 3;"));
}

TEST(PostgresSplit, ParametersAreNotTags) {
    EXPECT_THAT(split_sql("PREPARE p AS SELECT $1;EXECUTE p(1);"),
                ElementsAre("PREPARE p AS SELECT $1;", "EXECUTE p(1);"));
    // $1$ is parameter 1 and a lone `$`, not a delimiter.
    EXPECT_THAT(split_sql("SELECT $1$;SELECT 2;"), ElementsAre("SELECT $1$;", "SELECT 2;"));
}

TEST(PostgresSplit, DollarQuoteRightAfterANumber) {
    // Numbers do not absorb `$`: psql sees 1 and then a dollar quote.
    EXPECT_THAT(split_sql("SELECT 1$$;$$;SELECT 2;"), ElementsAre("SELECT 1$$;$$;", "SELECT 2;"));
}

TEST(PostgresSplit, LineCommentsEndAtNewlineOrCarriageReturn) {
    EXPECT_THAT(split_sql("SELECT 1 -- a; b\n;SELECT 2 --x\r;SELECT 3;"),
                ElementsAre("SELECT 1 -- a; b\n;", "SELECT 2 --x\r;", "SELECT 3;"));
}

TEST(PostgresSplit, BlockCommentsNest) {
    EXPECT_THAT(split_sql("SELECT 1 /* a /* b; */ c; */;SELECT 2;"),
                ElementsAre("SELECT 1 /* a /* b; */ c; */;", "SELECT 2;"));
    EXPECT_THAT(split_sql("SELECT 1 /*/ still; */;SELECT 2;"),
                ElementsAre("SELECT 1 /*/ still; */;", "SELECT 2;"));
}

TEST(PostgresSplit, CommentStartsInsideOperators) {
    EXPECT_THAT(split_sql("SELECT 1 +/* ; */ 2;SELECT 3--;\n;"),
                ElementsAre("SELECT 1 +/* ; */ 2;", "SELECT 3--;\n;"));
}

TEST(PostgresSplit, SemicolonInsideParenthesesDoesNotEnd) {
    // As psql: the server then reports the syntax error for the whole text.
    EXPECT_THAT(split_sql("SELECT (1; 2);SELECT 3;"), ElementsAre("SELECT (1; 2);", "SELECT 3;"));
    // A stray `)` does not go below zero.
    EXPECT_THAT(split_sql("SELECT 1);SELECT 2;"), ElementsAre("SELECT 1);", "SELECT 2;"));
}

TEST(PostgresSplit, BeginAtomicBodies) {
    const std::string function =
        "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n"
        "  SELECT CASE WHEN a > 0 THEN a ELSE 0 END;\n"
        "  SELECT a + b;\n"
        "END;";
    EXPECT_THAT(split_sql(function + "\nSELECT add(1, 2);"),
                ElementsAre(function, "SELECT add(1, 2);"));
    const std::string procedure =
        "create or replace procedure p() language sql begin atomic insert into t values (1); "
        "end;";
    EXPECT_THAT(split_sql(procedure + "CALL p();"), ElementsAre(procedure, "CALL p();"));
}

TEST(PostgresSplit, BeginOutsideCreateFunctionEndsAtSemicolon) {
    EXPECT_THAT(split_sql("BEGIN;CREATE TABLE t (x int);COMMIT;"),
                ElementsAre("BEGIN;", "CREATE TABLE t (x int);", "COMMIT;"));
    // CREATE TABLE is no routine, even with a column named begin.
    EXPECT_THAT(split_sql("CREATE TABLE t (x int) ; SELECT begin FROM t;SELECT 2;"),
                ElementsAre("CREATE TABLE t (x int) ;", "SELECT begin FROM t;", "SELECT 2;"));
    // Inside parentheses BEGIN is not counted (a parameter or column named begin).
    EXPECT_THAT(
        split_sql("CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN 1;SELECT 2;"),
        ElementsAre("CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN 1;",
                    "SELECT 2;"));
}

TEST(PostgresSplit, CommentsBeforeAStatementStayWithIt) {
    const auto statements =
        split_postgres("\n-- mig:destructive drops a\n/* why */ DROP TABLE a;\n-- trailing\n", 10);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].sql, "-- mig:destructive drops a\n/* why */ DROP TABLE a;");
    EXPECT_EQ(statements[0].line, 12);
}

TEST(PostgresSplit, LinesCountFromFirstLine) {
    EXPECT_THAT(lines_of("SELECT 1;\n\nSELECT $$\n;\n$$;\n  SELECT 3;", 5), ElementsAre(5, 7, 10));
}

TEST(PostgresSplit, CommentOnlyAndEmptyStatementsYieldNothing) {
    EXPECT_THAT(split_sql(""), IsEmpty());
    EXPECT_THAT(split_sql("-- nothing\n/* at /* all */ */\n ; ;"), IsEmpty());
}

TEST(PostgresSplit, LastStatementNeedsNoSemicolon) {
    EXPECT_THAT(split_sql("SELECT 1;\nSELECT 2 -- done\n"), ElementsAre("SELECT 1;", "SELECT 2"));
}

TEST(PostgresSplit, UnterminatedQuotesRunToTheEnd) {
    EXPECT_THAT(split_sql("SELECT 'a;\nSELECT 2;"), ElementsAre("SELECT 'a;\nSELECT 2;"));
    EXPECT_THAT(split_sql("SELECT $f$ a;\nSELECT 2;"), ElementsAre("SELECT $f$ a;\nSELECT 2;"));
    EXPECT_THAT(split_sql("SELECT E'\\"), ElementsAre("SELECT E'\\"));
}

TEST(PostgresSplit, UnterminatedBlockCommentIsKeptForTheServerToReport) {
    EXPECT_THAT(split_sql("SELECT 1; /* never closed; SELECT 2;"),
                ElementsAre("SELECT 1;", "/* never closed; SELECT 2;"));
}

TEST(PostgresSplit, NumbersWithTrailingJunkEndWhereTheServerSays) {
    // PostgreSQL 15: 1E is a number with junk, then a standard string 'x\'.
    EXPECT_THAT(split_sql("SELECT 1E'x\\';SELECT 2;"), ElementsAre("SELECT 1E'x\\';", "SELECT 2;"));
    EXPECT_THAT(split_sql("SELECT 1.5e-3;SELECT .5;"), ElementsAre("SELECT 1.5e-3;", "SELECT .5;"));
}

}  // namespace
}  // namespace mig::dialect
