#include "db/sqlite_backups.hpp"

#include "db/sqlite_database.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::db {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

class SqliteBackupsTest : public ::testing::Test {
protected:
    void SetUp() override { stamp_to("aaa"); }

    // Sets the database's single head to `revision`.
    void stamp_to(const std::string& revision) {
        SqliteDatabase db(m_file, OpenMode::read_write);
        db.stamp(db.current_heads(), {revision}, {});
    }

    std::vector<std::string> heads() {
        return SqliteDatabase(m_file, OpenMode::read_only).current_heads();
    }

    std::vector<std::string> names(const std::vector<BackupInfo>& backups) {
        std::vector<std::string> out;
        out.reserve(backups.size());
        for (const auto& backup : backups) {
            out.push_back(backup.name);
        }
        return out;
    }

    test::TempDir m_dir;
    fs::path m_file = m_dir / "app.db";
    SqliteBackups m_backups{m_file};
};

TEST_F(SqliteBackupsTest, CreateCopiesTheDatabaseIntoTheStateDir) {
    BackupInfo backup = m_backups.create("upgrade", 5);
    EXPECT_EQ(m_backups.directory(), m_dir / ".mig/backups");
    EXPECT_EQ(backup.path.parent_path(), m_backups.directory());
    EXPECT_THAT(backup.name, MatchesRegex(R"(app\.db\.[0-9]{8}T[0-9]{9}Z\.upgrade\.bak)"));
    EXPECT_THAT(backup.taken_at,
                MatchesRegex(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)"));
    EXPECT_EQ(backup.reason, "upgrade");
    EXPECT_GT(backup.size, 0u);
    EXPECT_THAT(backup.heads, ElementsAre("aaa"));
    EXPECT_THAT(SqliteDatabase(backup.path, OpenMode::read_only).current_heads(),
                ElementsAre("aaa"));
}

TEST_F(SqliteBackupsTest, ListIsNewestFirstWithHeadsAndIgnoresOtherFiles) {
    BackupInfo first = m_backups.create("upgrade", 5);
    stamp_to("bbb");
    BackupInfo second = m_backups.create("downgrade", 5);
    m_dir.write(".mig/backups/app.db.old.20261121T100000123Z.upgrade.bak",
                "another database's backup");
    m_dir.write(".mig/backups/app.db.notes.bak", "not a backup name");
    m_dir.write(".mig/backups/" + second.name + ".tmp", "half-written");

    auto backups = m_backups.list();
    EXPECT_THAT(names(backups), ElementsAre(second.name, first.name));
    EXPECT_THAT(backups[0].heads, ElementsAre("bbb"));
    EXPECT_THAT(backups[1].heads, ElementsAre("aaa"));
    EXPECT_EQ(backups[0].reason, "downgrade");
}

TEST_F(SqliteBackupsTest, ListWithoutBackupsIsEmpty) {
    EXPECT_THAT(m_backups.list(), IsEmpty());
}

TEST_F(SqliteBackupsTest, CreatePrunesToTheNewestKeep) {
    m_backups.create("upgrade", 2);
    BackupInfo second = m_backups.create("upgrade", 2);
    BackupInfo third = m_backups.create("upgrade", 2);
    EXPECT_THAT(names(m_backups.list()), ElementsAre(third.name, second.name));
}

TEST_F(SqliteBackupsTest, FindByExactNameOrUniquePrefix) {
    BackupInfo first = m_backups.create("upgrade", 5);
    BackupInfo second = m_backups.create("downgrade", 5);
    EXPECT_EQ(m_backups.find(first.name).name, first.name);
    EXPECT_EQ(m_backups.find(second.name.substr(0, second.name.size() - 8)).name,
              second.name);  // drops "rade.bak"
}

TEST_F(SqliteBackupsTest, FindRejectsAmbiguousAndUnknownNamesListingTheBackups) {
    BackupInfo first = m_backups.create("upgrade", 5);
    BackupInfo second = m_backups.create("upgrade", 5);
    try {
        m_backups.find("app.db.");
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("matches several"), HasSubstr(first.name),
                                        HasSubstr(second.name)));
    }
    try {
        m_backups.find("nope");
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("no backup named 'nope'"));
        EXPECT_THAT(error.hint(), AllOf(HasSubstr(first.name), HasSubstr(second.name)));
    }
}

TEST_F(SqliteBackupsTest, RestoreRoundTrip) {
    BackupInfo backup = m_backups.create("upgrade", 5);
    {
        SqliteDatabase db(m_file, OpenMode::read_write);
        db.connection().exec("CREATE TABLE added_later (x)");
    }
    stamp_to("bbb");
    ASSERT_THAT(heads(), ElementsAre("bbb"));

    m_backups.restore(m_backups.find(backup.name));
    EXPECT_THAT(heads(), ElementsAre("aaa"));
    SQLite::Database db(m_file.string(), SQLite::OPEN_READONLY);
    EXPECT_FALSE(db.tableExists("added_later"));
}

TEST_F(SqliteBackupsTest, RestoreIsSeenByAnOpenConnection) {
    BackupInfo backup = m_backups.create("upgrade", 5);
    SqliteDatabase open(m_file, OpenMode::read_write);
    open.stamp({"aaa"}, {"bbb"}, {});
    m_backups.restore(backup);
    EXPECT_THAT(open.current_heads(), ElementsAre("aaa"));
}

TEST_F(SqliteBackupsTest, BackingUpAMissingDatabaseFails) {
    SqliteBackups missing(m_dir / "missing.db");
    EXPECT_THROW(missing.create("upgrade", 5), FailedError);
}

}  // namespace
}  // namespace mig::db
