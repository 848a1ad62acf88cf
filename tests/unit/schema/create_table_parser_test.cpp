#include "schema/create_table_parser.hpp"

#include "schema/errors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::schema {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> column_names(const Table& table) {
    std::vector<std::string> names;
    for (const Column& column : table.columns) {
        names.push_back(column.name);
    }
    return names;
}

TEST(ParseCreateTable, ColumnsWithTypes) {
    Table t = parse_create_table(
        "CREATE TABLE users (id INTEGER, name VARCHAR(255), price DECIMAL(10, 2), "
        "flags UNSIGNED BIG INT, note, uuid CHAR(36), active BOOLEAN)");
    EXPECT_EQ(t.name, "users");
    EXPECT_EQ(t.kind, TableKind::ordinary);
    ASSERT_THAT(column_names(t),
                ElementsAre("id", "name", "price", "flags", "note", "uuid", "active"));
    EXPECT_EQ(t.columns[0].type, "INTEGER");
    EXPECT_EQ(t.columns[1].type, "VARCHAR(255)");
    EXPECT_EQ(t.columns[2].type, "DECIMAL(10, 2)");
    EXPECT_EQ(t.columns[3].type, "UNSIGNED BIG INT");
    EXPECT_EQ(t.columns[4].type, "");
    EXPECT_EQ(t.columns[5].type, "CHAR(36)");
    EXPECT_EQ(t.columns[6].type, "BOOLEAN");
    EXPECT_TRUE(t.primary_key.columns.empty());
    EXPECT_FALSE(t.without_rowid);
    EXPECT_FALSE(t.strict);
}

TEST(ParseCreateTable, ColumnPrimaryKeyWithAutoincrementAndConflict) {
    Table t = parse_create_table(
        "CREATE TABLE t (id INTEGER CONSTRAINT pk_t PRIMARY KEY DESC ON CONFLICT REPLACE "
        "AUTOINCREMENT, x)");
    EXPECT_THAT(t.primary_key.columns, ElementsAre("id"));
    EXPECT_EQ(t.primary_key.name, "pk_t");
    EXPECT_TRUE(t.primary_key.autoincrement);
    EXPECT_EQ(t.primary_key.on_conflict, ConflictAction::replace);
    EXPECT_EQ(t.columns[0].pk_position, 1);
    EXPECT_EQ(t.columns[1].pk_position, 0);
}

TEST(ParseCreateTable, CompositeTablePrimaryKey) {
    Table t = parse_create_table(
        "CREATE TABLE m (a TEXT, b INT, c, CONSTRAINT \"pk m\" PRIMARY KEY (b, a COLLATE NOCASE "
        "DESC)) WITHOUT ROWID");
    EXPECT_THAT(t.primary_key.columns, ElementsAre("b", "a"));
    EXPECT_EQ(t.primary_key.name, "pk m");
    EXPECT_EQ(t.columns[0].pk_position, 2);
    EXPECT_EQ(t.columns[1].pk_position, 1);
    EXPECT_EQ(t.columns[2].pk_position, 0);
    EXPECT_TRUE(t.without_rowid);
}

TEST(ParseCreateTable, AutoincrementInsideTablePrimaryKey) {
    Table t = parse_create_table("CREATE TABLE t (id INTEGER, PRIMARY KEY (id AUTOINCREMENT))");
    EXPECT_TRUE(t.primary_key.autoincrement);
    EXPECT_THAT(t.primary_key.columns, ElementsAre("id"));
}

