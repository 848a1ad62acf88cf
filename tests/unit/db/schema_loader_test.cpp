#include "db/schema_loader.hpp"

#include "util/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::db {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> object_names(SQLite::Database& database) {
    SQLite::Statement query(database,
                            "SELECT type || ' ' || name FROM sqlite_schema ORDER BY name");
    std::vector<std::string> names;
    while (query.executeStep()) {
        names.push_back(query.getColumn(0).getString());
    }
    return names;
}

// The ParseError load_ddl throws for `ddl`, as "message" text.
std::string load_error(std::string_view ddl, std::string_view source = "models/schema.sql",
                       int first_line = 1) {
    auto database = open_memory_database();
    try {
        load_ddl(*database, ddl, source, first_line, "fix it");
    } catch (const ParseError& error) {
        EXPECT_EQ(error.file(), source);
        EXPECT_EQ(error.hint(), "fix it");
        return error.what();
    }
    ADD_FAILURE() << "no error for: " << ddl;
    return {};
}

TEST(OpenMemoryDatabase, IsEmptyWithForeignKeysOff) {
    auto database = open_memory_database();
    EXPECT_TRUE(object_names(*database).empty());
    EXPECT_EQ(database->execAndGet("PRAGMA foreign_keys").getInt(), 0);
}

TEST(OpenMemoryDatabase, EachCallIsPrivate) {
    auto first = open_memory_database();
    auto second = open_memory_database();
    first->exec("CREATE TABLE t (a)");
    EXPECT_TRUE(object_names(*second).empty());
}

TEST(LoadDdl, CreatesEveryKindOfObject) {
    auto database = open_memory_database();
    load_ddl(*database,
             "-- the model\n"
             "CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
             "CREATE INDEX user_name ON \"user\" (name);\n"
             "CREATE VIEW names AS SELECT name FROM \"user\";\n"
             "CREATE TRIGGER user_touch AFTER UPDATE ON \"user\" BEGIN\n"
             "  UPDATE \"user\" SET name = name; -- a ; inside the body\n"
             "END;\n",
             "models/schema.sql", 1);
    EXPECT_THAT(object_names(*database),
                ElementsAre("view names", "table user", "index user_name", "trigger user_touch"));
}

TEST(LoadDdl, ChildTablesMayComeFirstAndRowsMayBeInserted) {
    auto database = open_memory_database();
    load_ddl(*database,
             "CREATE TABLE post (id INTEGER PRIMARY KEY, author INTEGER REFERENCES author (id));\n"
             "INSERT INTO post VALUES (1, 42);\n"
             "CREATE TABLE author (id INTEGER PRIMARY KEY)",
             "models/schema.sql", 1);
    EXPECT_EQ(database->execAndGet("SELECT count(*) FROM post").getInt(), 1);
}

TEST(LoadDdl, RunsASqliteDumpWithItsTransaction) {
    auto database = open_memory_database();
    load_ddl(*database,
             "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t (a);\nCOMMIT;\n",
             "dump.sql", 1);
    EXPECT_THAT(object_names(*database), ElementsAre("table t"));
}

TEST(LoadDdl, EmptyAndCommentOnlyTextCreateNothing) {
    auto database = open_memory_database();
    load_ddl(*database, "", "empty.sql", 1);
    load_ddl(*database, "-- nothing yet\n/* really */\n", "comments.sql", 1);
    EXPECT_TRUE(object_names(*database).empty());
}

TEST(LoadDdl, ErrorNamesSourceLineStatementAndSqliteMessage) {
    EXPECT_EQ(load_error("CREATE TABLE a (id INTEGER);\n"
                         "\n"
                         "-- users\n"
                         "CREATE TABLE \"user\" (\n"
                         "    id INTEGR PRIMARY KEY,,\n"
                         ");\n"),
              "models/schema.sql:4: CREATE TABLE \"user\" (...: near \",\": syntax error");
}

TEST(LoadDdl, ErrorLineCountsFromFirstLine) {
    EXPECT_THAT(load_error("\nCREATE TABLE t (a);\nCREATE TABLE t (b);", "[model] command", 10),
                HasSubstr("[model] command:12: CREATE TABLE t (b): table t already exists"));
}

TEST(LoadDdl, ErrorShowsOneStatementLineWithoutComments) {
    EXPECT_EQ(load_error("/* block\ncomment */ -- and a line\nCREATE INDEX i ON missing (a);"),
              "models/schema.sql:3: CREATE INDEX i ON missing (a): no such table: main.missing");
}

TEST(LoadDdl, LongStatementIsShortened) {
    std::string columns;
    for (int i = 0; i < 30; ++i) {
        columns += "column_" + std::to_string(i) + " INTEGER, ";
    }
    std::string message = load_error("CREATE TABLE t (" + columns + "oops,);");
    EXPECT_THAT(message, HasSubstr("models/schema.sql:1: CREATE TABLE t (column_0 INTEGER, "));
    EXPECT_THAT(message, HasSubstr("...: near \")\": syntax error"));
    EXPECT_LT(message.size(), 140u);
}

}  // namespace
}  // namespace mig::db
