// Database::count_rows, what `mig sync` counts before a downgrade drops a table or a column:
// a table is found as the database resolves the name a statement wrote, and anything else
// (a missing table or schema, a view) is "no such table".

#include "db/database_url.hpp"
#include "db/postgres_database.hpp"
#include "db/sqlite_database.hpp"
#include "support/postgres.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <optional>

namespace mig::db {
namespace {

class PostgresCountRows : public test::PostgresTest {
protected:
    void SetUp() override {
        test::PostgresTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        database().exec(
            "CREATE TABLE users (id int); INSERT INTO users VALUES (1), (2), (3);"
            "CREATE TABLE \"Mixed\" (id int); INSERT INTO \"Mixed\" VALUES (1);"
            "CREATE SCHEMA app; CREATE TABLE app.items (id int); "
            "INSERT INTO app.items VALUES (1), (2);"
            "CREATE VIEW user_view AS SELECT * FROM users;"
            "CREATE TABLE parted (id int) PARTITION BY RANGE (id);"
            "CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10);"
            "INSERT INTO parted VALUES (1), (2), (3), (4);");
    }
    PostgresDatabase open(OpenMode mode) {
        return PostgresDatabase(parse_database_url(database().url(), "/"), mode, "",
                                SessionSettings{});
    }
};

TEST_F(PostgresCountRows, FindsTheTableAsPostgresResolvesTheName) {
    PostgresDatabase db = open(OpenMode::read_only);  // sync --dry-run counts read-only
    EXPECT_EQ(db.count_rows("", "users"), 3);
    EXPECT_EQ(db.count_rows("", "USERS"), 3) << "unquoted USERS is users";
    EXPECT_EQ(db.count_rows("public", "users"), 3);
    EXPECT_EQ(db.count_rows("", "Mixed"), 1) << "quoted \"Mixed\" keeps its case";
    EXPECT_EQ(db.count_rows("app", "items"), 2);
    EXPECT_EQ(db.count_rows("", "parted"), 4) << "a partitioned table counts its partitions";
}

TEST_F(PostgresCountRows, AnythingThatIsNotATableIsNoTable) {
    PostgresDatabase db = open(OpenMode::read_write);
    EXPECT_EQ(db.count_rows("", "mixed"), std::nullopt) << "unquoted mixed is not \"Mixed\"";
    EXPECT_EQ(db.count_rows("", "items"), std::nullopt) << "app is not on the search_path";
    EXPECT_EQ(db.count_rows("nosuch", "users"), std::nullopt);
    EXPECT_EQ(db.count_rows("", "missing"), std::nullopt);
    EXPECT_EQ(db.count_rows("", "user_view"), std::nullopt);
}

TEST(SqliteCountRows, FindsTheTableInAnyCaseAndNeverCreatesTheFile) {
    test::TempDir dir;
    {
        SQLite::Database setup((dir / "app.db").string(),
                               SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        setup.exec(
            "CREATE TABLE Users (id INTEGER); INSERT INTO Users VALUES (1), (2);"
            "CREATE VIEW user_view AS SELECT * FROM Users;");
    }
    SqliteDatabase db(dir / "app.db", OpenMode::read_only);
    EXPECT_EQ(db.count_rows("", "users"), 2);
    EXPECT_EQ(db.count_rows("main", "USERS"), 2);
    EXPECT_EQ(db.count_rows("", "missing"), std::nullopt);
    EXPECT_EQ(db.count_rows("", "user_view"), std::nullopt);
    EXPECT_EQ(db.count_rows("nosuch", "users"), std::nullopt);

    SqliteDatabase absent(dir / "absent.db", OpenMode::read_only);
    EXPECT_EQ(absent.count_rows("", "users"), std::nullopt);
    EXPECT_FALSE(std::filesystem::exists(dir / "absent.db")) << "counting never creates it";
}

}  // namespace
}  // namespace mig::db
