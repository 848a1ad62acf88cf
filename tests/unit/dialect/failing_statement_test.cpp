// Dialect::failing_statement: the downgrade of an imported migration that had none must fail
// with its message, whatever characters the message holds, and leave nothing behind.

#include "dialect/postgres_dialect.hpp"
#include "dialect/sqlite_dialect.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace mig::dialect {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

const std::string k_message = R"(revision 0001 cannot be downgraded: "quoted" it's 100% gone)";

TEST(FailingStatement, SqliteFailsWithTheMessageAndLeavesNothing) {
    SqliteDialect dialect;
    const std::string sql = dialect.failing_statement(k_message);
    EXPECT_THAT(sql, EndsWith("\n"));
    SQLite::Database database(":memory:", SQLite::OPEN_READWRITE);
    database.exec("CREATE TABLE kept (id INTEGER)");
    database.exec("BEGIN");  // as a migration step runs it
    try {
        database.exec(sql);
        FAIL() << "the statement ran: " << sql;
    } catch (const SQLite::Exception& error) {
        EXPECT_THAT(error.what(), HasSubstr(k_message));
    }
    database.exec("ROLLBACK");
    EXPECT_EQ(database.execAndGet("SELECT count(*) FROM sqlite_temp_master").getInt(), 0)
        << "the temporary table is gone with the transaction";
}

TEST(FailingStatement, PostgresRaisesTheMessageAsDataNotAsAFormat) {
    PostgresDialect dialect;
    // USING MESSAGE: a % in a RAISE format string would be a missing parameter.
    EXPECT_EQ(dialect.failing_statement(k_message),
              "DO $mig$ BEGIN RAISE EXCEPTION USING MESSAGE = 'revision 0001 cannot be "
              "downgraded: \"quoted\" it''s 100% gone'; END $mig$;\n");
}

}  // namespace
}  // namespace mig::dialect
