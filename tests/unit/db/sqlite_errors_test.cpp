// Which SQLite failures are the environment's, and what mig says about them.

#include "db/sqlite_errors.hpp"

#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

namespace mig::db {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string message(const fs::path& file, int code) {
    auto error = environment_error(file, code, nullptr, "; nothing was changed");
    return error ? std::string(error->what()) + " | " + error->hint() : "<sql error>";
}

TEST(SqliteErrors, OrdinarySqlErrorsAreNotTheEnvironments) {
    test::TempDir dir;
    EXPECT_EQ(message(dir / "app.db", SQLITE_ERROR), "<sql error>");
    EXPECT_EQ(message(dir / "app.db", SQLITE_CONSTRAINT_UNIQUE), "<sql error>");
    EXPECT_EQ(message(dir / "app.db", SQLITE_BUSY), "<sql error>");
}

TEST(SqliteErrors, EachEnvironmentFailureNamesTheFileAndTheFix) {
    test::TempDir dir;
    const fs::path db = dir / "app.db";
    EXPECT_THAT(message(db, SQLITE_FULL),
                AllOf(StartsWith("cannot write the database " + db.string() +
                                 ": disk full / file too large"),
                      HasSubstr("; nothing was changed | free space")));
    EXPECT_THAT(message(db, SQLITE_NOTADB),
                AllOf(HasSubstr(db.string() + " is not a SQLite database"),
                      HasSubstr("point [database] url")));
    EXPECT_THAT(
        message(db, SQLITE_IOERR_WRITE),
        AllOf(HasSubstr("I/O error on the database " + db.string()), HasSubstr("check the disk")));
    EXPECT_THAT(message(db, SQLITE_CORRUPT), HasSubstr(db.string() + " is corrupt"));
    EXPECT_THAT(message(dir / "missing/app.db", SQLITE_CANTOPEN),
                AllOf(HasSubstr("the folder " + (dir / "missing").string() + " of the database"),
                      HasSubstr("does not exist")));
    fs::create_directories(db);
    EXPECT_THAT(message(db, SQLITE_CANTOPEN), HasSubstr(db.string() + " is a folder"));
    EXPECT_THAT(message(db, SQLITE_IOERR_READ), HasSubstr(db.string() + " is a folder"));
}

TEST(SqliteErrors, AJournalOnlyAWriterCanRollBack) {
    EXPECT_TRUE(is_unrecovered_journal(SQLITE_READONLY_ROLLBACK));
    EXPECT_TRUE(is_unrecovered_journal(SQLITE_READONLY_RECOVERY));
    EXPECT_FALSE(is_unrecovered_journal(SQLITE_READONLY));
    EXPECT_THAT(message("/p/app.db", SQLITE_READONLY_ROLLBACK),
                AllOf(StartsWith("the database /p/app.db has a hot journal"),
                      HasSubstr("never delete the journal")));
}

}  // namespace
}  // namespace mig::db
