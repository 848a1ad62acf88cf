// Inputs the statement_split fuzzer (tests/fuzz) found, kept as regressions.

#include "dialect/sqlite_dialect.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mig::dialect {
namespace {

using namespace std::string_literals;

// Past a NUL byte no statement ends (sqlite3_complete stops there). A `;` that came first
// after it used to mark the whole rest as an empty statement, so the text was dropped
// instead of reaching SQLite, which reports it.
TEST(SplitFuzzFound, TextAfterANulByteAndASemicolonIsKept) {
    const std::string sql = "-- mig:\0\0 x\n;DROP TABLE t;\nSELECT 1"s;
    auto statements = SqliteDialect().split(sql, 1);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_NE(statements[0].sql.find("DROP TABLE t;\nSELECT 1"), std::string::npos);
    EXPECT_EQ(statements[0].line, 2);
}

TEST(SplitFuzzFound, EmptyStatementsAreStillDropped) {
    auto statements = SqliteDialect().split(";\n-- only a comment\n;;SELECT 1;;", 1);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].sql, "SELECT 1;");
    EXPECT_EQ(statements[0].line, 3);
}

}  // namespace
}  // namespace mig::dialect
