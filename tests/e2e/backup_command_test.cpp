// [database] backup_command: the user's own backup before a run that changes the database,
// in place of the built-in SQLite copy (and the only backup a server database gets; see
// postgres_backup_command_test.cpp).

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// mig.toml as `mig init` writes it, with `extra` lines in [database].
void configure(const Project& project, const std::string& extra) {
    project.write_config("[database]\nurl = \"sqlite:///app.db\"\n" + extra +
                         "\n[model]\npaths = [\"models/schema.sql\"]\n[migrations]\n"
                         "directory = \"migrations\"\n");
}

// The command records what it was given, one run a line.
const char* const k_recording_command =
    "backup_command = 'printf \"%s|%s|%s\\n\" \"$MIG_BACKUP_REASON\" \"$MIG_DATABASE_URL\" "
    "\"$MIG_DATABASE_PATH\" >> backup.log && cp \"$MIG_DATABASE_PATH\" copy.db'";

TEST(BackupCommand, RunsBeforeEachUpgradeAndDowngradeInPlaceOfTheBuiltInCopy) {
    Project project;
    write_linear(project, 2);
    configure(project, k_recording_command);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));  // creates the database: nothing to back up
    EXPECT_FALSE(fs::exists(project / "backup.log"));

    MigResult up = project.mig({"upgrade"});
    ASSERT_MIG_OK(up);
    EXPECT_THAT(up.out, HasSubstr("Backed up the database with [database] backup_command ("));
    MigResult down = project.mig({"downgrade", "-1"});
    ASSERT_MIG_OK(down);
    const std::string db = fs::canonical(project.db()).string();
    EXPECT_EQ(read_file(project / "backup.log"),
              "upgrade|sqlite:///app.db|" + db + "\ndowngrade|sqlite:///app.db|" + db + "\n");
    // The copy the command made before the downgrade holds r2's table: the state before it.
    EXPECT_THAT(user_objects(project / "copy.db"), testing::Contains("t2"));
    EXPECT_FALSE(fs::exists(project / ".mig/backups")) << "no built-in copy beside the command";
}

TEST(BackupCommand, NotRunWhenThereIsNothingToRunOrWithNoBackup) {
    Project project;
    write_linear(project, 2);
    configure(project, k_recording_command);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));  // already there
    ASSERT_MIG_OK(project.mig({"upgrade", "--no-backup"}));
    MigResult sql = project.mig({"downgrade", "--sql", "r2:r1"});
    ASSERT_MIG_OK(sql);
    EXPECT_FALSE(fs::exists(project / "backup.log"));
    configure(project, k_recording_command + std::string("\nbackup = false"));
    ASSERT_MIG_OK(project.mig({"downgrade", "-1"}));
    EXPECT_FALSE(fs::exists(project / "backup.log")) << "backup = false turns every backup off";
}

TEST(BackupCommand, AFailingCommandStopsTheRunBeforeAnythingChanges) {
    Project project;
    write_linear(project, 2);
    configure(project,
              "backup_command = \"echo starting; echo 'pg_dump: error: disk full' >&2; "
              "exit 3\"");
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(
        result.err,
        "mig: error: [database] backup_command failed with exit status 3: pg_dump: error: "
        "disk full; nothing was run before the upgrade; fix the command in mig.toml (it runs in " +
            project.root().string() +
            "), or go on without a backup: --no-backup (upgrade, downgrade, rollback) or "
            "[database] backup = false\n");
    EXPECT_EQ(version_rows(project.db()), std::vector<std::string>{"r1"});
    EXPECT_THAT(user_objects(project.db()), Not(testing::Contains("t2")));
}

TEST(BackupCommand, OneThatHangsIsStoppedAtItsTimeout) {
    Project project;
    write_linear(project, 2);
    configure(project, "backup_command = \"sleep 30\"\nbackup_command_timeout = 1");
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("[database] backup_command did not finish within 1 s and "
                                      "was stopped; nothing was run before the upgrade"));
    EXPECT_EQ(version_rows(project.db()), std::vector<std::string>{"r1"});
}

TEST(BackupCommand, AnEmptyCommandIsBadConfiguration) {
    Project project;
    write_linear(project, 1);
    configure(project, "backup_command = \"\"");
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("backup_command"));
    EXPECT_THAT(version_rows(project.db()), IsEmpty());
}

}  // namespace
}  // namespace mig::test
