#include "db/sqlite_introspect.hpp"
#include "unit/db/introspect_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

namespace mig::db {
namespace {

using schema::Catalog;
using test::catalog_of;

const std::string k_base = R"sql(
CREATE TABLE "user" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid CHAR(36) NOT NULL UNIQUE,
    name VARCHAR(100) NOT NULL COLLATE NOCASE,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CHECK (length(uuid) = 36)
);
CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT
);
CREATE INDEX ix_post_user ON post (user_id, title DESC) WHERE body IS NOT NULL;
CREATE VIEW recent AS SELECT id, title FROM post WHERE id > 10;
CREATE TRIGGER post_guard BEFORE DELETE ON post BEGIN SELECT RAISE(ABORT, 'no'); END;
)sql";

// The same schema, written differently in every way that must not count.
const std::string k_respelled = R"sql(
-- the users
create table [User](
  "ID"   integer primary key autoincrement,
  `uuid` char ( 36 ) not null unique, /* a v4 uuid */
  Name varchar(100) not null collate nocase,
  "active" boolean not null default (1),
  created_at timestamp default current_timestamp,
  check(length("uuid")=36)
);
create table "POST"("id" integer primary key,"user_id" integer not null references [user]("id") on delete cascade,"title" text not null,"body" text);
create index "IX_POST_USER" on post("user_id", "title" desc) where ("body" is not null);
create view "recent" as select "id", "title" from post where id>10;
create trigger post_guard before delete on "post" begin select raise(abort, 'no'); end;
)sql";

TEST(IntrospectEquality, RespelledSchemaIsEqual) {
    EXPECT_EQ(catalog_of(k_base), catalog_of(k_respelled));
}

TEST(IntrospectEquality, SameSchemaTwiceIsEqual) {
    EXPECT_EQ(catalog_of(k_base), catalog_of(k_base));
}

// What a hand-written migration history leaves behind (a table rebuild through a temporary
// name, ADD COLUMN, RENAME) introspects equal to the schema written directly.
TEST(IntrospectEquality, ReplayedHistoryEqualsTheDirectSchema) {
    std::string history = R"sql(
        CREATE TABLE "user" (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid CHAR(36) NOT NULL UNIQUE);
        ALTER TABLE "user" ADD COLUMN name VARCHAR(100) NOT NULL COLLATE NOCASE DEFAULT '';
        CREATE TABLE user_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid CHAR(36) NOT NULL UNIQUE,
            name VARCHAR(100) NOT NULL COLLATE NOCASE,
            active BOOLEAN NOT NULL DEFAULT 1,
            created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            CHECK (length(uuid) = 36)
        );
        INSERT INTO user_new (id, uuid, name) SELECT id, uuid, name FROM "user";
        DROP TABLE "user";
        ALTER TABLE user_new RENAME TO "user";
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL
            REFERENCES "user"(id) ON DELETE CASCADE, title TEXT NOT NULL);
        ALTER TABLE posts ADD COLUMN body TEXT;
        ALTER TABLE posts RENAME TO post;
        CREATE INDEX ix_post_user ON post (user_id, title DESC) WHERE body IS NOT NULL;
        CREATE VIEW recent AS SELECT id, title FROM post WHERE id > 10;
        CREATE TRIGGER post_guard BEFORE DELETE ON post BEGIN SELECT RAISE(ABORT, 'no'); END;
    )sql";
    EXPECT_EQ(catalog_of(history), catalog_of(k_base));
}

struct Change {
    const char* what;
    const char* from;
    const char* to;
};

void PrintTo(const Change& change, std::ostream* os) {
    *os << change.what;
}

class IntrospectChange : public ::testing::TestWithParam<Change> {};

TEST_P(IntrospectChange, IsNotEqual) {
    const Change& change = GetParam();
    std::string changed = k_base;
    std::size_t at = changed.find(change.from);
    ASSERT_NE(at, std::string::npos) << change.from;
    changed.replace(at, std::string(change.from).size(), change.to);
    EXPECT_NE(catalog_of(k_base), catalog_of(changed)) << change.what;
}

