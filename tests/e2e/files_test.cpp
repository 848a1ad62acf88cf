// Files mig writes are never left half-written: on a full disk (a file size limit, which fails
// writes exactly as a full disk does) every command stops with an error naming the file and
// leaves the project as it was; what a killed run left behind is cleaned up by the next.

#include "e2e/hostile.hpp"
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* k_disk_full = "disk full / file too large";

Hostile disk_full_after(std::uint64_t bytes) {
    Hostile hostile;
    hostile.file_size_limit = bytes;
    return hostile;
}

TEST(FullDisk, RevisionLeavesNoEmptyFileAndLaterCommandsStillWork) {
    Project project;
    write_linear(project, 1);
    ASSERT_MIG_OK(project.mig({"heads"}));  // mig's state folder and caches exist
    const auto before = tree_snapshot(project.root());

    MigResult result = mig_hostile(project.root(), disk_full_after(0), {"revision", "-m", "two"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(StartsWith("mig: error: cannot write "), HasSubstr("migrations/versions/"),
                      HasSubstr("_two.sql"), HasSubstr(k_disk_full), HasSubstr("free space")));
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(tree_snapshot(project.root()), before) << "no 0-byte revision, no temporary file";

    MigResult heads = project.mig({"heads"});
    ASSERT_MIG_OK(heads);
    EXPECT_THAT(heads.out, HasSubstr("r1"));
    ASSERT_MIG_OK(project.mig({"revision", "-m", "two"}));  // with space again, it works
}

TEST(FullDisk, InitLeavesNothingBehindWhenTheFirstWriteFails) {
    TempDir dir;
    dir.write(".gitignore", "node_modules/\n");
    const auto before = tree_snapshot(dir.path());
    MigResult result = mig_hostile(dir.path(), disk_full_after(0), {"init"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, AllOf(HasSubstr("cannot write "), HasSubstr(k_disk_full)));
    EXPECT_EQ(tree_snapshot(dir.path()), before);
}

TEST(FullDisk, InitThatFailsMidwayRemovesWhatItCreatedAndRestoresGitignore) {
    TempDir dir;
    dir.write(".gitignore", "node_modules/\n");
    const auto before = tree_snapshot(dir.path());
    // The template and the model (under 200 bytes each) and .gitignore fit; mig.toml does not.
    MigResult result = mig_hostile(dir.path(), disk_full_after(600), {"init"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, AllOf(HasSubstr("mig.toml"), HasSubstr(k_disk_full)));
    EXPECT_EQ(tree_snapshot(dir.path()), before);

    MigResult again = mig_at(dir.path(), {"init"});
    ASSERT_MIG_OK(again);
    EXPECT_TRUE(fs::exists(dir / "mig.toml"));
}

TEST(FullDisk, BackupLeavesNoPartialCopyAndTheUpgradeDoesNotRun) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    exec_sql(project.db(), "CREATE TABLE big (x); INSERT INTO big VALUES (randomblob(200000))");
    const std::string before = dump_database(project.db());
    const auto files_before = tree_snapshot(project.root());

    MigResult result = mig_hostile(project.root(), disk_full_after(100'000), {"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, AllOf(StartsWith("mig: error: cannot back up "), HasSubstr("app.db"),
                                  HasSubstr(k_disk_full), HasSubstr("nothing was changed"),
                                  HasSubstr("free space")));
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    auto files_after = tree_snapshot(project.root());
    files_after.erase(".mig/backups");  // the folder may now exist, empty
    auto without_db = [](std::map<std::string, std::string> files) {
        files.erase("app.db");  // compared above, as rows: the bytes may differ in a header
        return files;
    };
    EXPECT_EQ(without_db(files_after), without_db(files_before));
    EXPECT_THAT(temporary_files(project.root()), IsEmpty());
}

TEST(FullDisk, DatabaseWriteFailsNamingTheDatabaseAndChangesNothing) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    const std::string before = dump_database(project.db());
    // SQLite writes its journal before touching the database: the journal cannot grow.
    MigResult result =
        mig_hostile(project.root(), disk_full_after(1024), {"upgrade", "--no-backup"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(StartsWith("mig: error: cannot run revision r2 "), HasSubstr("app.db"),
                      HasSubstr(k_disk_full), HasSubstr("nothing of this revision was applied"),
                      HasSubstr("free space")));
    EXPECT_THAT(result.err, Not(HasSubstr("fix statement")));
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_FALSE(fs::exists(project / "app.db-journal"));
}

TEST(FullDisk, CachesAreSkippedWithoutLeavingPartialFiles) {
    Project project;
    project.dir().write("models/schema.sql", "CREATE TABLE t1 (id INTEGER);\n");
    write_linear(project, 1);
    fs::remove_all(project / ".mig/cache");
    constexpr std::uintmax_t k_limit = 1000;  // below any schema image
    MigResult result = mig_hostile(project.root(), disk_full_after(k_limit), {"check"});
    EXPECT_MIG_OK(result) << "a cache that cannot be written only costs speed";
    EXPECT_THAT(temporary_files(project.root()), IsEmpty());
    // A write cut short by the limit would leave exactly k_limit bytes, or none.
    std::vector<std::string> schemas;
    for (const auto& entry : fs::directory_iterator(project / ".mig/cache")) {
        EXPECT_LT(fs::file_size(entry.path()), k_limit) << entry.path();
        EXPECT_GT(fs::file_size(entry.path()), 0u) << entry.path();
        if (entry.path().filename().string().starts_with("schema-")) {
            schemas.push_back(entry.path().filename().string());
        }
    }
    EXPECT_THAT(schemas, IsEmpty());

    // check itself now answers from the drift file the first run could write (it is small and
    // keyed by both schemas: the answer is right without a schema); migrate needs the schema.
    ASSERT_MIG_OK(project.mig({"migrate", "-m", "x", "--sql"}));
    std::size_t written = 0;
    for (const auto& entry : fs::directory_iterator(project / ".mig/cache")) {
        written += entry.path().filename().string().starts_with("schema-") ? 1u : 0u;
    }
    EXPECT_GT(written, 0u) << "with space, the schema caches are written";
}

TEST(StaleTemporaryFiles, OfADeadProcessAreRemovedByTheNextRunUnderTheLock) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    fs::create_directories(project / ".mig/backups");
    const std::string dead = std::to_string(dead_pid());
    const std::string live = std::to_string(::getpid());
    const fs::path backups = project / ".mig/backups";
    // A killed backup's copy (new and old names), and one a running process is writing.
    project.dir().write(".mig/backups/.app.db.20260101T000000000Z.upgrade.bak.mig-tmp-" + dead,
                        "half a database");
    project.dir().write(".mig/backups/app.db.20260101T000000000Z.upgrade.bak.tmp", "old style");
    project.dir().write(".mig/backups/.app.db.20260101T000000001Z.upgrade.bak.mig-tmp-" + live,
                        "still being written");
    // A killed `mig revision`'s file: never a revision, since it does not end in .sql.
    project.dir().write("migrations/versions/.abc_x.sql.mig-tmp-" + dead, "");

    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(temporary_files(project.root()),
                ElementsAre(".mig/backups/.app.db.20260101T000000001Z.upgrade.bak.mig-tmp-" + live,
                            "migrations/versions/.abc_x.sql.mig-tmp-" + dead))
        << "the backups folder is cleaned under the lock; a live writer's file is kept";
    ASSERT_MIG_OK(project.mig({"revision", "-m", "three"}));
    EXPECT_THAT(temporary_files(project.root()),
                ElementsAre(".mig/backups/.app.db.20260101T000000001Z.upgrade.bak.mig-tmp-" + live))
        << "writing a file cleans its folder";
}

TEST(Init, ValidatesEverythingBeforeWritingAnything) {
    TempDir dir;
    fs::create_directories(dir / "models/schema.sql");  // a folder where the model should be
    auto before = tree_snapshot(dir.path());
    MigResult folder = mig_at(dir.path(), {"init"});
    EXPECT_EQ(folder.exit_code, 2) << describe(folder);
    EXPECT_EQ(folder.err,
              "mig: error: the model path models/schema.sql is a folder, not a file; pass "
              "--model with the model file's path\n");
    EXPECT_EQ(tree_snapshot(dir.path()), before);

    TempDir second;
    fs::create_directories(second / ".gitignore");
    before = tree_snapshot(second.path());
    MigResult gitignore = mig_at(second.path(), {"init"});
    EXPECT_EQ(gitignore.exit_code, 2) << describe(gitignore);
    EXPECT_THAT(gitignore.err, HasSubstr(".gitignore is not a regular file"));
    EXPECT_EQ(tree_snapshot(second.path()), before);

    TempDir third;
    third.write("migrations", "a file");
    before = tree_snapshot(third.path());
    MigResult migrations = mig_at(third.path(), {"init"});
    EXPECT_EQ(migrations.exit_code, 2) << describe(migrations);
    EXPECT_THAT(migrations.err, HasSubstr("migrations exists and is not a folder"));
    EXPECT_EQ(tree_snapshot(third.path()), before);

    TempDir fourth;
    before = tree_snapshot(fourth.path());
    MigResult url = mig_at(fourth.path(), {"init", "--database-url", "mysql://x/y"});
    EXPECT_EQ(url.exit_code, 2) << describe(url);
    EXPECT_EQ(tree_snapshot(fourth.path()), before);
}

TEST(Init, ReadOnlyFolderIsNamedAsSuch) {
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    hand_over(dir.path());
    Hostile hostile;
    hostile.unprivileged = true;
    MigResult result = mig_hostile(dir.path(), hostile, {"init"});
    fs::permissions(dir.path(), fs::perms::owner_all);
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, AllOf(HasSubstr("Permission denied"), HasSubstr("writable")));
    EXPECT_THAT(tree_snapshot(dir.path()), IsEmpty());
}

TEST(AtomicWrites, RevisionFilesKeepTheUsualPermissions) {
    Project project;
    MigResult result = project.mig({"revision", "-m", "one"});
    ASSERT_MIG_OK(result);
    const fs::path file = project / generated_file(result);
    const fs::perms bits = fs::status(file).permissions();
    EXPECT_EQ(bits & fs::perms::owner_read, fs::perms::owner_read);
    EXPECT_EQ(bits & fs::perms::owner_write, fs::perms::owner_write);
    EXPECT_THAT(temporary_files(project.root()), IsEmpty());
}

}  // namespace
}  // namespace mig::test
