#include "schema/normalize.hpp"

#include <gtest/gtest.h>

namespace mig::schema {
namespace {

TEST(NormalizeSql, CanonicalSpelling) {
    EXPECT_EQ(
        normalize_sql("CREATE TABLE \"Users\" ( id INTEGER PRIMARY KEY , name TEXT NOT NULL );"),
        "create table users(id integer primary key, name text not null)");
    EXPECT_EQ(normalize_sql("CHECK(length(name)>0 AND age>=-1)"),
              "check (length(name) > 0 and age >= -1)");
    EXPECT_EQ(normalize_sql("VARCHAR ( 255 )"), "varchar(255)");
    EXPECT_EQ(normalize_sql("a IN (1,2 ,3)"), "a in (1, 2, 3)");
    EXPECT_EQ(normalize_sql("main . t . a"), "main.t.a");
}

struct SamePair {
    const char* a;
    const char* b;
};

void PrintTo(const SamePair& pair, std::ostream* os) {
    *os << pair.a << "  |  " << pair.b;
}

class NormalizeNeverDiffers : public ::testing::TestWithParam<SamePair> {};

TEST_P(NormalizeNeverDiffers, SameCanonicalForm) {
    EXPECT_EQ(normalize_sql(GetParam().a), normalize_sql(GetParam().b))
        << GetParam().a << "  vs  " << GetParam().b;
}

INSTANTIATE_TEST_SUITE_P(
    Whitespace, NormalizeNeverDiffers,
    ::testing::Values(SamePair{"a+b", "a + b"}, SamePair{"f( a,b )", "f(a , b)"},
                      SamePair{"x   IN\n(1,\t2)", "x in (1, 2)"},
                      SamePair{"CREATE TABLE t(a)", "CREATE   TABLE\n t (\n  a\n)"},
                      SamePair{"-1", "- 1"}, SamePair{"a - -1", "a-\n-1"}, SamePair{"t.a", "t . a"},
                      SamePair{"a||b", "a || b"},
                      SamePair{"CREATE TABLE t(a);", "CREATE TABLE t(a)"}));

INSTANTIATE_TEST_SUITE_P(Comments, NormalizeNeverDiffers,
                         ::testing::Values(SamePair{"a /* note */ + b", "a + b"},
                                           SamePair{"a -- note\n+ b", "a + b"},
                                           SamePair{"/* lead */ SELECT 1 -- tail", "SELECT 1"}));

INSTANTIATE_TEST_SUITE_P(KeywordCase, NormalizeNeverDiffers,
                         ::testing::Values(SamePair{"NOT NULL", "not null"},
                                           SamePair{"DEFAULT CURRENT_TIMESTAMP",
                                                    "default current_timestamp"},
                                           SamePair{"a IS NOT NULL AND b", "a is not null and b"},
                                           SamePair{"CAST(x AS TEXT)", "cast(x as text)"}));

INSTANTIATE_TEST_SUITE_P(
    IdentifierQuotingAndCase, NormalizeNeverDiffers,
    ::testing::Values(SamePair{"\"users\"", "users"}, SamePair{"[users]", "users"},
                      SamePair{"`users`", "USERS"}, SamePair{"\"Users\".\"Name\"", "users.name"},
                      SamePair{"\"order\"", "[order]"}, SamePair{"`ORDER`", "\"order\""},
                      SamePair{"[first name]", "\"First Name\""}, SamePair{"\"a\"\"b\"", "[a\"b]"},
                      SamePair{"VARCHAR(255)", "varchar (255)"}, SamePair{"x'AB'", "X'ab'"},
                      SamePair{"1E5", "1e5"}));

INSTANTIATE_TEST_SUITE_P(EquivalentOperators, NormalizeNeverDiffers,
                         ::testing::Values(SamePair{"a == b", "a = b"},
                                           SamePair{"a <> b", "a != b"}));

TEST(NormalizeSql, KeepsQuotesWhereTheNameNeedsThem) {
    EXPECT_EQ(normalize_sql("[order]"), "\"order\"");
    EXPECT_EQ(normalize_sql("`first name`"), "\"first name\"");
    EXPECT_EQ(normalize_sql("[say \"hi\"]"), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(normalize_sql("\"1st\""), "\"1st\"");
    EXPECT_EQ(normalize_sql("\"user\""), "user");
}

TEST(NormalizeSql, QuotedKeywordIsNotTheKeyword) {
    EXPECT_NE(normalize_sql("\"order\""), normalize_sql("order"));
    EXPECT_NE(normalize_sql("SELECT \"key\""), normalize_sql("SELECT key"));
}

TEST(NormalizeSql, StringLiteralsAreNeverTouched) {
    EXPECT_EQ(normalize_sql("DEFAULT 'Hello  World'"), "default 'Hello  World'");
    EXPECT_NE(normalize_sql("'abc'"), normalize_sql("'ABC'"));
    EXPECT_NE(normalize_sql("'a  b'"), normalize_sql("'a b'"));
    EXPECT_EQ(normalize_sql("'-- not a comment'"), "'-- not a comment'");
    EXPECT_NE(normalize_sql("'x'"), normalize_sql("\"x\""));
}

TEST(NormalizeSql, RealDifferencesStay) {
    EXPECT_NE(normalize_sql("a + b"), normalize_sql("a - b"));
    EXPECT_NE(normalize_sql("1"), normalize_sql("1.0"));
    EXPECT_NE(normalize_sql("INT"), normalize_sql("INTEGER"));
    EXPECT_NE(normalize_sql("a b"), normalize_sql("ab"));
    EXPECT_NE(normalize_sql("x '00'"), normalize_sql("x'00'"));
}

TEST(NormalizeSql, JoiningNeverCreatesAComment) {
    EXPECT_EQ(normalize_sql("- -1"), "- -1");
    EXPECT_EQ(normalize_sql("-(-1)"), "-(-1)");
}

TEST(NormalizeSql, EmptyInput) {
    EXPECT_EQ(normalize_sql(""), "");
    EXPECT_EQ(normalize_sql("  -- nothing\n"), "");
}

TEST(NormalizeExpression, DropsParenthesesAroundTheWhole) {
    EXPECT_EQ(normalize_expression("(1 + 2)"), "1 + 2");
    EXPECT_EQ(normalize_expression("((1+2))"), "1 + 2");
    EXPECT_EQ(normalize_expression("( 'x' )"), "'x'");
    EXPECT_EQ(normalize_expression("(-1)"), normalize_expression("-1"));
    EXPECT_EQ(normalize_expression("(a) + (b)"), "(a) + (b)");
    EXPECT_EQ(normalize_expression("(a) OR (b)"), "(a) or (b)");
    EXPECT_NE(normalize_expression("(a + b) * c"), normalize_expression("a + b * c"));
}

}  // namespace
}  // namespace mig::schema
