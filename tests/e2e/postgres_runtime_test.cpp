// The real `mig` binary against a real PostgreSQL server: the everyday cycle with
// hand-written revisions, a failing revision, `-- mig:transaction off`, stamp, the schema of
// mig's tables, session settings, and two upgrades at once.

#include "e2e/postgres_project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <thread>

namespace mig::test {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const RevisionSpec k_users =
    rev("aaa111", {}, "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);",
        "DROP TABLE users;", "Create users");
const RevisionSpec k_posts = rev("bbb222", {},
                                 "CREATE TABLE posts (id serial PRIMARY KEY, user_id integer "
                                 "REFERENCES users (id));\n"
                                 "CREATE INDEX posts_user ON posts (user_id);",
                                 "DROP INDEX posts_user;\nDROP TABLE posts;", "Create posts");
const RevisionSpec k_age =
    rev("ccc333", {},
        "ALTER TABLE users ADD COLUMN age integer;\n"
        "CREATE FUNCTION adult(u users) RETURNS boolean AS $$\n"
        "  SELECT u.age >= 18; -- a ; inside the body\n"
        "$$ LANGUAGE sql;",
        "DROP FUNCTION adult(users);\nALTER TABLE users DROP COLUMN age;", "Add age to users");

// One line on stderr, starting with `mig: error: `.
void expect_one_error_line(const MigResult& result) {
    EXPECT_TRUE(result.err.starts_with("mig: error: ")) << describe(result);
    EXPECT_EQ(lines_of(result.err).size(), 1U) << describe(result);
}

class PostgresRuntime : public PostgresProjectTest {};

TEST_F(PostgresRuntime, TheEverydayCycle) {
    project().write_chain({k_users, k_posts, k_age});
    EXPECT_EQ(project().mig({"current"}).out, "");

    MigResult upgrade = project().mig({"upgrade"});
    ASSERT_MIG_OK(upgrade);
    EXPECT_THAT(upgrade.out, HasSubstr("Database is now at ccc333 (3 revisions applied)."));
    EXPECT_THAT(upgrade.out + upgrade.err, HasSubstr("pg_dump"));  // no backup taken, says how
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"ccc333"});
    EXPECT_EQ(database().history_summary(),
              (std::vector<std::string>{"upgrade aaa111", "upgrade bbb222", "upgrade ccc333"}));
    database().exec("INSERT INTO users (name, age) VALUES ('ann', 20)");
    EXPECT_EQ(database().column("SELECT adult(u) FROM users u"), std::vector<std::string>{"t"});

    MigResult current = project().mig({"current"});
    ASSERT_MIG_OK(current);
    EXPECT_EQ(current.out, "ccc333\n");
    MigResult history = project().mig({"history"});
    ASSERT_MIG_OK(history);
    EXPECT_THAT(history.out, AllOf(HasSubstr("aaa111"), HasSubstr("ccc333")));

    ASSERT_MIG_OK(project().mig({"downgrade"}));
    EXPECT_EQ(project().mig({"current"}).out, "bbb222\n");
    EXPECT_EQ(database().column("SELECT count(*) FROM information_schema.columns WHERE "
                                "table_name = 'users' AND column_name = 'age'"),
              std::vector<std::string>{"0"});
    MigResult to_base = project().mig({"downgrade", "base"});
    ASSERT_MIG_OK(to_base);
    EXPECT_THAT(database().version_rows(), IsEmpty());
    EXPECT_EQ(database().column("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND "
                                "tablename NOT LIKE 'mig\\_%'"),
              std::vector<std::string>{"0"});
    EXPECT_EQ(database().history_summary().back(), "downgrade aaa111");

    ASSERT_MIG_OK(project().mig({"upgrade"}));
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"ccc333"});
}

TEST_F(PostgresRuntime, AFailingRevisionLeavesSchemaAndVersionUnchanged) {
    project().write_revision(k_users);
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    const std::string before = database().dump();
    RevisionSpec bad = rev("bbb222", {"aaa111"},
                           "CREATE TABLE posts (id integer);\n"
                           "INSERT INTO users (name) VALUES (NULL);\n",
                           "DROP TABLE posts;", "bad");
    WrittenRevision written = project().write_revision(bad);

    MigResult result = project().mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    expect_one_error_line(result);
    EXPECT_THAT(result.err,
                AllOf(HasSubstr("revision bbb222 (" + written.relative + "): statement 2 at line " +
                                std::to_string(written.upgrade_line + 1) + " failed: "),
                      HasSubstr("null value in column \"name\" of relation \"users\" violates "
                                "not-null constraint (SQLSTATE 23502); DETAIL: Failing row "
                                "contains"),
                      HasSubstr("nothing of this revision was applied")));
    EXPECT_EQ(database().dump(), before);
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"aaa111"});
}

