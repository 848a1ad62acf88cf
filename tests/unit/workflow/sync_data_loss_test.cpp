// find_data_loss: which downgrade statements `mig sync` refuses without --yes, from the
// statements' text and a fake row count per table.
#include "workflow/sync_data_loss.hpp"

#include "dialect/sqlite_dialect.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mig::workflow {
namespace {

// Tables of the fake database and their rows; a table absent here does not exist.
class Rows {
public:
    explicit Rows(std::map<std::string, long long> tables) : m_tables(std::move(tables)) {}
    RowCounter counter() {
        return [this](const std::string& schema, const std::string& table) {
            asked.push_back(schema.empty() ? table : schema + "." + table);
            auto found = m_tables.find(table);
            return found == m_tables.end() ? std::nullopt : std::optional<long long>(found->second);
        };
    }
    std::vector<std::string> asked;

private:
    std::map<std::string, long long> m_tables;
};

std::vector<DataLoss> losses(const std::string& sql, Rows& rows) {
    dialect::SqliteDialect dialect;
    return find_data_loss("a1", dialect.split(sql, 10), rows.counter());
}

TEST(SyncDataLoss, DroppingATableWithRowsIsALossNamingTheRowCount) {
    Rows rows({{"things", 3}});
    auto found = losses("DROP TABLE things;", rows);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].revision, "a1");
    EXPECT_EQ(found[0].statement, 1);
    EXPECT_EQ(found[0].line, 10);
    EXPECT_EQ(found[0].sql, "DROP TABLE things");
    EXPECT_EQ(found[0].why, "drops table things, which holds 3 rows");
    EXPECT_EQ(found[0].rows, 3);
}

TEST(SyncDataLoss, AnEmptyOrMissingTableIsNoLoss) {
    Rows rows({{"empty", 0}});
    EXPECT_TRUE(losses("DROP TABLE empty;\nDROP TABLE IF EXISTS missing;", rows).empty());
    EXPECT_EQ(rows.asked, (std::vector<std::string>{"empty", "missing"}));
}

TEST(SyncDataLoss, QuotedAndSchemaQualifiedNamesAreCounted) {
    Rows rows({{"my table", 1}, {"t", 2}});
    auto found = losses("DROP TABLE IF EXISTS \"my table\";\nDROP TABLE main.t;", rows);
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0].why, "drops table my table, which holds 1 row");
    EXPECT_EQ(found[1].statement, 2);
    EXPECT_EQ(found[1].line, 11);
    EXPECT_EQ(rows.asked, (std::vector<std::string>{"my table", "main.t"}));
}

TEST(SyncDataLoss, DroppingAColumnOfATableWithRowsIsALoss) {
    Rows rows({{"users", 5}, {"empty", 0}});
    auto found = losses(
        "ALTER TABLE users DROP COLUMN age;\nALTER TABLE empty DROP COLUMN x;\n"
        "ALTER TABLE users ADD COLUMN y INTEGER;\nALTER TABLE users DROP z;",
        rows);
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0].why, "drops column age of users, which holds 5 rows");
    EXPECT_EQ(found[1].why, "drops column z of users, which holds 5 rows");
}

TEST(SyncDataLoss, SQLitesTableRebuildIsNoLoss) {
    Rows rows({{"users", 5}});
    const std::string rebuild =
        "CREATE TABLE \"_mig_new_users\" (id INTEGER PRIMARY KEY, name TEXT);\n"
        "INSERT INTO \"_mig_new_users\" (id, name) SELECT id, name FROM \"users\";\n"
        "DROP TABLE \"users\";\n"
        "ALTER TABLE \"_mig_new_users\" RENAME TO \"users\";\n";
    EXPECT_TRUE(losses(rebuild, rows).empty());
    // The other way round: rename away, create again, copy back, drop the old one.
    const std::string rename_first =
        "ALTER TABLE users RENAME TO users_old;\nCREATE TABLE users (id INTEGER);\n"
        "INSERT INTO users SELECT id FROM users_old;\nDROP TABLE users_old;\n";
    EXPECT_TRUE(losses(rename_first, rows).empty());
}

TEST(SyncDataLoss, DropAndCreateAgainWithoutCopyingIsALoss) {
    Rows rows({{"users", 5}});
    auto found = losses("DROP TABLE users;\nCREATE TABLE users (id INTEGER);", rows);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].why, "drops table users, which holds 5 rows");
}

TEST(SyncDataLoss, ATableRenamedAwayAndDroppedCountsTheRowsOfTheOriginal) {
    Rows rows({{"users", 4}});
    auto found = losses("ALTER TABLE users RENAME TO gone;\nDROP TABLE gone;", rows);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].why, "drops table users, which holds 4 rows");
}

TEST(SyncDataLoss, AStatementMarkedDestructiveIsALossWhateverItDoes) {
    Rows rows({});
    auto found = losses(
        "CREATE INDEX i ON t (x);\n-- mig:destructive drop column age\n"
        "UPDATE t SET x = NULL;\n",
        rows);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].statement, 2);
    EXPECT_EQ(found[0].line, 12);
    EXPECT_EQ(found[0].why, "marked destructive: drop column age");
    EXPECT_EQ(found[0].sql, "UPDATE t SET x = NULL");
    EXPECT_TRUE(rows.asked.empty()) << "a mark needs no count";
}

TEST(SyncDataLoss, OtherStatementsAreNoLoss) {
    Rows rows({{"t", 9}});
    EXPECT_TRUE(losses("DROP INDEX i;\nDROP VIEW v;\nDROP TRIGGER tr;\nDELETE FROM t WHERE 0;\n"
                       "ALTER TABLE t RENAME COLUMN a TO b;",
                       rows)
                    .empty());
}

}  // namespace
}  // namespace mig::workflow
