// Empty statements (comments, then `;`) and what follows them; cases from the statement_split
// fuzzer (tests/fuzz).

#include "dialect/sqlite_dialect.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mig::dialect {
namespace {

// A comment that holds what looks like a statement, before an empty one, is no statement:
// the fuzzer's invariant once matched the statement inside the comment.
TEST(SplitEmptyStatements, StatementTextInsideACommentIsNotTheStatement) {
    auto statements = SqliteDialect().split("--;\n;-", 1);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].sql, "-");
    EXPECT_EQ(statements[0].line, 2);
}

TEST(SplitEmptyStatements, EmptyStatementsAreStillDropped) {
    auto statements = SqliteDialect().split(";\n-- only a comment\n;;SELECT 1;;", 1);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].sql, "SELECT 1;");
    EXPECT_EQ(statements[0].line, 3);
}

}  // namespace
}  // namespace mig::dialect
