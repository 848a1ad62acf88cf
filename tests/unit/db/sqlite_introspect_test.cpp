#include "db/sqlite_introspect.hpp"

#include "db/sqlite_introspect_merge.hpp"
#include "support/temp_dir.hpp"
#include "unit/db/introspect_fixture.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::db {
namespace {

using schema::Catalog;
using schema::Column;
using schema::ForeignKey;
using schema::Index;
using schema::Table;
using test::catalog_of;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Every element the catalog knows, in one schema, with a table and a column whose names are
// keywords or need quotes.
const std::string k_shop = R"sql(
CREATE TABLE "user" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid CHAR(36) NOT NULL UNIQUE,
    email TEXT NOT NULL COLLATE NOCASE,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    score REAL DEFAULT (0.5 * 2),
    age INT CONSTRAINT age_positive CHECK (age >= 0),
    display TEXT GENERATED ALWAYS AS (email || '!') VIRTUAL,
    email_lower TEXT AS (lower(email)) STORED,
    CONSTRAINT user_email_uq UNIQUE (email),
    CHECK (length(uuid) = 36)
);
CREATE TABLE "order" (
    user_id INTEGER NOT NULL,
    "line no" INT NOT NULL,
    note TEXT,
    PRIMARY KEY (user_id, "line no"),
    CONSTRAINT fk_order_user FOREIGN KEY (user_id) REFERENCES "user"(id)
        ON DELETE CASCADE ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE TABLE tag (
    name TEXT PRIMARY KEY,
    owner INT REFERENCES "user" ON DELETE SET NULL,
    weight REAL NOT NULL DEFAULT 1.0
) STRICT;
CREATE INDEX ix_user_created ON "user" (created_at DESC) WHERE active = 1;
CREATE UNIQUE INDEX ix_user_lower ON "user" (lower(email), age COLLATE RTRIM);
CREATE VIEW active_users AS SELECT id, email FROM "user" WHERE active;
CREATE TRIGGER user_touch AFTER UPDATE OF email ON "user"
BEGIN
    UPDATE "user" SET age = age WHERE id = NEW.id;
END;
)sql";

class IntrospectShop : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_catalog = new Catalog(catalog_of(k_shop)); }
    static void TearDownTestSuite() {
        delete s_catalog;
        s_catalog = nullptr;
    }

    static const Table& table(const std::string& name) {
        const Table* found = s_catalog->find_table(name);
        if (found == nullptr) {
            throw std::runtime_error("no table " + name);
        }
        return *found;
    }
    static const Column& column(const std::string& table_name, const std::string& name) {
        const Column* found = table(table_name).find_column(name);
        if (found == nullptr) {
            throw std::runtime_error("no column " + name);
        }
        return *found;
    }
    static const Index& index(const std::string& name) {
        const Index* found = s_catalog->find_index(name);
        if (found == nullptr) {
            throw std::runtime_error("no index " + name);
        }
        return *found;
    }

    static Catalog* s_catalog;
};

Catalog* IntrospectShop::s_catalog = nullptr;

TEST_F(IntrospectShop, TablesInNameOrderWithoutInternalOnes) {
    std::vector<std::string> names;
    for (const auto& [key, t] : s_catalog->tables) {
        names.push_back(t.name);
    }
    EXPECT_THAT(names, ElementsAre("order", "tag", "user"));  // no sqlite_sequence
}

TEST_F(IntrospectShop, ColumnsInOrderWithDeclaredTypes) {
    std::vector<std::string> names;
    std::vector<std::string> types;
    for (const Column& c : table("user").columns) {
        names.push_back(c.name);
        types.push_back(c.type);
    }
    EXPECT_THAT(names, ElementsAre("id", "uuid", "email", "active", "created_at", "score", "age",
                                   "display", "email_lower"));
    EXPECT_THAT(types, ElementsAre("INTEGER", "CHAR(36)", "TEXT", "BOOLEAN", "TIMESTAMP", "REAL",
                                   "INT", "TEXT", "TEXT"));
}