TEST(ParseCreateTable, NotNullDefaultsAndCollations) {
    Table t = parse_create_table(
        "CREATE TABLE t (a TEXT NOT NULL ON CONFLICT IGNORE DEFAULT 'it''s' COLLATE NOCASE, "
        "b INT DEFAULT -1, c REAL DEFAULT +2.5, d TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "
        "e DEFAULT (1 + (2 * 3)), f DEFAULT NULL, g BLOB DEFAULT x'00', h NULL, "
        "i TEXT COLLATE \"RTRIM\", j DEFAULT TRUE)");
    const auto& c = t.columns;
    ASSERT_EQ(c.size(), 10u);
    EXPECT_TRUE(c[0].not_null);
    EXPECT_EQ(c[0].not_null_conflict, ConflictAction::ignore);
    EXPECT_EQ(c[0].default_value, "'it''s'");
    EXPECT_EQ(c[0].collation, "NOCASE");
    EXPECT_EQ(c[1].default_value, "-1");
    EXPECT_EQ(c[2].default_value, "+2.5");
    EXPECT_EQ(c[3].default_value, "CURRENT_TIMESTAMP");
    EXPECT_EQ(c[4].default_value, "(1 + (2 * 3))");
    EXPECT_EQ(c[4].type, "");
    EXPECT_EQ(c[5].default_value, "NULL");
    EXPECT_EQ(c[6].default_value, "x'00'");
    EXPECT_FALSE(c[7].not_null);
    EXPECT_EQ(c[7].default_value, std::nullopt);
    EXPECT_EQ(c[8].collation, "RTRIM");
    EXPECT_EQ(c[9].default_value, "TRUE");
}

TEST(ParseCreateTable, GeneratedColumns) {
    Table t = parse_create_table(
        "CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, "
        "c AS (a || 'x') VIRTUAL, d TEXT AS (upper(\"a\")) NOT NULL, "
        "e INT GENERATED ALWAYS AS ((a + 1) * (a - 1)))");
    const auto& c = t.columns;
    EXPECT_EQ(c[0].generated, Generated::none);
    EXPECT_EQ(c[1].generated, Generated::stored);
    EXPECT_EQ(c[1].generated_expression, "a * 2");
    EXPECT_EQ(c[1].type, "INT");
    EXPECT_EQ(c[2].generated, Generated::virtual_column);
    EXPECT_EQ(c[2].generated_expression, "a || 'x'");
    EXPECT_EQ(c[3].generated, Generated::virtual_column);
    EXPECT_EQ(c[3].generated_expression, "upper(\"a\")");
    EXPECT_TRUE(c[3].not_null);
    EXPECT_EQ(c[4].generated_expression, "(a + 1) * (a - 1)");
}

TEST(ParseCreateTable, ChecksAtColumnAndTableLevelWithNames) {
    Table t = parse_create_table(
        "CREATE TABLE t (age INT CHECK (age >= 0) CONSTRAINT age_small CHECK(age < (200)), "
        "name TEXT, CONSTRAINT name_set CHECK (name <> '' AND length(name) > 0), "
        "CHECK (age > 1 OR name IS NOT NULL) ON CONFLICT FAIL)");
    ASSERT_EQ(t.checks.size(), 4u);
    EXPECT_EQ(t.checks[0].name, "");
    EXPECT_EQ(t.checks[0].expression, "age >= 0");
    EXPECT_EQ(t.checks[0].column, "age");
    EXPECT_EQ(t.checks[1].name, "age_small");
    EXPECT_EQ(t.checks[1].expression, "age < (200)");
    EXPECT_EQ(t.checks[2].name, "name_set");
    EXPECT_EQ(t.checks[2].expression, "name <> '' AND length(name) > 0");
    EXPECT_EQ(t.checks[2].column, "");
    EXPECT_EQ(t.checks[3].expression, "age > 1 OR name IS NOT NULL");
}

TEST(ParseCreateTable, UniqueConstraints) {
    Table t = parse_create_table(
        "CREATE TABLE t (email TEXT UNIQUE ON CONFLICT ROLLBACK, a, b, "
        "CONSTRAINT uq_ab UNIQUE (a COLLATE NOCASE, b DESC), UNIQUE(b))");
    ASSERT_EQ(t.unique_constraints.size(), 3u);
    EXPECT_THAT(t.unique_constraints[0].columns, ElementsAre("email"));
    EXPECT_EQ(t.unique_constraints[0].on_conflict, ConflictAction::rollback);
    EXPECT_EQ(t.unique_constraints[1].name, "uq_ab");
    EXPECT_THAT(t.unique_constraints[1].columns, ElementsAre("a", "b"));
    EXPECT_THAT(t.unique_constraints[2].columns, ElementsAre("b"));
}