INSTANTIATE_TEST_SUITE_P(
    Changes, IntrospectChange,
    ::testing::Values(Change{"type", "title TEXT NOT NULL", "title VARCHAR(200) NOT NULL"},
                      Change{"type length", "CHAR(36)", "CHAR(32)"},
                      Change{"type spelling with the same affinity", "BOOLEAN", "INTEGER"},
                      Change{"default", "DEFAULT 1", "DEFAULT 0"},
                      Change{"default added", "body TEXT", "body TEXT DEFAULT ''"},
                      Change{"default removed", " DEFAULT CURRENT_TIMESTAMP", ""},
                      Change{"collation", "COLLATE NOCASE", "COLLATE RTRIM"},
                      Change{"collation removed", " COLLATE NOCASE", ""},
                      Change{"nullability", "title TEXT NOT NULL", "title TEXT"},
                      Change{"column order", "title TEXT NOT NULL,\n    body TEXT",
                             "body TEXT,\n    title TEXT NOT NULL"},
                      Change{"column added", "body TEXT\n", "body TEXT,\n    extra INT\n"},
                      Change{"autoincrement", "PRIMARY KEY AUTOINCREMENT", "PRIMARY KEY"},
                      Change{"unique", "NOT NULL UNIQUE", "NOT NULL"},
                      Change{"check", "length(uuid) = 36", "length(uuid) = 32"},
                      Change{"foreign key action", "ON DELETE CASCADE", "ON DELETE SET NULL"},
                      Change{"foreign key deferred", "ON DELETE CASCADE",
                             "ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"},
                      Change{"index order", "title DESC", "title"},
                      Change{"index where", "WHERE body IS NOT NULL", ""},
                      Change{"index unique", "CREATE INDEX", "CREATE UNIQUE INDEX"},
                      Change{"view", "id > 10", "id > 20"}, Change{"trigger", "'no'", "'never'"},
                      Change{"table renamed", "CREATE TABLE \"user\"", "CREATE TABLE \"users\""}));

// A schema of `tables` tables, each with a foreign key to the one before, an index, a UNIQUE
// and a CHECK constraint: enough of everything for a timing that means something.
std::string chain_schema(int tables) {
    std::string ddl = "BEGIN;\n";
    for (int i = 0; i < tables; ++i) {
        std::string name = "t" + std::to_string(i);
        ddl += "CREATE TABLE " + name +
               " (id INTEGER PRIMARY KEY, code CHAR(36) NOT NULL UNIQUE, "
               "label TEXT COLLATE NOCASE DEFAULT 'x', amount REAL CHECK (amount >= 0), "
               "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP";
        if (i > 0) {
            ddl += ", parent_id INTEGER REFERENCES t" + std::to_string(i - 1) +
                   "(id) ON DELETE CASCADE";
        }
        ddl += ");\nCREATE INDEX ix_" + name + "_label ON " + name + " (label, created_at DESC);\n";
    }
    return ddl + "COMMIT;\n";
}

TEST(IntrospectScale, ThreeHundredTables) {
    SQLite::Database db = test::memory_database(chain_schema(300));
    introspect(db);  // warm the page cache and statement paths
    constexpr int k_runs = 20;
    auto start = std::chrono::steady_clock::now();
    Catalog catalog;
    for (int run = 0; run < k_runs; ++run) {
        catalog = introspect(db);
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    double ms = std::chrono::duration<double, std::milli>(elapsed).count() / k_runs;
    std::cout << "[ timing   ] introspect, 300 tables: " << ms << " ms per run\n";
    RecordProperty("introspect_300_tables_ms", std::to_string(ms));
    EXPECT_EQ(catalog.tables.size(), 300u);
    EXPECT_EQ(catalog.indexes.size(), 600u);  // explicit + UNIQUE
    EXPECT_EQ(catalog.find_table("t299")->foreign_keys.at(0).referenced_table, "t298");
}

// Nothing recursive follows the chain: a long one costs what its length costs.
TEST(IntrospectScale, TwoThousandTableForeignKeyChain) {
    SQLite::Database db = test::memory_database(chain_schema(2000));
    auto start = std::chrono::steady_clock::now();
    Catalog catalog = introspect(db);
    auto elapsed = std::chrono::steady_clock::now() - start;
    std::cout << "[ timing   ] introspect, 2000 tables: "
              << std::chrono::duration<double, std::milli>(elapsed).count() << " ms\n";
    EXPECT_EQ(catalog.tables.size(), 2000u);
    EXPECT_EQ(catalog, introspect(db));  // deterministic
}

}  // namespace
}  // namespace mig::db