TEST_F(IntrospectShop, NotNullDefaultsAndCollation) {
    EXPECT_TRUE(column("user", "uuid").not_null);
    EXPECT_FALSE(column("user", "created_at").not_null);
    EXPECT_EQ(column("user", "active").default_value, "1");
    EXPECT_EQ(column("user", "created_at").default_value, "CURRENT_TIMESTAMP");
    EXPECT_EQ(column("user", "score").default_value, "(0.5 * 2)");  // as written, renderable
    EXPECT_EQ(column("user", "age").default_value, std::nullopt);
    EXPECT_EQ(column("user", "email").collation, "NOCASE");
    EXPECT_EQ(column("user", "uuid").collation, "");
}

TEST_F(IntrospectShop, GeneratedColumns) {
    const Column& display = column("user", "display");
    EXPECT_EQ(display.generated, schema::Generated::virtual_column);
    EXPECT_EQ(display.generated_expression, "email || '!'");
    EXPECT_FALSE(display.hidden);
    const Column& lower = column("user", "email_lower");
    EXPECT_EQ(lower.generated, schema::Generated::stored);
    EXPECT_EQ(lower.generated_expression, "lower(email)");
    EXPECT_EQ(column("user", "email").generated, schema::Generated::none);
}

TEST_F(IntrospectShop, PrimaryKeys) {
    const Table& user = table("user");
    EXPECT_THAT(user.primary_key.columns, ElementsAre("id"));
    EXPECT_TRUE(user.primary_key.autoincrement);
    EXPECT_EQ(column("user", "id").pk_position, 1);

    const Table& order = table("order");
    EXPECT_THAT(order.primary_key.columns, ElementsAre("user_id", "line no"));
    EXPECT_FALSE(order.primary_key.autoincrement);
    EXPECT_EQ(column("order", "line no").pk_position, 2);
    EXPECT_TRUE(order.without_rowid);
    EXPECT_FALSE(order.strict);

    EXPECT_TRUE(table("tag").strict);
    EXPECT_FALSE(table("tag").without_rowid);
}

TEST_F(IntrospectShop, UniqueAndCheckConstraints) {
    const Table& user = table("user");
    ASSERT_EQ(user.unique_constraints.size(), 2u);
    EXPECT_THAT(user.unique_constraints[0].columns, ElementsAre("uuid"));
    EXPECT_EQ(user.unique_constraints[1].name, "user_email_uq");
    ASSERT_EQ(user.checks.size(), 2u);
    EXPECT_EQ(user.checks[0].name, "age_positive");
    EXPECT_EQ(user.checks[0].expression, "age >= 0");
    EXPECT_EQ(user.checks[0].column, "age");
    EXPECT_EQ(user.checks[1].expression, "length(uuid) = 36");
}

TEST_F(IntrospectShop, ForeignKeys) {
    ASSERT_EQ(table("order").foreign_keys.size(), 1u);
    const ForeignKey& fk = table("order").foreign_keys[0];
    EXPECT_EQ(fk.name, "fk_order_user");
    EXPECT_THAT(fk.columns, ElementsAre("user_id"));
    EXPECT_EQ(fk.referenced_table, "user");
    EXPECT_THAT(fk.referenced_columns, ElementsAre("id"));
    EXPECT_EQ(fk.on_delete, schema::ForeignKeyAction::cascade);
    EXPECT_EQ(fk.on_update, schema::ForeignKeyAction::restrict);
    EXPECT_EQ(fk.deferrable, schema::Deferrable::initially_deferred);
    EXPECT_EQ(fk.match, "");

    ASSERT_EQ(table("tag").foreign_keys.size(), 1u);
    const ForeignKey& owner = table("tag").foreign_keys[0];
    EXPECT_EQ(owner.name, "");
    EXPECT_THAT(owner.referenced_columns, IsEmpty());  // the parent's primary key, implied
    EXPECT_EQ(owner.on_delete, schema::ForeignKeyAction::set_null);
    EXPECT_EQ(owner.deferrable, schema::Deferrable::not_written);
}

