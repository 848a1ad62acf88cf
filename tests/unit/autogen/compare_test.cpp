#include "autogen/compare.hpp"

#include "schema/create_index_parser.hpp"
#include "schema/create_table_parser.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::autogen {
namespace {

using ops::Operation;

// A catalog from CREATE TABLE / CREATE [UNIQUE] INDEX statements.
schema::Catalog catalog(const std::vector<std::string>& statements) {
    schema::Catalog result;
    for (const std::string& sql : statements) {
        if (sql.find("INDEX") != std::string::npos) {
            result.add(schema::parse_create_index(sql));
        } else {
            result.add(schema::parse_create_table(sql));
        }
    }
    return result;
}

std::vector<std::string> described(const std::vector<Operation>& upgrade) {
    std::vector<std::string> lines;
    for (const Operation& op : upgrade) {
        lines.push_back(ops::describe(op));
    }
    return lines;
}

std::vector<std::string> diff(const std::vector<std::string>& current,
                              const std::vector<std::string>& desired,
                              const std::vector<RenameHint>& renames = {}) {
    return described(compare(catalog(current), catalog(desired), renames).upgrade);
}

using Lines = std::vector<std::string>;

TEST(Compare, NoChangeIsEmpty) {
    EXPECT_TRUE(diff({"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
                      "CREATE INDEX ix ON users (name)"},
                     {"create table \"USERS\" ( id integer primary key , [name] text ) ",
                      "CREATE INDEX ix ON users(\"name\")"})
                    .empty());
}

TEST(Compare, CreateAndDropTablesWithTheirIndexes) {
    auto upgrade = diff({"CREATE TABLE old (a INT)", "CREATE INDEX ix_old ON old (a)"},
                        {"CREATE TABLE fresh (b TEXT)", "CREATE INDEX ix_fresh ON fresh (b)"});
    EXPECT_EQ(upgrade, (Lines{"drop index ix_old on old", "drop table old", "create table fresh",
                              "create index ix_fresh on fresh"}));
}

TEST(Compare, AddColumnAtTheEnd) {
    EXPECT_EQ(diff({"CREATE TABLE user (id INTEGER PRIMARY KEY)"},
                   {"CREATE TABLE user (id INTEGER PRIMARY KEY, age INTEGER)"}),
              (Lines{"add column age INTEGER to table user"}));
}

struct RebuildCase {
    const char* current;
    const char* desired;
};

void PrintTo(const RebuildCase& c, std::ostream* os) {
    *os << c.current << " -> " << c.desired;
}

class NeedsRebuild : public ::testing::TestWithParam<RebuildCase> {};

TEST_P(NeedsRebuild, OneRebuildTable) {
    auto result = compare(catalog({GetParam().current}), catalog({GetParam().desired}));
    ASSERT_EQ(result.upgrade.size(), 1u) << testing::PrintToString(described(result.upgrade));
    const auto* op = std::get_if<ops::RebuildTable>(&result.upgrade[0]);
    ASSERT_NE(op, nullptr) << ops::describe(result.upgrade[0]);
    EXPECT_EQ(op->to, schema::parse_create_table(GetParam().desired));
    EXPECT_EQ(op->from, schema::parse_create_table(GetParam().current));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NeedsRebuild,
    ::testing::Values(
        // Additions SQLite's ADD COLUMN refuses.
        RebuildCase{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT, b INT UNIQUE)"},
        RebuildCase{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT, b INT NOT NULL)"},
        RebuildCase{"CREATE TABLE t (a INT)",
                    "CREATE TABLE t (a INT, b TEXT DEFAULT CURRENT_TIMESTAMP)"},
        RebuildCase{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT, b INT DEFAULT (1 + 2))"},
        RebuildCase{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT, b INT AS (a * 2) STORED)"},
        RebuildCase{"CREATE TABLE t (a INT)", "CREATE TABLE t (b INT, a INT)"},
        // Drops SQLite's DROP COLUMN refuses.
        RebuildCase{"CREATE TABLE t (a INT, b INT UNIQUE)", "CREATE TABLE t (a INT)"},
        RebuildCase{"CREATE TABLE t (a INT, b INT, CHECK (b > a))", "CREATE TABLE t (a INT)"},
        RebuildCase{"CREATE TABLE t (a INT, b INT REFERENCES p (id))", "CREATE TABLE t (a INT)"},
        RebuildCase{"CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b))",
                    "CREATE TABLE t (a INT PRIMARY KEY)"},
        // Changes in place.
        RebuildCase{"CREATE TABLE t (a INT, b TEXT)", "CREATE TABLE t (a INT, b INTEGER)"},
        RebuildCase{"CREATE TABLE t (a INT, b TEXT)", "CREATE TABLE t (a INT, b TEXT NOT NULL)"},
        RebuildCase{"CREATE TABLE t (a INT, b TEXT)", "CREATE TABLE t (a INT, b TEXT DEFAULT 'x')"},
        RebuildCase{"CREATE TABLE t (a INT, b TEXT)",
                    "CREATE TABLE t (a INT, b TEXT COLLATE NOCASE)"},
        RebuildCase{"CREATE TABLE t (a INT, b TEXT)", "CREATE TABLE t (a INT PRIMARY KEY, b TEXT)"},
        RebuildCase{"CREATE TABLE t (a INT PRIMARY KEY, b TEXT)",
                    "CREATE TABLE t (a INT PRIMARY KEY, b TEXT) WITHOUT ROWID"},
        RebuildCase{"CREATE TABLE t (a INT, b TEXT)", "CREATE TABLE t (a INT, b TEXT) STRICT"},
        RebuildCase{"CREATE TABLE t (a INT, b TEXT)",
                    "CREATE TABLE t (a INT, b TEXT, CHECK (length(b) > 0))"},
        // Several changes in one table: still one rebuild.
        RebuildCase{"CREATE TABLE t (a INT, b TEXT, c REAL)",
                    "CREATE TABLE t (a INTEGER NOT NULL, c REAL DEFAULT 0, d TEXT UNIQUE)"}));

TEST(Compare, RebuildSourcesFollowTheDesiredColumns) {
    auto result = compare(catalog({"CREATE TABLE t (a INT, b TEXT, gone INT UNIQUE)"}),
                          catalog({"CREATE TABLE t (b TEXT NOT NULL, a INT, g INT AS (a + 1), "
                                   "fresh INT UNIQUE)"}));
    ASSERT_EQ(result.upgrade.size(), 1u);
    const auto& op = std::get<ops::RebuildTable>(result.upgrade[0]);
    std::vector<std::pair<std::string, std::string>> expected{{"b", "b"}, {"a", "a"}};
    EXPECT_EQ(op.column_sources, expected);
}

TEST(Compare, DropColumnWhenSqliteCan) {
    EXPECT_EQ(diff({"CREATE TABLE t (a INT, b TEXT)"}, {"CREATE TABLE t (a INT)"}),
              (Lines{"drop column b from table t"}));
    // An index on the column: rebuild, unless the index goes too (it is dropped first).
    EXPECT_EQ(diff({"CREATE TABLE t (a INT, b TEXT)", "CREATE INDEX ix ON t (b)"},
                   {"CREATE TABLE t (a INT)", "CREATE INDEX ix2 ON t (a)"}),
              (Lines{"drop index ix on t", "drop column b from table t", "create index ix2 on t"}));
    EXPECT_EQ(diff({"CREATE TABLE t (a INT, b TEXT)", "CREATE INDEX ix ON t (a, lower(b))"},
                   {"CREATE TABLE t (a INT)", "CREATE INDEX ix ON t (a, lower(b))"}),
              (Lines{"rebuild table t: drop column b"}));
}

TEST(Compare, AddAndDropInOneTable) {
    EXPECT_EQ(diff({"CREATE TABLE t (a INT, b TEXT)"},
                   {"CREATE TABLE t (a INT, c INT DEFAULT -1 CHECK (c < 0), d INT REFERENCES p)"}),
              (Lines{"drop column b from table t", "add column c INT to table t",
                     "add column d INT to table t"}));
    // REFERENCES with a non-NULL default is beyond ADD COLUMN.
    EXPECT_EQ(
        diff({"CREATE TABLE t (a INT)"}, {"CREATE TABLE t (a INT, d INT DEFAULT 1 REFERENCES p)"}),
        (Lines{"rebuild table t: add column d INT; foreign keys"}));
}

TEST(Compare, ChangedIndexViewTriggerAreDroppedThenCreated) {
    schema::Catalog current =
        catalog({"CREATE TABLE t (a INT, b INT)", "CREATE INDEX ix ON t (a)"});
    schema::Catalog desired =
        catalog({"CREATE TABLE t (a INT, b INT)", "CREATE INDEX ix ON t (a, b)"});
    current.add(schema::View{"v", "CREATE VIEW v AS SELECT a FROM t"});
    desired.add(schema::View{"v", "create view v as select a, b from t"});
    current.add(
        schema::Trigger{"tr", "t", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END"});
    desired.add(
        schema::Trigger{"tr", "t", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; END"});
    EXPECT_EQ(described(compare(current, desired).upgrade),
              (Lines{"drop trigger tr on t", "drop view v", "drop index ix on t",
                     "create index ix on t", "create view v", "create trigger tr on t"}));
    // Only spelling differs: nothing.
    desired.views["v"].sql = "CREATE VIEW \"V\" AS SELECT   A FROM T";
    desired.triggers["tr"].sql = current.triggers["tr"].sql;
    desired.indexes = current.indexes;
    EXPECT_TRUE(compare(current, desired).upgrade.empty());
}

TEST(Compare, RebuiltTableKeepsItsUnchangedIndexesImplicit) {
    EXPECT_EQ(diff({"CREATE TABLE t (a INT, b TEXT)", "CREATE INDEX ix ON t (a)"},
                   {"CREATE TABLE t (a INT, b INTEGER)", "CREATE INDEX ix ON t (a)"}),
              (Lines{"rebuild table t: column b type TEXT -> INTEGER"}));
}

TEST(Compare, LikelyRenamesAreReportedNotApplied) {
    auto result =
        compare(catalog({"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                         "CREATE TABLE old_things (x INT, y TEXT)"}),
                catalog({"CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL)",
                         "CREATE TABLE new_things (x INT, y TEXT)"}));
    ASSERT_EQ(result.likely_renames.size(), 2u);
    EXPECT_EQ(result.likely_renames[0].flag, "old_things=new_things");
    EXPECT_EQ(result.likely_renames[0].table, "");
    EXPECT_EQ(result.likely_renames[1].flag, "users.name=full_name");
    EXPECT_EQ(result.likely_renames[1].table, "users");
    EXPECT_EQ(described(result.upgrade),
              (Lines{"drop table old_things", "create table new_things",
                     "rebuild table users: drop column name; add column full_name TEXT"}));
}

TEST(Compare, RenameHintsBecomeRenames) {
    auto upgrade = diff(
        {"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
         "CREATE INDEX ix_name ON users (name)", "CREATE TABLE old_things (x INT, y TEXT)",
         "CREATE TABLE refs (t INT REFERENCES old_things (x))"},
        {"CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL)",
         "CREATE INDEX ix_name ON users (full_name)", "CREATE TABLE new_things (x INT, y TEXT)",
         "CREATE TABLE refs (t INT REFERENCES new_things (x))"},
        {parse_rename("users.name=full_name"), parse_rename("old_things=new_things")});
    EXPECT_EQ(upgrade, (Lines{"rename table old_things to new_things",
                              "rename column name to full_name in table users"}));
}

TEST(Compare, RenameColumnPlusOtherChangesInTheTable) {
    auto result = compare(catalog({"CREATE TABLE t (a INT, b TEXT)"}),
                          catalog({"CREATE TABLE t (a INTEGER, c TEXT)"}), {parse_rename("t.b=c")});
    // The rename goes into the rebuild (copied from b into c): a separate RENAME COLUMN would
    // put the downgrade's rebuild before the rename back, on the wrong column names.
    EXPECT_EQ(described(result.upgrade),
              (Lines{"rebuild table t: column a type INT -> INTEGER; column b becomes c"}));
    EXPECT_TRUE(result.likely_renames.empty());
}

TEST(Compare, RenameHintErrors) {
    auto current = catalog({"CREATE TABLE users (id INT, name TEXT)"});
    auto desired = catalog({"CREATE TABLE users (id INT, full_name TEXT)"});
    EXPECT_THROW(compare(current, desired, {parse_rename("users.nme=full_name")}), InputError);
    EXPECT_THROW(compare(current, desired, {parse_rename("users.name=fullname")}), InputError);
    EXPECT_THROW(compare(current, desired, {parse_rename("usrs.name=full_name")}), InputError);
    EXPECT_THROW(compare(current, desired, {parse_rename("users=people")}), InputError);
    EXPECT_THROW(compare(current, desired, {parse_rename("users.id=id")}), InputError);
    try {
        compare(current, desired, {parse_rename("users.nme=full_name")});
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("has no column nme"), std::string::npos);
        EXPECT_EQ(e.hint(), "did you mean name?");
    }
}

TEST(ParseRename, Forms) {
    RenameHint column = parse_rename("users.name=full_name");
    EXPECT_EQ(column.table, "users");
    EXPECT_EQ(column.from, "name");
    EXPECT_EQ(column.to, "full_name");
    RenameHint table = parse_rename("old=new");
    EXPECT_EQ(table.table, "");
    EXPECT_EQ(table.from, "old");
    EXPECT_EQ(table.to, "new");
    RenameHint quoted = parse_rename("\"my.table\".\"a\"\"b\"=\"x=y\"");
    EXPECT_EQ(quoted.table, "my.table");
    EXPECT_EQ(quoted.from, "a\"b");
    EXPECT_EQ(quoted.to, "x=y");
    RenameHint spaces = parse_rename("order items.first name=given name");
    EXPECT_EQ(spaces.table, "order items");
    EXPECT_EQ(spaces.to, "given name");
}

TEST(ParseRename, Errors) {
    for (const char* bad :
         {"", "users", "=new", "old=", "a.b.c=d", "a=b.c", "\"a=b", "a.=b", "a==b"}) {
        EXPECT_THROW(parse_rename(bad), InputError) << bad;
    }
}

TEST(Compare, QuotedIdentifiers) {
    auto result = compare(
        catalog({"CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, \"first name\" TEXT)",
                 "CREATE TABLE [order] (id INT, \"say \"\"hi\"\"\" TEXT)"}),
        catalog({"CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, \"given name\" TEXT)",
                 "CREATE TABLE \"ORDER\" (id INT, \"say \"\"hi\"\"\" TEXT, \"the total\" REAL)"}));
    EXPECT_EQ(described(result.upgrade), (Lines{"add column \"the total\" REAL to table \"ORDER\"",
                                                "drop column \"first name\" from table user",
                                                "add column \"given name\" TEXT to table user"}));
    ASSERT_EQ(result.likely_renames.size(), 1u);
    EXPECT_EQ(result.likely_renames[0].flag, "user.first name=given name");
    auto renamed =
        compare(catalog({"CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, \"first name\" TEXT)"}),
                catalog({"CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, \"given name\" TEXT)"}),
                {parse_rename(result.likely_renames[0].flag)});
    EXPECT_EQ(described(renamed.upgrade),
              (Lines{"rename column \"first name\" to \"given name\" in table user"}));
}

TEST(Compare, CreatesReferencedFirstAndDropsReferencingFirst) {
    std::vector<std::string> tables{
        "CREATE TABLE c (id INT, b_id INT REFERENCES b)", "CREATE TABLE a (id INT PRIMARY KEY)",
        "CREATE TABLE b (id INT, a_id INT REFERENCES a (id))", "CREATE TABLE z (id INT)"};
    EXPECT_EQ(diff({}, tables),
              (Lines{"create table a", "create table b", "create table c", "create table z"}));
    EXPECT_EQ(diff(tables, {}),
              (Lines{"drop table z", "drop table c", "drop table b", "drop table a"}));
}

// When only cycles remain, the first remaining table by name goes next (w before x, which it
// references): harmless, SQLite does not check foreign keys during a migration.
TEST(Compare, ForeignKeyCyclesFallBackToNameOrder) {
    EXPECT_EQ(diff({}, {"CREATE TABLE y (id INT, x_id INT REFERENCES x)",
                        "CREATE TABLE x (id INT, y_id INT REFERENCES y)",
                        "CREATE TABLE w (id INT, x_id INT REFERENCES x)",
                        "CREATE TABLE self (id INT, parent INT REFERENCES self)"}),
              (Lines{"create table self", "create table w", "create table x", "create table y"}));
}

TEST(Compare, TwoThousandTableForeignKeyChain) {
    // t0000 <- t0001 <- ... <- t1999, named so that name order is the reverse of FK order.
    std::vector<std::string> statements;
    auto name = [](int i) {
        std::string digits = std::to_string(9999 - i);
        return "t" + digits;
    };
    for (int i = 0; i < 2000; ++i) {
        std::string sql = "CREATE TABLE " + name(i) + " (id INTEGER PRIMARY KEY";
        if (i > 0) {
            sql += ", parent INT REFERENCES " + name(i - 1) + " (id)";
        }
        statements.push_back(sql + ")");
    }
    auto upgrade = compare({}, catalog(statements)).upgrade;
    ASSERT_EQ(upgrade.size(), 2000u);
    for (int i = 0; i < 2000; ++i) {
        ASSERT_EQ(std::get<ops::CreateTable>(upgrade[static_cast<std::size_t>(i)]).table.name,
                  name(i));
    }
    auto downgrade = compare(catalog(statements), {}).upgrade;
    ASSERT_EQ(downgrade.size(), 2000u);
    EXPECT_EQ(std::get<ops::DropTable>(downgrade.front()).table.name, name(1999));
    EXPECT_EQ(std::get<ops::DropTable>(downgrade.back()).table.name, name(0));
}

TEST(Compare, DowngradeIsTheReverse) {
    auto current = catalog({"CREATE TABLE t (a INT, b TEXT)", "CREATE INDEX ix ON t (a)"});
    auto desired = catalog({"CREATE TABLE t (a INT NOT NULL, b TEXT)", "CREATE TABLE u (x INT)"});
    auto upgrade = compare(current, desired).upgrade;
    auto downgrade = ops::reverse_all(upgrade);
    EXPECT_EQ(described(downgrade),
              (Lines{"drop table u", "rebuild table t: column a NOT NULL -> nullable",
                     "create index ix on t"}));
    EXPECT_EQ(ops::reverse_all(downgrade), upgrade);
}

TEST(Compare, Deterministic) {
    auto current = catalog({"CREATE TABLE b (x INT)", "CREATE TABLE a (y INT)"});
    auto desired = catalog({"CREATE TABLE c (x INT)", "CREATE TABLE d (y INT)",
                            "CREATE INDEX i2 ON c (x)", "CREATE INDEX i1 ON d (y)"});
    auto first = compare(current, desired);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(compare(current, desired).upgrade, first.upgrade);
    }
    EXPECT_EQ(described(first.upgrade),
              (Lines{"drop table b", "drop table a", "create table c", "create table d",
                     "create index i1 on d", "create index i2 on c"}));
}

}  // namespace
}  // namespace mig::autogen
