// Automatic SQLite backups: when they are taken, where they live, how many are kept, and
// putting one back.

#include "e2e/project.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::SizeIs;

// Backup file names in `dir`, sorted (which is oldest first).
std::vector<std::string> backup_names(const fs::path& dir) {
    std::vector<std::string> names;
    if (fs::exists(dir)) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

const char* const k_backup_name =
    "app\\.db\\.[0-9]{8}T[0-9]{9}Z\\.(upgrade|downgrade|restore)\\.bak";

TEST(Backups, NoneForTheUpgradeThatCreatesTheDatabase) {
    Project project;
    write_linear(project, 1);
    MigResult result = project.mig({"upgrade"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(result.out, Not(HasSubstr("Backed up")));
    EXPECT_THAT(backup_names(project / ".mig/backups"), IsEmpty());
    MigResult list = project.mig({"backups"});
    ASSERT_MIG_OK(list);
    EXPECT_EQ(list.out,
              "No backups yet: mig takes one before every upgrade or downgrade that runs "
              "scripts.\n");
}

TEST(Backups, TakenBeforeAnUpgradeBesideTheDatabaseHoldingThePreviousState) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    MigResult result = project.mig({"upgrade"});
    ASSERT_MIG_OK(result);
    auto names = backup_names(project / ".mig/backups");
    ASSERT_THAT(names, SizeIs(1));
    EXPECT_THAT(names[0], MatchesRegex(k_backup_name));
    EXPECT_THAT(names[0], HasSubstr(".upgrade.bak"));
    EXPECT_THAT(result.out, HasSubstr("Backed up the database to .mig/backups/" + names[0] + "\n"));
    EXPECT_LT(result.out.find("Backed up"), result.out.find("upgrade   r1 -> r2"))
        << "the backup is reported before the steps run";

    const fs::path backup = project / ".mig/backups" / names[0];
    EXPECT_THAT(version_rows(backup), ElementsAre("r1"));
    EXPECT_THAT(user_objects(backup), ElementsAre("t1"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r2"));

    MigResult list = project.mig({"backups"});
    ASSERT_MIG_OK(list);
    EXPECT_THAT(list.out,
                MatchesRegex(names[0] + "  [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z  "
                                        "before upgrade  [0-9]+ KiB  at r1\n"));
}

TEST(Backups, NoneWhenThereIsNothingToRun) {
    Project project;
    write_linear(project, 1);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    ASSERT_MIG_OK(project.mig({"stamp", "r1"}));
    EXPECT_THAT(backup_names(project / ".mig/backups"), IsEmpty());
}

TEST(Backups, TakenBeforeADowngrade) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    MigResult result = project.mig({"downgrade"});
    ASSERT_MIG_OK(result);
    auto names = backup_names(project / ".mig/backups");
    ASSERT_THAT(names, SizeIs(1));
    EXPECT_THAT(names[0], HasSubstr(".downgrade.bak"));
    EXPECT_THAT(version_rows(project / ".mig/backups" / names[0]), ElementsAre("r2"));
}

TEST(Backups, SkippedWithNoBackupOrWhenConfiguredOff) {
    Project project;
    write_linear(project, 3);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    MigResult flag = project.mig({"upgrade", "r2", "--no-backup"});
    ASSERT_MIG_OK(flag);
    EXPECT_THAT(flag.out, Not(HasSubstr("Backed up")));
    EXPECT_THAT(backup_names(project / ".mig/backups"), IsEmpty());

    project.write_config("[database]\nurl = \"sqlite:///app.db\"\nbackup = false\n");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    ASSERT_MIG_OK(project.mig({"downgrade"}));
    EXPECT_THAT(backup_names(project / ".mig/backups"), IsEmpty());
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r2"));
}

TEST(Backups, KeepsOnlyTheNewestBackupKeep) {
    Project project;
    write_linear(project, 5);
    project.write_config("[database]\nurl = \"sqlite:///app.db\"\nbackup_keep = 2\n");
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    for (int i = 0; i < 4; ++i) {
        ASSERT_MIG_OK(project.mig({"upgrade", "+1"}));
    }
    auto names = backup_names(project / ".mig/backups");
    ASSERT_THAT(names, SizeIs(2));
    EXPECT_THAT(version_rows(project / ".mig/backups" / names[0]), ElementsAre("r3"));
    EXPECT_THAT(version_rows(project / ".mig/backups" / names[1]), ElementsAre("r4"));

    MigResult list = project.mig({"backups"});
    ASSERT_MIG_OK(list);
    auto lines = lines_of(list.out);
    ASSERT_THAT(lines, SizeIs(2));
    EXPECT_THAT(lines[0], HasSubstr(names[1])) << "newest first";
    EXPECT_THAT(lines[1], HasSubstr(names[0]));
}

TEST(Backups, RestorePutsTheNewestBackBackingUpTheCurrentStateFirst) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    exec_sql(project.db(), "INSERT INTO t1 VALUES (42)");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO t2 VALUES (7)");
    const auto taken = backup_names(project / ".mig/backups");
    ASSERT_THAT(taken, SizeIs(1));

    MigResult result = project.mig({"restore"});
    ASSERT_MIG_OK(result);
    auto names = backup_names(project / ".mig/backups");
    ASSERT_THAT(names, SizeIs(2));
    const std::string safety = names[0] == taken[0] ? names[1] : names[0];
    EXPECT_THAT(safety, HasSubstr(".restore.bak"));
    EXPECT_EQ(result.out, "Restored app.db from " + taken[0] +
                              " (at r1); the previous state is saved as " + safety + "\n");

    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t1"));
    EXPECT_THAT(query_column(project.db(), "SELECT id FROM t1"), ElementsAre("42"));
    EXPECT_EQ(project.mig({"current"}).out, "r1\n");

    const fs::path saved = project / ".mig/backups" / safety;
    EXPECT_THAT(version_rows(saved), ElementsAre("r2"));
    EXPECT_THAT(query_column(saved, "SELECT id FROM t2"), ElementsAre("7"));

    // Restoring the safety copy by a unique prefix undoes the restore.
    const std::string prefix = safety.substr(0, safety.size() - std::string("restore.bak").size());
    ASSERT_MIG_OK(project.mig({"restore", prefix}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r2"));
    EXPECT_THAT(query_column(project.db(), "SELECT id FROM t2"), ElementsAre("7"));
}

TEST(Backups, RestoreErrors) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    MigResult none = project.mig({"restore"});
    EXPECT_EQ(none.exit_code, 2) << describe(none);
    EXPECT_EQ(none.err,
              "mig: error: no backups of app.db in .mig/backups; mig takes one before every "
              "upgrade or downgrade that runs scripts\n");

    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());
    const auto names = backup_names(project / ".mig/backups");
    MigResult unknown = project.mig({"restore", "app.db.1999"});
    EXPECT_EQ(unknown.exit_code, 2) << describe(unknown);
    EXPECT_EQ(unknown.err,
              "mig: error: no backup named 'app.db.1999'; available: " + names.at(0) + "\n");
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_EQ(backup_names(project / ".mig/backups"), names)
        << "no safety copy for a failed restore";
}

TEST(Backups, LiveBesideADatabaseInASubfolder) {
    Project project;
    write_linear(project, 2);
    project.write_config("[database]\nurl = \"sqlite:///data/app.db\"\n");
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_TRUE(fs::exists(project / "data/app.db"));
    EXPECT_THAT(backup_names(project / "data/.mig/backups"), SizeIs(1));
    EXPECT_TRUE(fs::exists(project / "data/.mig/app.db.lock"));
    EXPECT_FALSE(fs::exists(project / ".mig/backups"));
    EXPECT_FALSE(fs::exists(project / ".mig/app.db.lock"));
    MigResult list = project.mig({"backups"});
    EXPECT_THAT(list.out, HasSubstr("before upgrade"));
}

TEST(Backups, TakenEvenWhenTheUpgradeThenFails) {
    Project project;
    write_linear(project, 1);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    project.write_revision(rev("bad", {"r1"}, "SELECT * FROM nope;"));
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    auto names = backup_names(project / ".mig/backups");
    ASSERT_THAT(names, SizeIs(1));
    EXPECT_THAT(version_rows(project / ".mig/backups" / names[0]), ElementsAre("r1"));
}

// --- restore never loses the backup it restores ------------------------------------------

// Three backups, oldest first: at r1, r2 and r3 (upgrades to r2, r3, r4).
std::vector<std::string> three_backups(const Project& project, int keep) {
    write_linear(project, 4);
    project.write_config(
        "[database]\nurl = \"sqlite:///app.db\"\nbackup_keep = " + std::to_string(keep) + "\n");
    EXPECT_MIG_OK(project.mig({"upgrade", "r1"}));
    for (int i = 0; i < 3; ++i) {
        EXPECT_MIG_OK(project.mig({"upgrade", "+1"}));
    }
    return backup_names(project / ".mig/backups");
}

TEST(Restore, TheOldestBackupAtTheRotationLimit) {
    Project project;
    const auto names = three_backups(project, 3);
    ASSERT_THAT(names, SizeIs(3));
    MigResult result = project.mig({"restore", names[0]});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    auto after = backup_names(project / ".mig/backups");
    EXPECT_THAT(after, SizeIs(4)) << "the restored backup and the safety copy are both kept";
    EXPECT_EQ(after[0], names[0]);
    ASSERT_MIG_OK(project.mig({"restore", names[0]})) << "restoring it again works";
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
}

TEST(Restore, TheOldestBackupAfterBackupKeepWasLowered) {
    Project project;
    const auto names = three_backups(project, 3);
    ASSERT_THAT(names, SizeIs(3));
    project.write_config("[database]\nurl = \"sqlite:///app.db\"\nbackup_keep = 1\n");
    MigResult result = project.mig({"restore", names[0]});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    auto after = backup_names(project / ".mig/backups");
    ASSERT_THAT(after, SizeIs(2)) << "pruned to backup_keep, plus the one restored";
    EXPECT_EQ(after[0], names[0]);
    EXPECT_THAT(after[1], HasSubstr(".restore.bak"));
}

TEST(Restore, WhileAnApplicationHoldsALockFailsCleanlyAndARetryWorks) {
    Project project;
    const auto names = three_backups(project, 3);
    ASSERT_THAT(names, SizeIs(3));
    const std::string before = dump_database(project.db());
    MigResult result;
    {
        // An application in the middle of a read: SQLite lets nobody replace the pages under it.
        SQLite::Database application(project.db().string(), SQLite::OPEN_READONLY);
        application.exec("BEGIN");
        SQLite::Statement reading(application, "SELECT count(*) FROM t1");
        ASSERT_TRUE(reading.executeStep());
        result = project.mig({"restore", names[0]});
        reading.reset();
        application.exec("COMMIT");
    }
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.err, "mig: error: cannot restore " + project.db().string() + " from " +
                              names[0] +
                              ": another program holds a lock on the database (database is "
                              "locked); the database was not changed and the backup is kept; "
                              "close the program using the database, then run `mig restore " +
                              names[0] + "` again\n");
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_EQ(backup_names(project / ".mig/backups"), names) << "no safety copy, nothing pruned";

    ASSERT_MIG_OK(project.mig({"restore", names[0]}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
}

// --- permissions ----------------------------------------------------------------------------

fs::perms mode_of(const fs::path& file) {
    return fs::status(file).permissions() & fs::perms::all;
}

TEST(Backups, GetTheDatabaseFilesOwnPermissions) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    fs::permissions(project.db(), fs::perms::owner_read | fs::perms::owner_write);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    auto names = backup_names(project / ".mig/backups");
    ASSERT_THAT(names, SizeIs(1));
    EXPECT_EQ(mode_of(project / ".mig/backups" / names[0]),
              fs::perms::owner_read | fs::perms::owner_write)
        << "a 0600 database's copy is not readable by others";

    ASSERT_MIG_OK(project.mig({"restore"}));
    EXPECT_EQ(mode_of(project.db()), fs::perms::owner_read | fs::perms::owner_write);
    for (const auto& name : backup_names(project / ".mig/backups")) {
        EXPECT_EQ(mode_of(project / ".mig/backups" / name),
                  fs::perms::owner_read | fs::perms::owner_write)
            << name;
    }

    fs::remove(project.db());
    ASSERT_MIG_OK(project.mig({"restore", names[0]}));
    EXPECT_EQ(mode_of(project.db()), fs::perms::owner_read | fs::perms::owner_write)
        << "a database restored from nothing gets the backup's mode";
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
}

}  // namespace
}  // namespace mig::test
