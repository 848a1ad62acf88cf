#include "dialect/sqlite_dialect.hpp"

#include <gtest/gtest.h>

namespace mig::dialect {
namespace {

StatementKind kind_of(const std::string& sql) {
    return SqliteDialect().classify(Statement{sql, 1, 1});
}

TEST(SqliteDialectClassify, BeginInAllItsForms) {
    for (const char* sql :
         {"BEGIN;", "begin transaction;", "BEGIN IMMEDIATE;", "Begin Deferred Transaction",
          "BEGIN EXCLUSIVE TRANSACTION;", "-- start\n/* here */ BEGIN;"}) {
        EXPECT_EQ(kind_of(sql), StatementKind::begin_transaction) << sql;
    }
}

TEST(SqliteDialectClassify, CommitAndEnd) {
    for (const char* sql : {"COMMIT;", "commit transaction;", "END;", "end transaction"}) {
        EXPECT_EQ(kind_of(sql), StatementKind::commit_transaction) << sql;
    }
}

TEST(SqliteDialectClassify, RollbackButNotRollbackToSavepoint) {
    EXPECT_EQ(kind_of("ROLLBACK;"), StatementKind::rollback_transaction);
    EXPECT_EQ(kind_of("rollback transaction;"), StatementKind::rollback_transaction);
    EXPECT_EQ(kind_of("ROLLBACK TO sp;"), StatementKind::ordinary);
    EXPECT_EQ(kind_of("ROLLBACK TRANSACTION TO SAVEPOINT sp;"), StatementKind::ordinary);
}

TEST(SqliteDialectClassify, PragmaForeignKeysAssignments) {
    for (const char* sql :
         {"PRAGMA foreign_keys = OFF;", "pragma FOREIGN_KEYS=on", "PRAGMA foreign_keys(0);",
          "PRAGMA main.foreign_keys = 1;", "PRAGMA \"main\".\"foreign_keys\" = 1;"}) {
        EXPECT_EQ(kind_of(sql), StatementKind::pragma_foreign_keys) << sql;
    }
}

TEST(SqliteDialectClassify, OtherStatementsAreOrdinary) {
    for (const char* sql :
         {"PRAGMA foreign_keys;", "PRAGMA foreign_key_check;", "PRAGMA legacy_alter_table = ON;",
          "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;", "SELECT 'BEGIN';",
          "-- BEGIN\nCREATE TABLE t (x);", "SAVEPOINT sp;", "RELEASE sp;", "VACUUM;",
          "ENDING_TABLE_NAME_IS_NOT_END;"}) {
        EXPECT_EQ(kind_of(sql), StatementKind::ordinary) << sql;
    }
}

}  // namespace
}  // namespace mig::dialect
