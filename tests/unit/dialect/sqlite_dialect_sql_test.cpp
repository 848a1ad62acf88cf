#include "dialect/dialect.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::dialect {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;

// The bookkeeping SQL runs against a real SQLite file, as the offline output would.
class SqliteDialectSql : public ::testing::Test {
protected:
    void run(const std::vector<std::string>& statements) {
        for (const auto& sql : statements) {
            m_db.exec(sql);
        }
    }
    std::vector<std::string> column(const std::string& query) {
        SQLite::Statement statement(m_db, query);
        std::vector<std::string> out;
        while (statement.executeStep()) {
            out.push_back(statement.getColumn(0).isNull() ? "<null>"
                                                          : statement.getColumn(0).getString());
        }
        return out;
    }

    SqliteDialect m_dialect;
    test::TempDir m_dir;
    SQLite::Database m_db{(m_dir / "app.db").string(),
                          SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
};

TEST_F(SqliteDialectSql, QuotesLiteralsAndIdentifiers) {
    EXPECT_EQ(m_dialect.quote_literal("it's"), "'it''s'");
    EXPECT_EQ(m_dialect.quote_identifier("user \"x\""), "\"user \"\"x\"\"\"");
    EXPECT_THAT(column("SELECT " + m_dialect.quote_literal("a'b\nc")), ElementsAre("a'b\nc"));
}

TEST_F(SqliteDialectSql, VersionTablesAreIdempotentAndTheWholeFootprint) {
    run(m_dialect.create_version_tables());
    run(m_dialect.create_version_tables());
    EXPECT_THAT(column("SELECT name FROM sqlite_master ORDER BY name"),
                ElementsAre("mig_history", "mig_version", "sqlite_autoindex_mig_version_1"));
}

TEST_F(SqliteDialectSql, VersionUpdateMovesHeads) {
    run(m_dialect.create_version_tables());
    std::string sql;
    m_dialect.version_update(sql, {}, {"aaa", "bbb"});
    m_dialect.version_update(sql, {"aaa", "bbb"}, {"it's"});
    EXPECT_EQ(sql,
              "INSERT INTO mig_version (revision) VALUES ('aaa');\n"
              "INSERT INTO mig_version (revision) VALUES ('bbb');\n"
              "DELETE FROM mig_version WHERE revision = 'aaa';\n"
              "DELETE FROM mig_version WHERE revision = 'bbb';\n"
              "INSERT INTO mig_version (revision) VALUES ('it''s');\n");
    m_db.exec(sql);
    EXPECT_THAT(column("SELECT revision FROM mig_version"), ElementsAre("it's"));
}

TEST_F(SqliteDialectSql, BookkeepingSqlIsAppendedOneStatementPerLine) {
    std::string out = "-- before\n";
    HistoryRecord record;
    record.direction = "stamp";
    m_dialect.history_insert(out, record);
    m_dialect.version_update(out, {}, {});
    EXPECT_EQ(out,
              "-- before\n"
              "INSERT INTO mig_history (revision, parents, direction, applied_at, git_commit, "
              "sha256, downgrade_sql, dirty, message) VALUES (NULL, NULL, 'stamp', "
              "strftime('%Y-%m-%dT%H:%M:%SZ','now'), NULL, NULL, NULL, 0, NULL);\n");
}

TEST_F(SqliteDialectSql, HistoryInsertWritesEveryColumn) {
    run(m_dialect.create_version_tables());
    HistoryRecord record;
    record.revision = "3f2a9c1d7b4e";
    record.parents = {"a1", "b'2"};
    record.direction = "upgrade";
    record.applied_at = "2026-11-21T10:00:00Z";
    record.git_commit = "abc123";
    record.sha256 = "deadbeef";
    record.downgrade_sql = "DROP TABLE 'x';\n";
    record.dirty = true;
    record.message = "Add 'age'";
    std::string sql;
    m_dialect.history_insert(sql, record);
    m_db.exec(sql);
    SQLite::Statement row(
        m_db,
        "SELECT revision, parents, direction, applied_at, git_commit, sha256, downgrade_sql, "
        "dirty, message FROM mig_history");
    ASSERT_TRUE(row.executeStep());
    EXPECT_EQ(row.getColumn(0).getString(), "3f2a9c1d7b4e");
    EXPECT_EQ(row.getColumn(1).getString(), "a1 b'2");
    EXPECT_EQ(row.getColumn(2).getString(), "upgrade");
    EXPECT_EQ(row.getColumn(3).getString(), "2026-11-21T10:00:00Z");
    EXPECT_EQ(row.getColumn(4).getString(), "abc123");
    EXPECT_EQ(row.getColumn(5).getString(), "deadbeef");
    EXPECT_EQ(row.getColumn(6).getString(), "DROP TABLE 'x';\n");
    EXPECT_EQ(row.getColumn(7).getInt(), 1);
    EXPECT_EQ(row.getColumn(8).getString(), "Add 'age'");
}

TEST_F(SqliteDialectSql, HistoryInsertForStampBaseUsesNullsAndDatabaseTime) {
    run(m_dialect.create_version_tables());
    HistoryRecord record;
    record.direction = "stamp";
    std::string sql;
    m_dialect.history_insert(sql, record);
    m_db.exec(sql);
    EXPECT_THAT(column("SELECT revision FROM mig_history"), ElementsAre("<null>"));
    EXPECT_THAT(column("SELECT git_commit FROM mig_history"), ElementsAre("<null>"));
    EXPECT_THAT(
        column("SELECT applied_at FROM mig_history"),
        ElementsAre(MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")));
}

TEST(MakeDialect, KnowsSqliteAndRefusesUnknownNames) {
    EXPECT_EQ(make_dialect("sqlite")->name(), "sqlite");
    EXPECT_THROW(make_dialect("oracle"), InputError);
}

}  // namespace
}  // namespace mig::dialect