TEST_F(IntrospectShop, PartialIndex) {
    const Index& ix = index("ix_user_created");
    EXPECT_EQ(ix.table, "user");
    EXPECT_FALSE(ix.unique);
    EXPECT_EQ(ix.origin, schema::IndexOrigin::create_index);
    ASSERT_EQ(ix.parts.size(), 1u);
    EXPECT_EQ(ix.parts[0].column, "created_at");
    EXPECT_EQ(ix.parts[0].order, schema::SortOrder::desc);
    EXPECT_EQ(ix.parts[0].collation, "BINARY");
    EXPECT_EQ(ix.where, "active = 1");
    EXPECT_THAT(ix.sql, ::testing::StartsWith("CREATE INDEX ix_user_created"));
}

TEST_F(IntrospectShop, ExpressionIndex) {
    const Index& ix = index("ix_user_lower");
    EXPECT_TRUE(ix.unique);
    ASSERT_EQ(ix.parts.size(), 2u);
    EXPECT_TRUE(ix.parts[0].is_expression());
    EXPECT_EQ(ix.parts[0].expression, "lower(email)");
    EXPECT_EQ(ix.parts[1].column, "age");
    EXPECT_EQ(ix.parts[1].collation, "RTRIM");
    EXPECT_FALSE(ix.where.has_value());
}

TEST_F(IntrospectShop, AutomaticIndexesForUniqueAndPrimaryKey) {
    std::vector<std::string> automatic;
    for (const Index* ix : s_catalog->indexes_of("user")) {
        if (ix->origin == schema::IndexOrigin::unique_constraint) {
            ASSERT_EQ(ix->parts.size(), 1u);
            automatic.push_back(ix->parts[0].column);
            EXPECT_TRUE(ix->unique);
            EXPECT_TRUE(ix->sql.empty());
        }
    }
    EXPECT_THAT(automatic, ElementsAre("uuid", "email"));
    // The email index takes the column's collation.
    std::vector<const Index*> order_indexes = s_catalog->indexes_of("order");
    ASSERT_EQ(order_indexes.size(), 1u);
    EXPECT_EQ(order_indexes[0]->origin, schema::IndexOrigin::primary_key);
    ASSERT_EQ(order_indexes[0]->parts.size(), 2u);
    EXPECT_EQ(order_indexes[0]->parts[1].column, "line no");
}

TEST_F(IntrospectShop, ViewsAndTriggers) {
    ASSERT_EQ(s_catalog->views.size(), 1u);
    const schema::View& view = s_catalog->views.begin()->second;
    EXPECT_EQ(view.name, "active_users");
    EXPECT_THAT(view.sql, ::testing::StartsWith("CREATE VIEW active_users AS SELECT"));
    ASSERT_EQ(s_catalog->triggers.size(), 1u);
    const schema::Trigger& trigger = s_catalog->triggers.begin()->second;
    EXPECT_EQ(trigger.name, "user_touch");
    EXPECT_EQ(trigger.table, "user");
    EXPECT_THAT(trigger.sql, ::testing::HasSubstr("UPDATE \"user\" SET age = age"));
}

TEST_F(IntrospectShop, KeepsTheStoredSql) {
    EXPECT_THAT(table("tag").sql, ::testing::StartsWith("CREATE TABLE tag ("));
    EXPECT_THAT(table("tag").sql, ::testing::EndsWith(") STRICT"));
}

