#include "schema/catalog.hpp"

#include "schema/create_index_parser.hpp"
#include "schema/create_table_parser.hpp"

#include <gtest/gtest.h>

namespace mig::schema {
namespace {

struct Case {
    const char* a;
    const char* b;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.a << "  |  " << c.b;
}

// Tables parsed from two statements: equal means "no migration needed".
class TablesEqual : public ::testing::TestWithParam<Case> {};
class TablesDiffer : public ::testing::TestWithParam<Case> {};

TEST_P(TablesEqual, NoChange) {
    EXPECT_EQ(parse_create_table(GetParam().a), parse_create_table(GetParam().b))
        << GetParam().a << "\n"
        << GetParam().b;
}

TEST_P(TablesDiffer, Change) {
    EXPECT_NE(parse_create_table(GetParam().a), parse_create_table(GetParam().b))
        << GetParam().a << "\n"
        << GetParam().b;
}

INSTANTIATE_TEST_SUITE_P(
    Spelling, TablesEqual,
    ::testing::Values(
        Case{"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
             "create table \"Users\" (\n  \"ID\" integer primary key,\n  [name] text not null\n)"},
        Case{"CREATE TABLE t (a VARCHAR(255))", "CREATE TABLE t (a varchar ( 255 ))"},
        Case{"CREATE TABLE t (a INT DEFAULT (1 + 2))", "CREATE TABLE t (a INT DEFAULT ((1+2)))"},
        Case{"CREATE TABLE t (a INT DEFAULT 1)", "CREATE TABLE t (a INT DEFAULT (1))"},
        Case{"CREATE TABLE t (a INT DEFAULT -1)", "CREATE TABLE t (a INT DEFAULT (-1))"},
        Case{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT DEFAULT NULL)"},
        Case{"CREATE TABLE t (d TIMESTAMP DEFAULT CURRENT_TIMESTAMP)",
             "CREATE TABLE t (d timestamp default current_timestamp)"},
        Case{"CREATE TABLE t (a TEXT)", "CREATE TABLE t (a TEXT COLLATE BINARY)"},
        Case{"CREATE TABLE t (a TEXT COLLATE nocase)", "CREATE TABLE t (a TEXT COLLATE NOCASE)"},
        Case{"CREATE TABLE t (a INT NOT NULL)",
             "CREATE TABLE t (a INT NOT NULL ON CONFLICT ABORT)"},
        Case{"CREATE TABLE t (a INT CHECK (a > 0))", "CREATE TABLE t (a INT, CHECK ((a>0)))"},
        Case{"CREATE TABLE t (a, b, UNIQUE (a), UNIQUE (b))",
             "CREATE TABLE t (a, b, UNIQUE (b), UNIQUE (a))"},
        Case{"CREATE TABLE t (a, b, CHECK (a > 0), CHECK (b > 0))",
             "CREATE TABLE t (a, b, CHECK (b > 0), CHECK (a > 0))"},
        Case{"CREATE TABLE t (a REFERENCES p, b REFERENCES q)",
             "CREATE TABLE t (a, b, FOREIGN KEY (b) REFERENCES Q, FOREIGN KEY (a) REFERENCES P)"},
        Case{"CREATE TABLE t (a REFERENCES p DEFERRABLE)", "CREATE TABLE t (a REFERENCES p)"},
        Case{"CREATE TABLE t (a REFERENCES p NOT DEFERRABLE INITIALLY DEFERRED)",
             "CREATE TABLE t (a REFERENCES p DEFERRABLE INITIALLY IMMEDIATE)"},
        Case{"CREATE TABLE t (a REFERENCES p ON DELETE NO ACTION)",
             "CREATE TABLE t (a REFERENCES p)"},
        Case{"CREATE TABLE t (a REFERENCES p MATCH FULL)", "CREATE TABLE t (a REFERENCES p)"},
        Case{"CREATE TABLE t (a, b AS (a*2) STORED)",
             "CREATE TABLE t (a, b GENERATED ALWAYS AS ( a * 2 ) STORED)"},
        Case{"CREATE TABLE t (a, b AS (a))", "CREATE TABLE t (a, b AS (a) VIRTUAL)"},
        Case{"CREATE TABLE \"order\" (\"user\" INT -- who\n)", "CREATE TABLE [ORDER] ([User] INT)"},
        Case{"CREATE TABLE t (a INT CONSTRAINT pos CHECK (a > 0))",
             "CREATE TABLE t (a INT, CONSTRAINT POS CHECK (a > 0))"}));

INSTANTIATE_TEST_SUITE_P(
    RealChanges, TablesDiffer,
    ::testing::Values(
        Case{"CREATE TABLE t (a INT)", "CREATE TABLE u (a INT)"},
        Case{"CREATE TABLE t (a INT)", "CREATE TABLE t (b INT)"},
        Case{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INTEGER)"},
        Case{"CREATE TABLE t (a BOOLEAN)", "CREATE TABLE t (a INTEGER)"},
        Case{"CREATE TABLE t (a CHAR(36))", "CREATE TABLE t (a CHAR(32))"},
        Case{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT NOT NULL)"},
        Case{"CREATE TABLE t (a INT NOT NULL)",
             "CREATE TABLE t (a INT NOT NULL ON CONFLICT REPLACE)"},
        Case{"CREATE TABLE t (a INT DEFAULT 1)", "CREATE TABLE t (a INT DEFAULT 2)"},
        Case{"CREATE TABLE t (a INT DEFAULT 1)", "CREATE TABLE t (a INT DEFAULT 1.0)"},
        Case{"CREATE TABLE t (a TEXT DEFAULT 'x')", "CREATE TABLE t (a TEXT DEFAULT 'X')"},
        Case{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT DEFAULT 0)"},
        Case{"CREATE TABLE t (a TEXT)", "CREATE TABLE t (a TEXT COLLATE NOCASE)"},
        Case{"CREATE TABLE t (a, b)", "CREATE TABLE t (b, a)"},
        Case{"CREATE TABLE t (a, b)", "CREATE TABLE t (a)"},
        Case{"CREATE TABLE t (a, b AS (a) STORED)", "CREATE TABLE t (a, b AS (a) VIRTUAL)"},
        Case{"CREATE TABLE t (a, b AS (a + 1))", "CREATE TABLE t (a, b AS (a + 2))"},
        Case{"CREATE TABLE t (a INTEGER PRIMARY KEY)",
             "CREATE TABLE t (a INTEGER PRIMARY KEY AUTOINCREMENT)"},
        Case{"CREATE TABLE t (a, b, PRIMARY KEY (a, b))",
             "CREATE TABLE t (a, b, PRIMARY KEY (b, a))"},
        Case{"CREATE TABLE t (a PRIMARY KEY)", "CREATE TABLE t (a CONSTRAINT pk PRIMARY KEY)"},
        Case{"CREATE TABLE t (a UNIQUE)", "CREATE TABLE t (a)"},
        Case{"CREATE TABLE t (a, CONSTRAINT u1 UNIQUE (a))",
             "CREATE TABLE t (a, CONSTRAINT u2 UNIQUE (a))"},
        Case{"CREATE TABLE t (a CHECK (a > 0))", "CREATE TABLE t (a CHECK (a >= 0))"},
        Case{"CREATE TABLE t (a CHECK (a > 0))", "CREATE TABLE t (a CONSTRAINT c CHECK (a > 0))"},
        Case{"CREATE TABLE t (a REFERENCES p)", "CREATE TABLE t (a REFERENCES p(id))"},
        Case{"CREATE TABLE t (a REFERENCES p)", "CREATE TABLE t (a REFERENCES q)"},
        Case{"CREATE TABLE t (a REFERENCES p)",
             "CREATE TABLE t (a REFERENCES p ON DELETE CASCADE)"},
        Case{"CREATE TABLE t (a REFERENCES p ON UPDATE SET NULL)",
             "CREATE TABLE t (a REFERENCES p ON UPDATE SET DEFAULT)"},
        Case{"CREATE TABLE t (a REFERENCES p)",
             "CREATE TABLE t (a REFERENCES p DEFERRABLE INITIALLY DEFERRED)"},
        Case{"CREATE TABLE t (a PRIMARY KEY)", "CREATE TABLE t (a PRIMARY KEY) WITHOUT ROWID"},
        Case{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT) STRICT"},
        Case{"CREATE VIRTUAL TABLE t USING fts5(a)", "CREATE VIRTUAL TABLE t USING fts5(a, b)"},
        Case{"CREATE VIRTUAL TABLE t USING fts5(a)", "CREATE TABLE t (a)"}));

TEST(CatalogEquality, IndexesByContentAndName) {
    Index a = parse_create_index("CREATE INDEX ix ON t (lower(name), b DESC) WHERE b > 0");
    Index b = parse_create_index("create index IX on T ( LOWER(\"name\") , [b] desc ) where (b>0)");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, parse_create_index("CREATE INDEX ix2 ON t (lower(name), b DESC) WHERE b > 0"));
    EXPECT_NE(a, parse_create_index("CREATE INDEX ix ON t (lower(name), b) WHERE b > 0"));
    EXPECT_NE(a, parse_create_index("CREATE INDEX ix ON t (lower(name), b DESC)"));
    EXPECT_NE(a,
              parse_create_index("CREATE UNIQUE INDEX ix ON t (lower(name), b DESC) WHERE b > 0"));
    EXPECT_NE(a, parse_create_index("CREATE INDEX ix ON t (upper(name), b DESC) WHERE b > 0"));
    EXPECT_NE(a, parse_create_index("CREATE INDEX ix ON u (lower(name), b DESC) WHERE b > 0"));
    EXPECT_NE(parse_create_index("CREATE INDEX ix ON t (a COLLATE NOCASE)"),
              parse_create_index("CREATE INDEX ix ON t (a)"));
}

TEST(CatalogEquality, AutomaticIndexesIgnoreTheirGeneratedNames) {
    auto automatic = [](std::string name, std::string column) {
        Index index;
        index.name = std::move(name);
        index.table = "t";
        index.unique = true;
        index.origin = IndexOrigin::unique_constraint;
        index.parts = {IndexPart{std::move(column), "", "BINARY", SortOrder::asc}};
        return index;
    };
    Catalog a;
    a.add(automatic("sqlite_autoindex_t_1", "x"));
    a.add(automatic("sqlite_autoindex_t_2", "y"));
    Catalog b;
    b.add(automatic("sqlite_autoindex_t_1", "y"));
    b.add(automatic("sqlite_autoindex_t_2", "x"));
    EXPECT_EQ(a, b);
    Catalog c;
    c.add(automatic("sqlite_autoindex_t_1", "y"));
    c.add(automatic("sqlite_autoindex_t_2", "z"));
    EXPECT_NE(a, c);
}

TEST(CatalogEquality, ViewsAndTriggersByNormalizedSql) {
    Catalog a;
    a.add(View{"v", "CREATE VIEW v AS SELECT \"id\" FROM \"user\" -- all"});
    a.add(Trigger{"tr", "user", "CREATE TRIGGER tr AFTER INSERT ON user BEGIN SELECT 1; END"});
    Catalog b;
    b.add(View{"V", "create view v as select id from user"});
    b.add(Trigger{"TR", "User", "create trigger tr after insert on \"user\" begin select 1; end"});
    EXPECT_EQ(a, b);
    b.add(View{"v", "CREATE VIEW v AS SELECT id, name FROM user"});
    EXPECT_NE(a, b);
}

TEST(Catalog, KeyedByFoldedNameInDeterministicOrder) {
    Catalog catalog;
    catalog.add(parse_create_table("CREATE TABLE \"Zebra\" (a)"));
    catalog.add(parse_create_table("CREATE TABLE apple (a)"));
    catalog.add(parse_create_table("CREATE TABLE Mango (a)"));
    std::vector<std::string> names;
    for (const auto& [key, table] : catalog.tables) {
        names.push_back(table.name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"apple", "Mango", "Zebra"}));
    ASSERT_NE(catalog.find_table("ZEBRA"), nullptr);
    EXPECT_EQ(catalog.find_table("ZEBRA")->name, "Zebra");
    EXPECT_EQ(catalog.find_table("pear"), nullptr);
    ASSERT_NE(catalog.find_table("mango")->find_column("A"), nullptr);
}

TEST(Catalog, IndexesOfATable) {
    Catalog catalog;
    catalog.add(parse_create_index("CREATE INDEX b_ix ON t (a)"));
    catalog.add(parse_create_index("CREATE INDEX a_ix ON T (b)"));
    catalog.add(parse_create_index("CREATE INDEX other ON u (a)"));
    auto found = catalog.indexes_of("t");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0]->name, "a_ix");
    EXPECT_EQ(found[1]->name, "b_ix");
    EXPECT_NE(catalog.find_index("OTHER"), nullptr);
}

}  // namespace
}  // namespace mig::schema