TEST(ParseCreateTable, ForeignKeysWithActionsMatchAndDeferrable) {
    Table t = parse_create_table(
        "CREATE TABLE c (p INT REFERENCES parent ON DELETE CASCADE NOT NULL, "
        "q INT CONSTRAINT fk_q REFERENCES \"other\"(id) ON UPDATE SET NULL ON DELETE SET DEFAULT "
        "MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED, r, s, "
        "CONSTRAINT fk_rs FOREIGN KEY (r, s) REFERENCES pair (x, y) ON DELETE RESTRICT "
        "ON UPDATE NO ACTION NOT DEFERRABLE, "
        "FOREIGN KEY (s) REFERENCES pair(y) DEFERRABLE)");
    ASSERT_EQ(t.foreign_keys.size(), 4u);
    const ForeignKey& p = t.foreign_keys[0];
    EXPECT_THAT(p.columns, ElementsAre("p"));
    EXPECT_EQ(p.referenced_table, "parent");
    EXPECT_THAT(p.referenced_columns, IsEmpty());
    EXPECT_EQ(p.on_delete, ForeignKeyAction::cascade);
    EXPECT_EQ(p.on_update, ForeignKeyAction::no_action);
    EXPECT_EQ(p.deferrable, Deferrable::not_written);
    EXPECT_TRUE(t.columns[0].not_null);

    const ForeignKey& q = t.foreign_keys[1];
    EXPECT_EQ(q.name, "fk_q");
    EXPECT_EQ(q.referenced_table, "other");
    EXPECT_THAT(q.referenced_columns, ElementsAre("id"));
    EXPECT_EQ(q.on_update, ForeignKeyAction::set_null);
    EXPECT_EQ(q.on_delete, ForeignKeyAction::set_default);
    EXPECT_EQ(q.match, "SIMPLE");
    EXPECT_EQ(q.deferrable, Deferrable::initially_deferred);
    EXPECT_TRUE(q.is_deferred());

    const ForeignKey& rs = t.foreign_keys[2];
    EXPECT_EQ(rs.name, "fk_rs");
    EXPECT_THAT(rs.columns, ElementsAre("r", "s"));
    EXPECT_THAT(rs.referenced_columns, ElementsAre("x", "y"));
    EXPECT_EQ(rs.on_delete, ForeignKeyAction::restrict);
    EXPECT_EQ(rs.deferrable, Deferrable::not_deferrable);

    EXPECT_EQ(t.foreign_keys[3].deferrable, Deferrable::initially_immediate);
    EXPECT_FALSE(t.foreign_keys[3].is_deferred());
}

TEST(ParseCreateTable, StrictAndWithoutRowidInEitherOrder) {
    Table a = parse_create_table("CREATE TABLE t (id INT PRIMARY KEY) STRICT, WITHOUT ROWID");
    EXPECT_TRUE(a.strict);
    EXPECT_TRUE(a.without_rowid);
    Table b = parse_create_table("create table t (id int primary key) without rowid ,strict;");
    EXPECT_TRUE(b.strict);
    EXPECT_TRUE(b.without_rowid);
}

TEST(ParseCreateTable, NastyQuotedNames) {
    Table t = parse_create_table(
        "CREATE TABLE \"order\" (\"user\" INTEGER, [group by] TEXT, `sel``ect` INT, "
        "\"say \"\"hi\"\"\" TEXT, 'quoted string' INT, \"primary\" INT, \"CHECK\" INT, "
        "\"a,b)\" INT DEFAULT ')', key TEXT, [x] TEXT REFERENCES \"my table\"(\"my col\"))");
    EXPECT_EQ(t.name, "order");
    EXPECT_THAT(column_names(t),
                ElementsAre("user", "group by", "sel`ect", "say \"hi\"", "quoted string", "primary",
                            "CHECK", "a,b)", "key", "x"));
    EXPECT_EQ(t.columns[7].default_value, "')'");
    EXPECT_EQ(t.columns[8].type, "TEXT");
    ASSERT_EQ(t.foreign_keys.size(), 1u);
    EXPECT_EQ(t.foreign_keys[0].referenced_table, "my table");
    EXPECT_THAT(t.foreign_keys[0].referenced_columns, ElementsAre("my col"));
}

