// When the database's environment fails (a read-only file or folder, a path that is a
// folder, a file that is not a database, a hot journal left by a crashed writer), mig says
// so, naming the file and the fix, exits 1, and changes nothing: never "fix statement 1".

#include "e2e/hostile.hpp"
#include "e2e/project.hpp"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

Hostile unprivileged() {
    Hostile hostile;
    hostile.unprivileged = true;
    return hostile;
}

// A project at r1 with r2 pending; nobody's when the tests run as root.
void at_r1_of_two(const Project& project) {
    project.write_chain({rev("r1", {}, "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;"),
                         rev("r2", {}, "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;")});
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    exec_sql(project.db(), "INSERT INTO t1 VALUES (1), (2)");
    hand_over(project.root());
}

TEST(DatabaseEnvironment, ReadOnlyDatabaseFile) {
    Project project;
    at_r1_of_two(project);
    const std::string before = dump_database(project.db());
    fs::permissions(project.db(), fs::perms::owner_read | fs::perms::group_read);
    MigResult result = mig_hostile(project.root(), unprivileged(), {"upgrade", "--no-backup"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(StartsWith("mig: error: cannot run revision r2 "),
                      HasSubstr("the database file " + project.db().string() + " is read-only"),
                      HasSubstr("nothing of this revision was applied"),
                      HasSubstr("chmod u+w " + project.db().string())));
    EXPECT_THAT(result.err, Not(HasSubstr("fix statement")));
    EXPECT_EQ(dump_database(project.db()), before);

    MigResult stamp = mig_hostile(project.root(), unprivileged(), {"stamp", "r2"});
    EXPECT_EQ(stamp.exit_code, 1) << describe(stamp);
    EXPECT_THAT(stamp.err,
                AllOf(HasSubstr("is read-only"), HasSubstr("the version was not changed")));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));

    MigResult current = mig_hostile(project.root(), unprivileged(), {"current"});
    ASSERT_MIG_OK(current) << "reading needs no write access";
    EXPECT_EQ(current.out, "r1\n");
}

TEST(DatabaseEnvironment, ReadOnlyDatabaseFolder) {
    Project project;
    at_r1_of_two(project);
    const std::string before = dump_database(project.db());
    // mig's own state folder stays writable (it holds the lock and backups); SQLite's journal
    // goes beside the database, in the read-only folder.
    fs::permissions(project.root(), fs::perms::owner_read | fs::perms::owner_exec);
    MigResult result = mig_hostile(project.root(), unprivileged(), {"upgrade", "--no-backup"});
    fs::permissions(project.root(), fs::perms::owner_all);
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(StartsWith("mig: error: cannot run revision r2 "),
                      HasSubstr("the folder " + project.root().string() + " of the database " +
                                project.db().string() + " is read-only"),
                      HasSubstr("chmod u+w " + project.root().string())));
    EXPECT_THAT(result.err, Not(HasSubstr("fix statement")));
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(DatabaseEnvironment, DatabasePathIsAFolder) {
    Project project;
    project.write_chain({rev("r1", {}, "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;")});
    fs::create_directories(project.db());
    for (const auto& command :
         {std::vector<std::string>{"upgrade"}, std::vector<std::string>{"current"}}) {
        MigResult result = project.mig(command);
        EXPECT_EQ(result.exit_code, 1) << describe(result);
        EXPECT_EQ(result.err, "mig: error: the database path " + project.db().string() +
                                  " is a folder, not a SQLite database file; point [database] "
                                  "url (or --database-url) at a file\n");
    }
    EXPECT_TRUE(fs::is_empty(project.db()));
}

TEST(DatabaseEnvironment, DatabaseFolderCannotBeCreated) {
    Project project;
    project.write_chain({rev("r1", {}, "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;")});
    project.dir().write("data", "a file, where the database's folder should be");
    project.write_config("[database]\nurl = \"sqlite:///data/app.db\"\n");
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, AllOf(StartsWith("mig: error: cannot create the folder " +
                                             (project / "data").string()),
                                  HasSubstr("fix [database] url")));
    EXPECT_EQ(project.dir().read("data"), "a file, where the database's folder should be");
}

