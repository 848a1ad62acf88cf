// Two mig processes at once: the migration lock makes them take turns, so no revision is
// applied twice, and a process that cannot get the lock in time says so.

#include "e2e/project.hpp"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <future>
#include <string>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// flock(2) on a file, as mig takes it on `.mig/<db>.lock`; released on destruction.
class HeldLock {
public:
    explicit HeldLock(const fs::path& path) {
        fs::create_directories(path.parent_path());
        m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0 || ::flock(m_fd, LOCK_EX) != 0) {
            ADD_FAILURE() << "cannot lock " << path;
        }
    }
    ~HeldLock() { release(); }
    HeldLock(const HeldLock&) = delete;
    HeldLock& operator=(const HeldLock&) = delete;

    void release() {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }

private:
    int m_fd = -1;
};

// True while another open file description holds the flock on `path`.
bool is_locked(const fs::path& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    bool locked = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);  // releases it if we got it
    return locked;
}

// Polls `condition` until it holds or `timeout` passes.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

std::future<MigResult> start_mig(const Project& project, std::vector<std::string> args) {
    return std::async(std::launch::async,
                      [&project, args = std::move(args)] { return project.mig(args); });
}

// r1 inserts 200,000 rows (long enough for a second process to arrive meanwhile); r2, r3 small.
void write_slow_chain(const Project& project, const std::string& parent = {}) {
    RevisionSpec slow =
        rev("r1", {},
            "CREATE TABLE big (n INTEGER);\n"
            "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000)\n"
            "INSERT INTO big SELECT n FROM c;",
            "DROP TABLE big;", "slow");
    if (!parent.empty()) {
        slow.parents = {parent};
    }
    project.write_chain({slow, rev("r2", {}, "CREATE TABLE t2 (a);", "DROP TABLE t2;", "two"),
                         rev("r3", {}, "CREATE TABLE t3 (a);", "DROP TABLE t3;", "three")});
}

const std::string k_lock_timeout_config =
    "[database]\nurl = \"sqlite:///app.db\"\nlock_timeout = 0.2\n";

// Both exit 0; exactly one applied the revisions, the other found nothing to do.
void expect_one_applied(const MigResult& a, const MigResult& b, const std::string& summary) {
    EXPECT_MIG_OK(a);
    EXPECT_MIG_OK(b);
    const std::string nothing = "Nothing to upgrade: the database is at r3.";
    const bool a_applied = a.out.find(summary) != std::string::npos;
    const bool b_applied = b.out.find(summary) != std::string::npos;
    EXPECT_NE(a_applied, b_applied) << describe(a) << describe(b);
    EXPECT_THAT(a_applied ? b.out : a.out, HasSubstr(nothing)) << describe(a) << describe(b);
}

TEST(Concurrency, TwoUpgradesOfAnExistingDatabaseApplyEachRevisionOnce) {
    Project project;
    project.write_revision(rev("r0", {}, "CREATE TABLE t0 (a);", "DROP TABLE t0;", "zero"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    write_slow_chain(project, "r0");

    auto first = start_mig(project, {"upgrade"});
    auto second = start_mig(project, {"upgrade"});
    MigResult a = first.get();
    MigResult b = second.get();

    expect_one_applied(a, b, "Database is now at r3 (3 revisions applied).");
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade r0", "upgrade r1", "upgrade r2", "upgrade r3"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r3"));
    EXPECT_THAT(query_column(project.db(), "SELECT count(*) FROM big"), ElementsAre("200000"));
}

TEST(Concurrency, TwoUpgradesCreatingTheDatabaseApplyEachRevisionOnceAndKeepIt) {
    Project project;
    write_slow_chain(project);
    auto first = start_mig(project, {"upgrade"});
    auto second = start_mig(project, {"upgrade"});
    MigResult a = first.get();
    MigResult b = second.get();

    expect_one_applied(a, b, "Database is now at r3 (3 revisions applied).");
    ASSERT_TRUE(fs::exists(project.db()))
        << "the process that found nothing to do removed the database the other one built";
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade r1", "upgrade r2", "upgrade r3"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r3"));
    EXPECT_THAT(query_column(project.db(), "SELECT count(*) FROM big"), ElementsAre("200000"));
}

