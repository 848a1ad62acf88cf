#include "schema/create_index_parser.hpp"

#include "schema/errors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::schema {
namespace {

TEST(ParseCreateIndex, ColumnsWithCollationAndOrder) {
    Index index = parse_create_index(
        "CREATE UNIQUE INDEX IF NOT EXISTS main.ix_user ON \"user\" (name COLLATE NOCASE DESC, "
        "\"e mail\" ASC, id)");
    EXPECT_EQ(index.name, "ix_user");
    EXPECT_EQ(index.table, "user");
    EXPECT_TRUE(index.unique);
    EXPECT_EQ(index.origin, IndexOrigin::create_index);
    ASSERT_EQ(index.parts.size(), 3u);
    EXPECT_EQ(index.parts[0].column, "name");
    EXPECT_EQ(index.parts[0].collation, "NOCASE");
    EXPECT_EQ(index.parts[0].order, SortOrder::desc);
    EXPECT_EQ(index.parts[1].column, "e mail");
    EXPECT_EQ(index.parts[1].order, SortOrder::asc);
    EXPECT_EQ(index.parts[2].column, "id");
    EXPECT_EQ(index.parts[2].collation, "");
    EXPECT_FALSE(index.where.has_value());
}

TEST(ParseCreateIndex, ExpressionsAndPartialWhere) {
    Index index = parse_create_index(
        "CREATE INDEX ix ON t (lower(name), (a + b) DESC, json_extract(doc, '$.a,b') COLLATE "
        "RTRIM) WHERE deleted_at IS NULL AND (kind = 'x');");
    EXPECT_FALSE(index.unique);
    ASSERT_EQ(index.parts.size(), 3u);
    EXPECT_TRUE(index.parts[0].is_expression());
    EXPECT_EQ(index.parts[0].expression, "lower(name)");
    EXPECT_EQ(index.parts[1].expression, "(a + b)");
    EXPECT_EQ(index.parts[1].order, SortOrder::desc);
    EXPECT_EQ(index.parts[2].expression, "json_extract(doc, '$.a,b')");
    EXPECT_EQ(index.parts[2].collation, "RTRIM");
    EXPECT_EQ(index.where, "deleted_at IS NULL AND (kind = 'x')");
}

TEST(ParseCreateIndex, KeywordNamedTableAndColumns) {
    Index index = parse_create_index("CREATE INDEX \"index\" ON [order] (`group`, key)");
    EXPECT_EQ(index.name, "index");
    EXPECT_EQ(index.table, "order");
    ASSERT_EQ(index.parts.size(), 2u);
    EXPECT_EQ(index.parts[0].column, "group");
    EXPECT_EQ(index.parts[1].column, "key");
}

TEST(ParseCreateIndex, Errors) {
    EXPECT_THROW(parse_create_index("CREATE INDEX ix ON t ()"), SqlSyntaxError);
    EXPECT_THROW(parse_create_index("CREATE INDEX ix ON t (a"), SqlSyntaxError);
    EXPECT_THROW(parse_create_index("CREATE INDEX ix ON t (a) WHERE"), SqlSyntaxError);
    EXPECT_THROW(parse_create_index("CREATE TABLE t (a)"), SqlSyntaxError);
}

}  // namespace
}  // namespace mig::schema