TEST_F(PostgresRuntime, TransactionOffRunsConcurrentIndexBuildsAndRecordsTheRevision) {
    project().write_revision(k_users);
    RevisionSpec index =
        rev("bbb222", {"aaa111"}, "CREATE INDEX CONCURRENTLY users_name ON users (name);",
            "DROP INDEX CONCURRENTLY users_name;", "index");
    index.header = {"-- mig:transaction off"};
    project().write_revision(index);
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"bbb222"});
    EXPECT_EQ(database().column("SELECT indexname FROM pg_indexes WHERE indexname = "
                                "'users_name'"),
              std::vector<std::string>{"users_name"});
    ASSERT_MIG_OK(project().mig({"downgrade"}));
    EXPECT_EQ(database().column("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                "'users_name'"),
              std::vector<std::string>{"0"});
}

TEST_F(PostgresRuntime, ADowngradeFromStoredSqlHonoursTransactionOff) {
    project().write_revision(k_users);
    RevisionSpec index =
        rev("bbb222", {"aaa111"}, "CREATE INDEX CONCURRENTLY users_name ON users (name);",
            "DROP INDEX CONCURRENTLY users_name;", "index");
    index.header = {"-- mig:transaction off"};
    WrittenRevision written = project().write_revision(index);
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    // The checkout no longer has the revision (another branch): mig downgrades with the SQL
    // mig_history stored, which PostgreSQL refuses inside a transaction.
    std::filesystem::remove(written.path);
    MigResult downgrade = project().mig({"downgrade"});
    ASSERT_MIG_OK(downgrade);
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"aaa111"});
    EXPECT_EQ(database().column("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                "'users_name'"),
              std::vector<std::string>{"0"});
}

TEST_F(PostgresRuntime, TransactionOffFailureInTheMiddleSaysWhatRan) {
    project().write_revision(k_users);
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    RevisionSpec index = rev("bbb222", {"aaa111"},
                             "CREATE INDEX CONCURRENTLY users_name ON users (name);\n"
                             "CREATE INDEX CONCURRENTLY users_x ON users (x);\n"
                             "CREATE INDEX CONCURRENTLY users_id ON users (id);",
                             "", "index");
    index.header = {"-- mig:transaction off"};
    WrittenRevision written = project().write_revision(index);

    MigResult result = project().mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    expect_one_error_line(result);
    EXPECT_THAT(result.err,
                AllOf(HasSubstr("revision bbb222 (" + written.relative + "): statement 2 at line " +
                                std::to_string(written.upgrade_line + 1) +
                                " failed: column \"x\" does not exist (SQLSTATE 42703)"),
                      HasSubstr("without a transaction (-- mig:transaction off): statement 1 took "
                                "effect, and mig did not record the revision"),
                      HasSubstr("finish or undo statements 1 to 1 by hand")));
    EXPECT_EQ(database().column("SELECT indexname FROM pg_indexes WHERE tablename = 'users' "
                                "ORDER BY 1"),
              (std::vector<std::string>{"users_name", "users_pkey"}));
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"aaa111"});
}

TEST_F(PostgresRuntime, CopyFromStdinIsRefusedBeforeAnythingRuns) {
    project().write_revision(rev("aaa111", {},
                                 "CREATE TABLE t (a int);\nCOPY t FROM stdin;\n1\n\\.\n",
                                 "DROP TABLE t;", "copy"));
    MigResult result = project().mig({"upgrade"});
    EXPECT_NE(result.exit_code, 0) << describe(result);
    expect_one_error_line(result);
    EXPECT_THAT(result.err, HasSubstr("COPY"));
    EXPECT_EQ(database().dump(), "");
}

TEST_F(PostgresRuntime, StampSetsTheVersionWithoutRunningScripts) {
    project().write_chain({k_users, k_posts});
    MigResult stamp = project().mig({"stamp", "bbb222"});
    ASSERT_MIG_OK(stamp);
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"bbb222"});
    EXPECT_EQ(database().column("SELECT count(*) FROM pg_tables WHERE tablename IN ('users', "
                                "'posts')"),
              std::vector<std::string>{"0"});
    EXPECT_EQ(database().history_summary(), std::vector<std::string>{"stamp bbb222"});
    ASSERT_MIG_OK(project().mig({"stamp", "base"}));
    EXPECT_THAT(database().version_rows(), IsEmpty());
    EXPECT_EQ(project().mig({"current"}).out, "");
}

