// Where PostgreSQL's error about a statement points, as a file line, and the statement in one
// line: pure functions over Statement values (no server).

#include "db/postgres_statement_error.hpp"

#include <gtest/gtest.h>

namespace mig::db {
namespace {

dialect::Statement statement(std::string sql, int line) {
    dialect::Statement out;
    out.sql = std::move(sql);
    out.line = line;
    out.number = 1;
    return out;
}

TEST(PostgresErrorLine, CountsCharactersNotBytesFromTheFirstToken) {
    // The statement starts at line 10 (its first token); comments before it are kept in sql.
    const dialect::Statement create = statement(
        "-- users\n/* a /* nested */ note */\nCREATE TABLE \"Überall\" (\n    id int,\n"
        "    name txet\n);",
        10);
    const std::size_t byte = create.sql.find("txet");
    // 1-based, in characters: the two bytes of Ü before it are one character.
    const int position = static_cast<int>(byte);
    EXPECT_EQ(postgres_error_line(create, position), 12);
    EXPECT_EQ(postgres_error_line(create, 0), 0);  // no position
    EXPECT_EQ(postgres_error_line(create, 3), 0);  // inside the comments before it
    EXPECT_EQ(postgres_error_line(statement("SELECT 1 +;", 4), 10), 4);
}

TEST(PostgresStatementExcerpt, TheFirstLineOfCodeCutToAReadableLength) {
    EXPECT_EQ(statement_excerpt("-- why\nCREATE TABLE a (id int);"), "CREATE TABLE a (id int)");
    EXPECT_EQ(statement_excerpt("/* x */ CREATE TABLE posts (\n    id int\n);"),
              "CREATE TABLE posts (...");
    const std::string longer = "SELECT '" + std::string(70, 'x') + "';";
    EXPECT_EQ(statement_excerpt(longer), "SELECT '" + std::string(52, 'x') + "...");
    // Never half a UTF-8 character.
    const std::string accents = "SELECT '" + std::string(51, 'x') + "éé';";
    EXPECT_EQ(statement_excerpt(accents), "SELECT '" + std::string(51, 'x') + "...");
}

TEST(PostgresStatementFailure, NamesTheServersLineOnlyWhenItIsNotTheFirst) {
    PostgresErrorFields error;
    error.message = "type \"txet\" does not exist";
    error.sqlstate = "42704";
    const dialect::Statement create = statement("CREATE TABLE t (\n  a txet\n);", 5);
    error.position = static_cast<int>(create.sql.find("txet")) + 1;
    EXPECT_EQ(describe_statement_failure(create, error),
              "failed at line 6: type \"txet\" does not exist (SQLSTATE 42704)");
    error.position = 1;
    EXPECT_EQ(describe_statement_failure(create, error),
              "failed: type \"txet\" does not exist (SQLSTATE 42704)");
}

}  // namespace
}  // namespace mig::db
