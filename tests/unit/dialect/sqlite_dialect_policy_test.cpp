#include "dialect/sqlite_dialect.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::dialect {
namespace {

using ::testing::HasSubstr;
using Kind = StatementAction::Kind;

StatementAction action_of(const std::string& sql, bool transactional) {
    return SqliteDialect().action(Statement{sql, 3, 2}, transactional);
}

// In a transactional step mig owns the transaction: the script's own control is left out,
// which is what the runner, the replay and the offline renderer all do with it.
TEST(SqliteDialectPolicy, TransactionControlIsSkippedWhenMigOwnsTheTransaction) {
    for (const char* sql :
         {"BEGIN;", "BEGIN IMMEDIATE TRANSACTION;", "COMMIT;", "END;", "PRAGMA foreign_keys = OFF;",
          "pragma main.foreign_keys=on", "PRAGMA foreign_keys(0);"}) {
        EXPECT_EQ(action_of(sql, true).kind, Kind::skip) << sql;
    }
}

TEST(SqliteDialectPolicy, RollbackIsRefusedWithWhyAndWhatToDo) {
    const StatementAction action = action_of("ROLLBACK;", true);
    EXPECT_EQ(action.kind, Kind::refuse);
    EXPECT_EQ(action.reason,
              "ROLLBACK is not allowed, mig runs each revision in its own transaction");
    EXPECT_THAT(action.hint, HasSubstr("-- mig:transaction off"));
    EXPECT_EQ(action_of("rollback transaction", true).kind, Kind::refuse);
}

TEST(SqliteDialectPolicy, EverythingElseRuns) {
    for (const char* sql : {"CREATE TABLE t (id INTEGER);", "ROLLBACK TO sp;", "SAVEPOINT sp;",
                            "RELEASE sp;", "PRAGMA foreign_keys;", "PRAGMA foreign_key_check;",
                            "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;"}) {
        const StatementAction action = action_of(sql, true);
        EXPECT_EQ(action.kind, Kind::run) << sql;
        EXPECT_TRUE(action.reason.empty()) << sql;
    }
}

// `-- mig:transaction off`: the script manages its transactions, so nothing is skipped or
// refused (its ROLLBACK undoes its own BEGIN).
TEST(SqliteDialectPolicy, WithoutMigsTransactionEverythingRunsAsWritten) {
    for (const char* sql : {"BEGIN;", "COMMIT;", "ROLLBACK;", "PRAGMA foreign_keys = ON;",
                            "VACUUM;", "CREATE TABLE t (id);"}) {
        EXPECT_EQ(action_of(sql, false).kind, Kind::run) << sql;
    }
}

}  // namespace
}  // namespace mig::dialect
