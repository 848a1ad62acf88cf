// Every bookkeeping statement of PostgresDialect runs on a real server, with its
// placeholders rendered as literals (what offline SQL does), and reads back what mig's
// readers expect: heads sorted by bytes, applied_at as "YYYY-MM-DDTHH:MM:SSZ", dirty as 0/1.
// Skips without a test server (scripts/pg-server.sh), fails in CI.

#include "dialect/postgres_dialect.hpp"
#include "support/postgres.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <string_view>

namespace mig::dialect {
namespace {

using ::testing::ElementsAre;

// "YYYY-MM-DDTHH:MM:SSZ": digits where the pattern has 9, the other characters as written.
// (Not std::regex: g++ 12 at -O1 with the sanitizers reports a false maybe-uninitialized in it.)
bool is_utc_timestamp(std::string_view text) {
    constexpr std::string_view pattern = "9999-99-99T99:99:99Z";
    if (text.size() != pattern.size()) {
        return false;
    }
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
        if (pattern[i] == '9' ? !digit : text[i] != pattern[i]) {
            return false;
        }
    }
    return true;
}

class PostgresBookkeeping : public test::PostgresTest {
protected:
    // Runs `sql` with its placeholders replaced by `values` as literals.
    void run(const std::string& sql, const std::vector<SqlValue>& values = {}) {
        database().exec(render(sql, values));
    }

    std::vector<std::vector<std::string>> query(const std::string& sql,
                                                const std::vector<SqlValue>& values = {}) {
        return database().rows(render(sql, values));
    }

    std::string render(const std::string& sql, const std::vector<SqlValue>& values) {
        std::string out;
        m_dialect.render_literals(out, sql, values);
        return out;
    }

    PostgresDialect m_dialect{"mig ops"};
};

TEST_F(PostgresBookkeeping, EveryStatementRunsAndReadsBackAsMigExpects) {
    const BookkeepingSql& sql = m_dialect.bookkeeping();
    EXPECT_THAT(query(sql.table_exists, {SqlValue::of("mig_version")}),
                ElementsAre(ElementsAre("0")));
    for (int i = 0; i < 2; ++i) {  // idempotent
        for (const std::string& create : sql.create_tables) {
            run(create);
        }
    }
    EXPECT_THAT(query(sql.table_exists, {SqlValue::of("mig_version")}),
                ElementsAre(ElementsAre("1")));
    EXPECT_THAT(query(sql.table_exists, {SqlValue::of("mig_history")}),
                ElementsAre(ElementsAre("1")));

    for (const char* head : {"a1", "B2", "_c3"}) {
        run(sql.insert_head, {SqlValue::of(head)});
    }
    run(sql.insert_head_if_missing, {SqlValue::of("a1")});  // already there: no error
    run(sql.update_head, {SqlValue::of("d4"), SqlValue::of("a1")});
    run(sql.delete_head, {SqlValue::of("_c3")});
    // Sorted by bytes as SQLite sorts: upper case before lower case.
    EXPECT_THAT(query(sql.select_heads), ElementsAre(ElementsAre("B2"), ElementsAre("d4")));
    EXPECT_THAT(query(sql.select_head, {SqlValue::of("d4")}), ElementsAre(ElementsAre("1")));
    EXPECT_TRUE(query(sql.select_head, {SqlValue::of("a1")}).empty());

    HistoryRecord online;  // as the online runner records it: a time of its own
    online.revision = "d4";
    online.parents = {"a1", "B2"};
    online.direction = "upgrade";
    online.applied_at = "2026-11-21T10:00:00Z";
    online.git_commit = "0123abcd";
    online.sha256 = "ff00";
    online.downgrade_sql = "DROP TABLE \"it's\"; -- $1 ? \\";
    online.dirty = true;
    online.message = "add things";
    run(sql.insert_history, m_dialect.history_parameters(online));
    HistoryRecord offline;  // offline SQL: the server's clock, NULLs
    offline.direction = "stamp";
    run(sql.insert_history, m_dialect.history_parameters(offline));

    const auto history = query(sql.select_history);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_THAT(history[0],
                ElementsAre("1", "d4", "a1 B2", "upgrade", "2026-11-21T10:00:00Z", "0123abcd",
                            "ff00", "DROP TABLE \"it's\"; -- $1 ? \\", "1", "add things"));
    EXPECT_THAT(history[1][1], "<null>");
    EXPECT_THAT(history[1][2], "<null>");
    EXPECT_TRUE(is_utc_timestamp(history[1][4])) << history[1][4];
    EXPECT_EQ(history[1][8], "0");
    EXPECT_THAT(database().version_rows("mig ops"), ElementsAre("B2", "d4"));

    // The latest row that reached a revision: a later downgrade of it does not count.
    HistoryRecord again = online;
    again.git_commit = "4567cdef";
    run(sql.insert_history, m_dialect.history_parameters(again));
    HistoryRecord left = online;
    left.direction = "downgrade";
    left.git_commit = "89abcdef";
    run(sql.insert_history, m_dialect.history_parameters(left));
    const auto arrival = query(sql.select_arrival, {SqlValue::of("d4")});
    ASSERT_EQ(arrival.size(), 1u);
    EXPECT_THAT(arrival[0],
                ElementsAre("3", "d4", "a1 B2", "upgrade", "2026-11-21T10:00:00Z", "4567cdef",
                            "ff00", "DROP TABLE \"it's\"; -- $1 ? \\", "1", "add things"));
    EXPECT_TRUE(query(sql.select_arrival, {SqlValue::of("B2")}).empty());
}

}  // namespace
}  // namespace mig::dialect