// The same race, made deterministic: the test holds the lock while an upgrade of a project
// without a database waits for it, and meanwhile another migrator builds the database. The
// upgrade must then find nothing to do, and keep what the other one built.
TEST(Concurrency, AnUpgradeThatWaitedNeverRemovesTheDatabaseAnotherProcessBuilt) {
    Project project;
    project.write_revision(rev("r1", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "one"));
    MigResult script = project.mig({"upgrade", "--sql"});
    ASSERT_MIG_OK(script);

    HeldLock lock(project / ".mig/app.db.lock");
    auto waiting = start_mig(project, {"upgrade"});
    // Time to reach the lock. (An upgrade that opens the database before locking creates the
    // file on the way, which ends the wait early; one that locks first creates nothing yet.)
    wait_until([&] { return fs::exists(project.db()); }, 500ms);
    MigResult other =
        run_program(project.root(), {"sqlite3", project.db().string()}, {}, script.out);
    ASSERT_EQ(other.exit_code, 0) << describe(other);
    lock.release();

    MigResult result = waiting.get();
    EXPECT_MIG_OK(result);
    EXPECT_THAT(result.out, HasSubstr("Nothing to upgrade: the database is at r1."));
    ASSERT_TRUE(fs::exists(project.db())) << "the waiting upgrade removed the database";
    EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t"));
}

TEST(Concurrency, LockTimeoutWhileAnotherProcessHoldsTheLock) {
    Project project;
    project.write_config(k_lock_timeout_config);
    project.write_revision(rev("r1", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "one"));
    const fs::path lock_file = project / ".mig/app.db.lock";
    const std::string expected = "mig: error: another mig process holds the lock " +
                                 lock_file.string() +
                                 "; waited 0.2 s; wait for it to finish, or raise [database] "
                                 "lock_timeout\n";
    {
        HeldLock lock(lock_file);
        const auto started = std::chrono::steady_clock::now();
        MigResult result = project.mig({"upgrade"});
        const auto took = std::chrono::steady_clock::now() - started;
        EXPECT_EQ(result.exit_code, 1) << describe(result);
        EXPECT_EQ(result.err, expected);
        EXPECT_GE(took, 200ms);
        EXPECT_LT(took, 10s) << "the configured timeout, not the default 30 s";
        EXPECT_FALSE(fs::exists(project.db())) << "nothing was created";
    }
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());
    HeldLock lock(lock_file);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"downgrade"}, {"stamp", "base"}, {"upgrade", "base"}}) {
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 1) << describe(result);
        EXPECT_EQ(result.err, expected) << args[0];
    }
    EXPECT_EQ(dump_database(project.db()), before);
    // Reading and offline commands take no lock.
    EXPECT_MIG_OK(project.mig({"current"}));
    EXPECT_MIG_OK(project.mig({"downgrade", "--sql"}));
}

// A real mig process holds the lock: it is stuck inside its revision because the test holds a
// SQLite write transaction, so the timing does not depend on how fast the machine is.
TEST(Concurrency, LockTimeoutWhileARealUpgradeRuns) {
    Project project;
    project.write_config(k_lock_timeout_config);
    project.write_revision(rev("r1", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "one"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    project.write_revision(rev("r2", {"r1"}, "INSERT INTO t VALUES (1);", "DELETE FROM t;", "two"));

    auto blocker =
        std::make_unique<SQLite::Database>(project.db().string(), SQLite::OPEN_READWRITE);
    blocker->exec("BEGIN IMMEDIATE");
    auto running = start_mig(project, {"upgrade"});
    ASSERT_TRUE(wait_until([&] { return is_locked(project / ".mig/app.db.lock"); }, 10s))
        << "the first upgrade never took the migration lock";

    MigResult second = project.mig({"upgrade"});
    EXPECT_EQ(second.exit_code, 1) << describe(second);
    EXPECT_THAT(second.err, HasSubstr("another mig process holds the lock"));
    EXPECT_THAT(second.err, HasSubstr("waited 0.2 s"));

    blocker->exec("ROLLBACK");
    blocker.reset();
    MigResult first = running.get();
    EXPECT_MIG_OK(first);
    EXPECT_THAT(first.out, HasSubstr("Database is now at r2 (1 revision applied)."));
    EXPECT_THAT(history_summary(project.db()), ElementsAre("upgrade r1", "upgrade r2"));
    EXPECT_THAT(query_column(project.db(), "SELECT a FROM t"), ElementsAre("1"));
}

}  // namespace
}  // namespace mig::test