TEST_F(PostgresRuntime, MigsTablesLiveInTheConfiguredSchema) {
    write_config("schema = \"mig_meta\"");
    project().write_revision(k_users);
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    EXPECT_EQ(database().version_rows("mig_meta"), std::vector<std::string>{"aaa111"});
    EXPECT_THAT(database().version_rows("public"), IsEmpty());
    EXPECT_EQ(project().mig({"current"}).out, "aaa111\n");
    EXPECT_EQ(database().column("SELECT schemaname FROM pg_tables WHERE tablename = 'users'"),
              std::vector<std::string>{"public"});
}

TEST_F(PostgresRuntime, StatementTimeoutIsSentToTheSession) {
    write_config("statement_timeout = 0.2");
    project().write_revision(rev("aaa111", {}, "SELECT pg_sleep(30);", "", "slow"));
    MigResult result = project().mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    expect_one_error_line(result);
    EXPECT_THAT(result.err, AllOf(HasSubstr("canceling statement due to statement timeout "
                                            "(SQLSTATE 57014)"),
                                  HasSubstr("[database] statement_timeout")));
    EXPECT_THAT(database().version_rows(), IsEmpty());
}

// --- two processes ------------------------------------------------------------------------

// A libpq session of the test's own, closed on destruction.
class Session {
public:
    explicit Session(const std::string& url) : m_conn(PQconnectdb(url.c_str())) {
        EXPECT_EQ(PQstatus(m_conn), CONNECTION_OK) << PQerrorMessage(m_conn);
    }
    ~Session() { PQfinish(m_conn); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    void exec(const std::string& sql) {
        PGresult* result = PQexec(m_conn, sql.c_str());
        EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << PQerrorMessage(m_conn);
        PQclear(result);
    }

private:
    PGconn* m_conn;
};

// Polls `condition` until it holds; false after a minute (a hung test, not a timing check).
bool eventually(const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

std::future<MigResult> start_mig(const Project& project, std::vector<std::string> args) {
    return std::async(std::launch::async,
                      [&project, args = std::move(args)] { return project.mig(args); });
}

TEST_F(PostgresRuntime, TwoUpgradesAtOnceTakeTurnsAndTheThirdNamesTheHolder) {
    project().write_revision(k_users);
    ASSERT_MIG_OK(project().mig({"upgrade"}));
    project().write_chain(
        {rev("bbb222", {"aaa111"}, "ALTER TABLE users ADD COLUMN b int;", "", "b"),
         rev("ccc333", {}, "ALTER TABLE users ADD COLUMN c int;", "", "c")});
    // The test holds a lock on users, so the first mig waits inside bbb222 while it holds
    // the migration lock: the state the second and third processes meet.
    Session blocker(database().url());
    blocker.exec("BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
    const std::string mig_sessions =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
        "current_database() AND application_name = 'mig'";
    auto first = start_mig(project(), {"upgrade"});
    ASSERT_TRUE(eventually([&] {
        return database().column(
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                   "current_database() AND wait_event_type = 'Lock'") ==
               std::vector<std::string>{"1"};
    }));
    // pg_locks is cluster-wide and other tests' mig processes run beside this one.
    const std::string holder =
        database()
            .column(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                "database = (SELECT oid FROM pg_database WHERE datname = current_database())")
            .at(0);

    write_config("lock_timeout = 0.3");
    MigResult third = project().mig({"upgrade"});
    EXPECT_EQ(third.exit_code, 1) << describe(third);
    expect_one_error_line(third);
    EXPECT_THAT(third.err, AllOf(HasSubstr("another mig process is migrating the database"),
                                 HasSubstr("backend pid " + holder +
                                           " (application_name 'mig', "
                                           "client 127.0.0.1"),
                                 HasSubstr("waited 0.3 s"), HasSubstr("lock_timeout")));

    write_config("lock_timeout = 120");
    auto second = start_mig(project(), {"upgrade"});
    // Its lock session is there (polling), beside the first mig's two sessions.
    ASSERT_TRUE(eventually(
        [&] { return database().column(mig_sessions) == std::vector<std::string>{"3"}; }));
    blocker.exec("COMMIT");
    MigResult a = first.get();
    MigResult b = second.get();
    EXPECT_MIG_OK(a);
    EXPECT_MIG_OK(b);
    EXPECT_THAT(a.out, HasSubstr("Database is now at ccc333 (2 revisions applied)."));
    EXPECT_THAT(b.out, HasSubstr("Nothing to upgrade"));
    EXPECT_EQ(database().history_summary(),
              (std::vector<std::string>{"upgrade aaa111", "upgrade bbb222", "upgrade ccc333"}));
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"ccc333"});
}

}  // namespace
}  // namespace mig::test
