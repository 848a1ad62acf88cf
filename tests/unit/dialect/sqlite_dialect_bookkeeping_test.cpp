#include "dialect/sqlite_dialect.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace mig::dialect {
namespace {

using ::testing::ElementsAre;

std::string rendered(std::string_view sql, const std::vector<SqlValue>& values) {
    std::string out;
    SqliteDialect().render_literals(out, sql, values);
    return out;
}

TEST(RenderLiterals, PositionalPlaceholdersTakeTheValuesInOrder) {
    EXPECT_EQ(rendered("INSERT INTO t VALUES (?, ?, ?, ?)",
                       {SqlValue::of(std::string("it's")), SqlValue::null(), SqlValue::of(7LL),
                        SqlValue::sql_expression("now()")}),
              "INSERT INTO t VALUES ('it''s', NULL, 7, now())");
}

TEST(RenderLiterals, NumberedPlaceholdersTakeTheirValue) {
    EXPECT_EQ(rendered("UPDATE t SET a = $2 WHERE a = $1 OR b = $10",
                       {SqlValue::of(std::string("old")), SqlValue::of(std::string("new")),
                        SqlValue::null(), SqlValue::null(), SqlValue::null(), SqlValue::null(),
                        SqlValue::null(), SqlValue::null(), SqlValue::null(), SqlValue::of(1LL)}),
              "UPDATE t SET a = 'new' WHERE a = 'old' OR b = 1");
}

TEST(RenderLiterals, PlaceholdersInsideQuotesAreText) {
    EXPECT_EQ(rendered("SELECT '?', \"$1\", ?", {SqlValue::of(std::string("x"))}),
              "SELECT '?', \"$1\", 'x'");
}

TEST(RenderLiterals, AMissingValueIsAProgrammingError) {
    EXPECT_THROW(rendered("SELECT ?, ?", {SqlValue::null()}), std::logic_error);
    EXPECT_THROW(rendered("SELECT $2", {SqlValue::null()}), std::logic_error);
}

TEST(HistoryParameters, EmptyTextIsNullAndAnEmptyTimeIsTheDatabasesClock) {
    HistoryRecord record;
    record.direction = "stamp";
    const std::vector<SqlValue> values = SqliteDialect().history_parameters(record);
    ASSERT_EQ(values.size(), 9U);
    EXPECT_EQ(values[0].kind, SqlValue::Kind::null);  // revision
    EXPECT_EQ(values[1].kind, SqlValue::Kind::null);  // parents
    EXPECT_EQ(values[2].text, "stamp");
    EXPECT_EQ(values[3].kind, SqlValue::Kind::expression);
    EXPECT_EQ(values[3].text, SqliteDialect().bookkeeping().now_utc);
    EXPECT_EQ(values[7].kind, SqlValue::Kind::integer);
    EXPECT_EQ(values[7].integer, 0);
    EXPECT_EQ(values[8].kind, SqlValue::Kind::null);  // message
}

// The point of one source: the statement the online runner prepares and binds, and the
// literal text offline SQL holds, write the same row.
class SqliteBookkeepingOneSource : public ::testing::Test {
protected:
    SqliteBookkeepingOneSource() {
        for (const auto& sql : m_dialect.bookkeeping().create_tables) {
            m_db.exec(sql);
        }
    }

    void insert_bound(const HistoryRecord& record) {
        SQLite::Statement insert(m_db, m_dialect.bookkeeping().insert_history);
        int index = 0;
        for (const SqlValue& value : m_dialect.history_parameters(record)) {
            ++index;
            if (value.kind == SqlValue::Kind::null) {
                insert.bind(index);
            } else if (value.kind == SqlValue::Kind::integer) {
                insert.bind(index, static_cast<int64_t>(value.integer));
            } else {
                insert.bind(index, value.text);
            }
        }
        insert.exec();
    }

    std::vector<std::string> rows() {
        SQLite::Statement query(m_db, m_dialect.bookkeeping().select_history);
        std::vector<std::string> out;
        while (query.executeStep()) {
            std::string row;
            for (int i = 1; i < query.getColumnCount(); ++i) {  // all but the id
                row += query.getColumn(i).isNull() ? "<null>" : query.getColumn(i).getString();
                row += '|';
            }
            out.push_back(row);
        }
        return out;
    }

    SqliteDialect m_dialect;
    test::TempDir m_dir;
    SQLite::Database m_db{(m_dir / "app.db").string(),
                          SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
};

TEST_F(SqliteBookkeepingOneSource, BoundAndRenderedHistoryRowsAreEqual) {
    HistoryRecord record;
    record.revision = "3f2a9c1d7b4e";
    record.parents = {"a1", "b'2"};
    record.direction = "upgrade";
    record.applied_at = "2026-11-21T10:00:00Z";
    record.git_commit = "abc123";
    record.sha256 = "deadbeef";
    record.downgrade_sql = "DROP TABLE 'x'; -- ? $1\n";
    record.dirty = true;
    record.message = "Add 'age'?";
    insert_bound(record);
    std::string offline;
    m_dialect.history_insert(offline, record);
    m_db.exec(offline);
    const std::vector<std::string> written = rows();
    ASSERT_EQ(written.size(), 2U);
    EXPECT_EQ(written[0], written[1]);
    EXPECT_EQ(written[0],
              "3f2a9c1d7b4e|a1 b'2|upgrade|2026-11-21T10:00:00Z|abc123|deadbeef|"
              "DROP TABLE 'x'; -- ? $1\n|1|Add 'age'?|");
}

TEST_F(SqliteBookkeepingOneSource, HeadStatementsMoveTheVersion) {
    const BookkeepingSql& sql = m_dialect.bookkeeping();
    std::string offline;
    m_dialect.version_update(offline, {}, {"aaa"});
    m_db.exec(offline);
    SQLite::Statement update(m_db, sql.update_head);
    update.bind(1, "bbb");
    update.bind(2, "aaa");
    EXPECT_EQ(update.exec(), 1);
    SQLite::Statement again(m_db, sql.insert_head_if_missing);
    again.bind(1, "bbb");
    EXPECT_EQ(again.exec(), 0);  // already there: not an error
    SQLite::Statement heads(m_db, sql.select_heads);
    std::vector<std::string> found;
    while (heads.executeStep()) {
        found.push_back(heads.getColumn(0).getString());
    }
    EXPECT_THAT(found, ElementsAre("bbb"));
    SQLite::Statement exists(m_db, sql.table_exists);
    exists.bind(1, "mig_history");
    ASSERT_TRUE(exists.executeStep());
    EXPECT_EQ(exists.getColumn(0).getInt(), 1);
}

}  // namespace
}  // namespace mig::dialect