TEST(ParseCreateTable, QuotedTableNamesAndPrefixes) {
    EXPECT_EQ(parse_create_table("CREATE TABLE [user] (a)").name, "user");
    EXPECT_EQ(parse_create_table("CREATE TABLE `a \"b` (a)").name, "a \"b");
    EXPECT_EQ(parse_create_table("CREATE TEMP TABLE IF NOT EXISTS main.\"t t\" (a)").name, "t t");
    EXPECT_EQ(parse_create_table("CREATE TABLE 'str name' (a)").name, "str name");
}

TEST(ParseCreateTable, CommentsAnywhere) {
    Table t = parse_create_table(
        "CREATE TABLE t ( -- the key\n id INTEGER /* rowid */ PRIMARY KEY,\n"
        " name TEXT -- , fake INT\n DEFAULT 'a' /* ) */\n)");
    EXPECT_THAT(column_names(t), ElementsAre("id", "name"));
    EXPECT_EQ(t.columns[1].default_value, "'a'");
    EXPECT_EQ(t.columns[0].type, "INTEGER");
}

TEST(ParseCreateTable, TableConstraintsWithoutCommas) {
    Table t = parse_create_table(
        "CREATE TABLE t (a, b, PRIMARY KEY (a) UNIQUE (b) CHECK (a > 0) "
        "FOREIGN KEY (b) REFERENCES p)");
    EXPECT_THAT(t.primary_key.columns, ElementsAre("a"));
    EXPECT_EQ(t.unique_constraints.size(), 1u);
    EXPECT_EQ(t.checks.size(), 1u);
    EXPECT_EQ(t.foreign_keys.size(), 1u);
}

TEST(ParseCreateTable, DeepNestingIsIterative) {
    std::string expression = std::string(5000, '(') + "a" + std::string(5000, ')');
    Table t = parse_create_table("CREATE TABLE t (a INT CHECK " + expression + ")");
    ASSERT_EQ(t.checks.size(), 1u);
    EXPECT_EQ(t.checks[0].expression.size(), expression.size() - 2);
}

TEST(ParseCreateTable, VirtualTableKeepsNameAndSql) {
    std::string sql = "CREATE VIRTUAL TABLE \"docs\" USING fts5(title, body)";
    Table t = parse_create_table(sql);
    EXPECT_EQ(t.kind, TableKind::virtual_table);
    EXPECT_EQ(t.name, "docs");
    EXPECT_EQ(t.sql, sql);
    EXPECT_THAT(t.columns, IsEmpty());
}

TEST(ParseCreateTable, KeepsTheStatement) {
    std::string sql = "CREATE TABLE t (a)";
    EXPECT_EQ(parse_create_table(sql).sql, sql);
}

TEST(ParseCreateTable, ErrorsNameTheProblemAndOffset) {
    const std::string sql = "CREATE TABLE t (a INT, b TEXT NOT 5)";
    try {
        parse_create_table(sql);
        FAIL() << "expected an error";
    } catch (const SqlSyntaxError& e) {
        EXPECT_THAT(e.what(), HasSubstr("CREATE TABLE: expected NULL at offset"));
        EXPECT_THAT(e.what(), HasSubstr("near \"5\""));
        EXPECT_EQ(e.offset(), sql.find('5'));
    }
    EXPECT_THROW(parse_create_table("CREATE TABLE t AS SELECT 1"), SqlSyntaxError);
    EXPECT_THROW(parse_create_table("CREATE TABLE t (a"), SqlSyntaxError);
    EXPECT_THROW(parse_create_table("CREATE TABLE t (a CHECK (a > 0)"), SqlSyntaxError);
    EXPECT_THROW(parse_create_table("CREATE TABLE t (a 'open)"), SqlSyntaxError);
    EXPECT_THROW(parse_create_table("CREATE INDEX i ON t(a)"), SqlSyntaxError);
    EXPECT_THROW(parse_create_table("CREATE TABLE t (a) extra"), SqlSyntaxError);
}

}  // namespace
}  // namespace mig::schema
