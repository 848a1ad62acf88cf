#include "db/lock_file.hpp"

#include "db/open_database.hpp"
#include "db/sqlite_database.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::db {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

TEST(LockFile, CreatesParentFoldersAndTheFile) {
    test::TempDir dir;
    LockFile lock(dir / "a/b/app.db.lock", 0ms);
    EXPECT_TRUE(std::filesystem::exists(dir / "a/b/app.db.lock"));
}

TEST(LockFile, SecondHolderTimesOutNamingTheLock) {
    test::TempDir dir;
    const auto path = dir / "app.db.lock";
    LockFile first(path, 1000ms);
    const auto start = std::chrono::steady_clock::now();
    try {
        LockFile second(path, 100ms);
        FAIL() << "expected FailedError";
    } catch (const FailedError& error) {
        EXPECT_THAT(error.what(), HasSubstr("another mig process holds the lock " + path.string() +
                                            "; waited 0.1 s"));
        EXPECT_THAT(error.hint(), HasSubstr("lock_timeout"));
    }
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 100ms);
    EXPECT_LT(waited, 2s);
}

TEST(LockFile, ReleasedOnDestruction) {
    test::TempDir dir;
    const auto path = dir / "app.db.lock";
    { LockFile first(path, 0ms); }
    EXPECT_NO_THROW(LockFile(path, 0ms));
}

TEST(MigrationLock, SqliteLockLivesInTheStateDirBesideTheDatabase) {
    test::TempDir dir;
    const DatabaseUrl url = parse_database_url("sqlite:///app.db", dir.path());
    auto held = acquire_migration_lock(url, {}, 0ms);
    EXPECT_TRUE(std::filesystem::exists(dir / ".mig/app.db.lock"));
    EXPECT_FALSE(std::filesystem::exists(dir / "app.db"));  // the lock never creates the database
    EXPECT_THROW(acquire_migration_lock(url, {}, 50ms), FailedError);
}

TEST(MigrationLock, OwnsWhatHoldsItWithoutAnyDatabaseObject) {
    test::TempDir dir;
    const DatabaseUrl url = parse_database_url("sqlite:///data/app.db", dir.path());
    {
        auto held = acquire_migration_lock(url, {}, 0ms);
        { SqliteDatabase opened_and_closed(dir / "data/app.db", OpenMode::read_write); }
        EXPECT_THROW(acquire_migration_lock(url, {}, 50ms), FailedError);
    }
    EXPECT_NO_THROW(acquire_migration_lock(url, {}, 0ms));
}

}  // namespace
}  // namespace mig::db