TEST(DatabaseEnvironment, FileThatIsNotADatabase) {
    Project project;
    project.write_chain({rev("r1", {}, "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;")});
    const std::string text(8192, 'x');
    project.dir().write("app.db", text);
    for (const auto& command :
         {std::vector<std::string>{"upgrade"}, std::vector<std::string>{"current"},
          std::vector<std::string>{"stamp", "r1"}}) {
        MigResult result = project.mig(command);
        EXPECT_EQ(result.exit_code, 1) << describe(result);
        EXPECT_THAT(result.err, AllOf(HasSubstr("the database path " + project.db().string() +
                                                " is not a SQLite database"),
                                      HasSubstr("point [database] url")));
    }
    EXPECT_EQ(project.dir().read("app.db"), text);
}

// --- hot journals ------------------------------------------------------------------------

// Leaves a hot journal beside `db`, as a crash does: a child process starts a write
// transaction (journal_mode DELETE, a cache so small that changed pages spill into the
// database file before COMMIT), and is killed with SIGKILL in the middle of it.
void crash_mid_transaction(const fs::path& db) {
    pid_t child = ::fork();
    if (child == 0) {
        SQLite::Database connection(db.string(), SQLite::OPEN_READWRITE);
        connection.exec("PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1;");
        connection.exec("BEGIN");
        connection.exec("DELETE FROM t1");
        connection.exec("CREATE TABLE half (x)");
        connection.exec("INSERT INTO half SELECT randomblob(1000) FROM t1, t1 AS b");
        ::kill(::getpid(), SIGKILL);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    ASSERT_GT(fs::file_size(fs::path(db.string() + "-journal")), 0u) << "a hot journal";
}

// r1 applied, t1 with 20 rows.
void with_rows(const Project& project) {
    project.write_chain({rev("r1", {}, "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;"),
                         rev("r2", {}, "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;")});
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    exec_sql(project.db(),
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
             "WHERE i < 20) INSERT INTO t1 SELECT i FROM n");
}

TEST(HotJournal, ReadCommandsRollItBackAndWork) {
    // (`upgrade --sql` reads no database today: it renders from base.)
    const std::vector<std::vector<std::string>> commands{
        {"current"}, {"check", "--db"}, {"stamp", "r1"}, {"downgrade", "--sql"}};
    for (const auto& command : commands) {
        SCOPED_TRACE(command.front());
        Project project;
        project.dir().write("models/schema.sql",
                            "CREATE TABLE t1 (id INTEGER);\nCREATE TABLE t2 (id INTEGER);\n");
        with_rows(project);
        const std::string committed = dump_database(project.db());
        crash_mid_transaction(project.db());

        MigResult result = project.mig(command);
        EXPECT_THAT(result.err, Not(HasSubstr("readonly database")));
        EXPECT_MIG_OK(result);
        EXPECT_FALSE(fs::exists(project.db().string() + "-journal"));
        EXPECT_EQ(dump_database(project.db()), committed) << "rolled back to the committed state";
    }
}

TEST(HotJournal, RestoreAndUpgradeRollItBackFirst) {
    Project project;
    with_rows(project);
    ASSERT_MIG_OK(project.mig({"upgrade"}));  // takes a backup at r1
    crash_mid_transaction(project.db());
    ASSERT_MIG_OK(project.mig({"restore"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_THAT(query_column(project.db(), "SELECT count(*) FROM t1"), ElementsAre("20"));

    crash_mid_transaction(project.db());
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r2"));
    EXPECT_THAT(query_column(project.db(), "SELECT count(*) FROM t1"), ElementsAre("20"));
}

TEST(HotJournal, WithoutWriteAccessSaysWhatHappenedAndWhatToRun) {
    Project project;
    with_rows(project);
    crash_mid_transaction(project.db());
    const std::string journal = project.db().string() + "-journal";
    const std::string journal_bytes = *file_bytes(journal);
    hand_over(project.root());
    fs::permissions(project.root(), fs::perms::owner_read | fs::perms::owner_exec);
    fs::permissions(project.db(), fs::perms::owner_read);
    MigResult result = mig_hostile(project.root(), unprivileged(), {"current"});
    fs::permissions(project.root(), fs::perms::owner_all);
    fs::permissions(project.db(), fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(StartsWith("mig: error: the database " + project.db().string() +
                                 " has a hot journal"),
                      HasSubstr("stopped in the middle of a write"), HasSubstr("write access"),
                      HasSubstr("never delete the journal")));
    EXPECT_EQ(file_bytes(journal), journal_bytes) << "the journal is left alone";

    ASSERT_MIG_OK(project.mig({"current"}));  // with write access, it is rolled back
    EXPECT_FALSE(fs::exists(journal));
}

}  // namespace
}  // namespace mig::test