TEST(Introspect, LeavesOutMigsOwnTablesAndSqliteInternals) {
    Catalog catalog = catalog_of(R"sql(
        CREATE TABLE mig_version (revision TEXT PRIMARY KEY);
        CREATE TABLE MIG_HISTORY (id INTEGER PRIMARY KEY AUTOINCREMENT, revision TEXT);
        CREATE INDEX ix_history ON mig_history (revision);
        CREATE TRIGGER history_guard BEFORE DELETE ON mig_history BEGIN SELECT 1; END;
        CREATE TABLE app (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
        CREATE INDEX ix_app ON app (v);
        INSERT INTO app (v) VALUES ('a'), ('b');
        ANALYZE;
    )sql");
    ASSERT_EQ(catalog.tables.size(), 1u);
    EXPECT_EQ(catalog.tables.begin()->second.name, "app");
    ASSERT_EQ(catalog.indexes.size(), 1u);
    EXPECT_EQ(catalog.indexes.begin()->second.name, "ix_app");
    EXPECT_TRUE(catalog.triggers.empty());
}

TEST(Introspect, VirtualTablesWithoutTheirShadowTables) {
    Catalog catalog = catalog_of(R"sql(
        CREATE VIRTUAL TABLE docs USING fts5(title, body);
        CREATE TABLE plain (a);
    )sql");
    std::vector<std::string> names;
    for (const auto& [key, t] : catalog.tables) {
        names.push_back(t.name);
    }
    EXPECT_THAT(names, ElementsAre("docs", "plain"));
    const Table& docs = *catalog.find_table("docs");
    EXPECT_EQ(docs.kind, schema::TableKind::virtual_table);
    EXPECT_EQ(docs.sql, "CREATE VIRTUAL TABLE docs USING fts5(title, body)");
    EXPECT_TRUE(catalog.indexes.empty());
}

TEST(Introspect, NastyNames) {
    Catalog catalog = catalog_of(R"sql(
        CREATE TABLE "say ""hi""" ("a b" INTEGER PRIMARY KEY, [select] TEXT UNIQUE, `x``y` INT
            REFERENCES "say ""hi"""("a b"), "key" TEXT DEFAULT 'it''s');
        CREATE INDEX "ix ""q""" ON "say ""hi""" ([select] COLLATE NOCASE, "x`y" + 1);
    )sql");
    const Table* table = catalog.find_table("say \"hi\"");
    ASSERT_NE(table, nullptr);
    std::vector<std::string> names;
    for (const Column& c : table->columns) {
        names.push_back(c.name);
    }
    EXPECT_THAT(names, ElementsAre("a b", "select", "x`y", "key"));
    EXPECT_EQ(table->find_column("key")->default_value, "'it''s'");
    ASSERT_EQ(table->foreign_keys.size(), 1u);
    EXPECT_EQ(table->foreign_keys[0].referenced_table, "say \"hi\"");
    EXPECT_THAT(table->foreign_keys[0].referenced_columns, ElementsAre("a b"));
    const Index* index = catalog.find_index("ix \"q\"");
    ASSERT_NE(index, nullptr);
    ASSERT_EQ(index->parts.size(), 2u);
    EXPECT_EQ(index->parts[0].column, "select");
    EXPECT_EQ(index->parts[0].collation, "NOCASE");
    EXPECT_EQ(index->parts[1].expression, "\"x`y\" + 1");
}

TEST(Introspect, ForeignKeysInDeclarationOrderWithNames) {
    Catalog catalog = catalog_of(R"sql(
        CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
        CREATE TABLE c (
            a INT CONSTRAINT first REFERENCES p,
            b TEXT,
            c INT,
            CONSTRAINT second FOREIGN KEY (b) REFERENCES p (code) ON UPDATE CASCADE,
            CONSTRAINT third FOREIGN KEY (c) REFERENCES p (id) MATCH FULL
        );
    )sql");
    const Table& c = *catalog.find_table("c");
    ASSERT_EQ(c.foreign_keys.size(), 3u);
    EXPECT_EQ(c.foreign_keys[0].name, "first");
    EXPECT_EQ(c.foreign_keys[1].name, "second");
    EXPECT_EQ(c.foreign_keys[1].on_update, schema::ForeignKeyAction::cascade);
    EXPECT_EQ(c.foreign_keys[2].name, "third");
    EXPECT_EQ(c.foreign_keys[2].match, "FULL");
}

TEST(Introspect, CompositeForeignKey) {
    Catalog catalog = catalog_of(R"sql(
        CREATE TABLE p (x INT, y INT, PRIMARY KEY (x, y));
        CREATE TABLE c (a INT, b INT, FOREIGN KEY (a, b) REFERENCES p (x, y) ON DELETE SET DEFAULT);
    )sql");
    const ForeignKey& fk = catalog.find_table("c")->foreign_keys.at(0);
    EXPECT_THAT(fk.columns, ElementsAre("a", "b"));
    EXPECT_THAT(fk.referenced_columns, ElementsAre("x", "y"));
    EXPECT_EQ(fk.on_delete, schema::ForeignKeyAction::set_default);
}

// SQLite stores CREATE TABLE ... AS SELECT with a column list of its own making.
TEST(Introspect, TableCreatedFromASelect) {
    Catalog catalog = catalog_of(R"sql(
        CREATE TABLE a (x INT, y TEXT);
        CREATE TABLE b AS SELECT x, y, x + 1 AS z FROM a;
    )sql");
    const Table& b = *catalog.find_table("b");
    ASSERT_EQ(b.columns.size(), 3u);
    EXPECT_EQ(b.columns[0].type, "INT");
    EXPECT_EQ(b.columns[2].name, "z");
    EXPECT_EQ(b.columns[2].type, "");
}

// Statements SQLite accepts, in its more unusual spellings: every one must be read.
TEST(Introspect, ReadsWhateverSqliteAccepts) {
    Catalog catalog = catalog_of(R"sql(
        CREATE TABLE a1 (key, action, temp, replace, generated INT, "rowid" TEXT);
        CREATE TABLE a2 (x INTEGER PRIMARY KEY ASC ON CONFLICT FAIL AUTOINCREMENT);
        CREATE TABLE a3 (a INT CONSTRAINT dangling, b INT CONSTRAINT n1 CONSTRAINT n2 NOT NULL);
        CREATE TABLE a4 (a TEXT COLLATE 'nocase', b "varchar"(10), c DECIMAL(-1, +2));
        CREATE TABLE a5 (a UNIQUE ON CONFLICT REPLACE NOT NULL, b AS (a || 'x'), c DEFAULT FALSE);
        CREATE TABLE a6 (a, b, PRIMARY KEY (a) UNIQUE (b) CONSTRAINT c CHECK (a <> b));
        CREATE TABLE a7 (a REFERENCES a6 ON DELETE CASCADE ON UPDATE CASCADE MATCH SIMPLE
                             NOT DEFERRABLE INITIALLY IMMEDIATE);
        CREATE TABLE a8 (a INT NOT NULL CONSTRAINT d DEFAULT 5 CHECK (a > 0) COLLATE BINARY);
        CREATE TABLE"a9"("a"INT,[b]TEXT,`c`BLOB);
        CREATE TABLE a10 (a INT DEFAULT -0x10, b REAL DEFAULT +1.5e3, c BLOB DEFAULT X'CAFE');
        CREATE UNIQUE INDEX IF NOT EXISTS main.i1 ON a1 (key COLLATE NOCASE DESC, "rowid");
        CREATE INDEX i2 ON a10 (a * 2 DESC, (b)) WHERE c IS NOT NULL AND a BETWEEN 1 AND 2;
    )sql");
    EXPECT_EQ(catalog.tables.size(), 10u);
    EXPECT_EQ(catalog.find_table("a3")->columns[1].not_null, true);
    EXPECT_EQ(catalog.find_table("a4")->columns[0].collation, "nocase");
    EXPECT_EQ(catalog.find_table("a7")->foreign_keys.at(0).deferrable,
              schema::Deferrable::not_deferrable);
    EXPECT_EQ(catalog.find_table("a8")->columns[0].default_value, "5");
    EXPECT_EQ(catalog.find_table("a10")->columns[0].default_value, "-0x10");
    EXPECT_EQ(catalog.find_index("i1")->parts.at(0).column, "key");
    EXPECT_EQ(catalog.find_index("i2")->parts.at(0).expression, "a * 2");
}

TEST(Introspect, UnreadableDefinitionNamesTheTable) {
    detail::PragmaTable facts;
    facts.name = "broken";
    facts.sql = "CREATE TABLE broken (a NOT 5)";
    try {
        detail::merge_table(facts);
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("table \"broken\""));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("expected NULL"));
        EXPECT_FALSE(e.hint().empty());
    }
}

TEST(Introspect, ReadsAFileDatabase) {
    mig::test::TempDir dir;
    std::string file = (dir / "app.db").string();
    {
        SQLite::Database db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec(k_shop);
    }
    SQLite::Database db(file, SQLite::OPEN_READONLY);
    EXPECT_EQ(introspect(db), catalog_of(k_shop));
}

TEST(Introspect, EmptyDatabase) {
    Catalog catalog = catalog_of("");
    EXPECT_TRUE(catalog.tables.empty());
    EXPECT_TRUE(catalog.indexes.empty());
    EXPECT_TRUE(catalog.views.empty());
    EXPECT_TRUE(catalog.triggers.empty());
}

}  // namespace
}  // namespace mig::db
