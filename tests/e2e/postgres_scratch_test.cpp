// The scratch database of PostgreSQL autogenerate, through the real `mig` binary: `mig
// migrate` and `mig check` leave no temporary database behind (also when the model or a
// revision is broken, and after a kill -9, on the next run), a user without CREATEDB is told
// to set [database] dev_url, and a dev_url database is used or refused. Each test's mig runs
// as a role of its own, so the databases it made are told apart from those of tests running
// beside it by their owner.

#include "e2e/project.hpp"
#include "support/postgres.hpp"
#include "support/run_mig.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace mig::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

std::string random_hex() {
    std::random_device device;
    char text[9];
    std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(device()));
    return text;
}

std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Polls `done` (a condition on the server, never a duration) for up to ten seconds.
template <typename Condition>
bool eventually(Condition done) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

class PostgresScratchE2eTest : public PostgresTest {
protected:
    void SetUp() override {
        PostgresTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        m_role = "mig_scratch_e2e_" + random_hex();
        m_project = std::make_unique<Project>();
    }

    void TearDown() override {
        if (!m_role.empty() && m_created_role) {
            for (const std::string& name : databases_of_role()) {
                database().exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            database().exec("DROP OWNED BY " + m_role + "; DROP ROLE IF EXISTS " + m_role);
        }
        m_project.reset();
        PostgresTest::TearDown();
    }

    // The role mig connects as, with or without CREATEDB.
    void create_role(bool createdb) {
        database().exec("CREATE ROLE " + m_role + " LOGIN PASSWORD 'pw' " +
                        (createdb ? "CREATEDB" : "NOCREATEDB"));
        m_created_role = true;
    }

    std::string role_url(const std::string& database_name) const {
        const PostgresServer server = *postgres_server();
        return "postgresql://" + m_role + ":pw@" + server.host + ":" + server.port + "/" +
               database_name;
    }

    void write_config(const std::string& extra_database_lines = {}) {
        m_project->write_config("[database]\nurl = \"" + role_url(database().name()) + "\"\n" +
                                extra_database_lines + "[model]\npaths = [\"models/*.sql\"]\n");
    }

    void model(const std::string& ddl) const { m_project->dir().write("models/schema.sql", ddl); }

    // The databases the role owns: those its mig runs created.
    std::vector<std::string> databases_of_role() {
        return database().column(
            "SELECT datname FROM pg_database WHERE datdba = (SELECT oid "
            "FROM pg_roles WHERE rolname = '" +
            m_role + "') ORDER BY 1");
    }

    std::vector<std::string> revision_files() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(m_project->versions())) {
            names.push_back(entry.path().filename().string());
        }
        return names;
    }

    const Project& project() const { return *m_project; }

    std::string m_role;
    bool m_created_role = false;
    std::unique_ptr<Project> m_project;
};

TEST_F(PostgresScratchE2eTest, MigrateAndCheckLeaveNoTemporaryDatabaseBehind) {
    create_role(true);
    write_config();
    model("CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);\n");
    MigResult migrate = project().mig({"migrate", "-m", "users", "--rev-id", "a1"});
    ASSERT_MIG_OK(migrate);
    EXPECT_THAT(revision_files(), ::testing::ElementsAre("a1_users.sql"));
    EXPECT_MIG_OK(project().mig({"check"}));
    EXPECT_THAT(databases_of_role(), IsEmpty());

    // A broken model: exit 2 naming file and line, and the scratch database still dropped.
    model("CREATE TABLE users (id serial PRIMARY KEY,\n    name txet);\n");
    MigResult broken = project().mig({"check"});
    EXPECT_EQ(broken.exit_code, 2) << describe(broken);
    EXPECT_THAT(broken.err,
                AllOf(StartsWith("mig: error: models/schema.sql:1: CREATE TABLE users (id serial "
                                 "PRIMARY KEY,...: line 2: type \"txet\" does not exist"),
                      HasSubstr("fix the model in models/schema.sql")));
    EXPECT_EQ(lines(broken.err), 1U) << broken.err;
    EXPECT_THAT(databases_of_role(), IsEmpty());

    // A revision that cannot replay: exit 2 naming it, nothing written, nothing left.
    model("CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, age int);\n");
    project().write_revision(rev("b2", {"a1"}, "ALTER TABLE nowhere ADD COLUMN x int;"));
    MigResult replay = project().mig({"migrate", "-m", "age"});
    EXPECT_EQ(replay.exit_code, 2) << describe(replay);
    EXPECT_THAT(replay.err, AllOf(StartsWith("mig: error: cannot replay the migrations: revision "
                                             "b2 (migrations/versions/b2_revision_b2.sql): "
                                             "statement 1 at line 7 failed: relation \"nowhere\" "
                                             "does not exist (SQLSTATE 42P01)")));
    EXPECT_EQ(lines(replay.err), 1U) << replay.err;
    EXPECT_EQ(revision_files().size(), 2U);
    EXPECT_THAT(databases_of_role(), IsEmpty());
}

TEST_F(PostgresScratchE2eTest, AUserWithoutCreatedbIsToldToSetDevUrl) {
    create_role(false);
    write_config();
    model("CREATE TABLE users (id int);\n");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"migrate", "-m", "users"}, std::vector<std::string>{"check"}}) {
        MigResult result = project().mig(args);
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_THAT(result.err,
                    AllOf(StartsWith("mig: error: cannot create a temporary scratch database on "
                                     "the server of [database] url (host "),
                          HasSubstr("permission denied to create database"),
                          HasSubstr("set [database] dev_url to an empty database the user owns")));
        EXPECT_THAT(result.err, Not(HasSubstr(":pw@")));
        EXPECT_EQ(lines(result.err), 1U) << result.err;
    }
    EXPECT_THAT(revision_files(), IsEmpty());
}

// dev_url spares the CREATEDB: the user owns an empty database, mig marks it and works there.
TEST_F(PostgresScratchE2eTest, ADevUrlDatabaseIsMarkedUsedAndNeedsNoCreatedb) {
    create_role(false);
    PostgresDatabase dev(*postgres_server());
    dev.exec("ALTER DATABASE " + dev.name() + " OWNER TO " + m_role);
    write_config("dev_url = \"" + role_url(dev.name()) + "\"\n");
    model("CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE users (id int, mood mood);\n");
    ASSERT_MIG_OK(project().mig({"migrate", "-m", "users", "--rev-id", "a1"}));
    EXPECT_MIG_OK(project().mig({"check"}));
    EXPECT_THAT(dev.column("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE "
                           "datname = current_database()")[0],
                StartsWith("mig scratch database ([database] dev_url)"));
    model("CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE users (id int, mood mood, age int);\n");
    EXPECT_MIG_OK(project().mig({"migrate", "-m", "age", "--rev-id", "b2"}));
    EXPECT_EQ(revision_files().size(), 2U);
    EXPECT_THAT(databases_of_role(), ::testing::ElementsAre(dev.name()));  // no temporary one
}

TEST_F(PostgresScratchE2eTest, ADevUrlDatabaseHoldingTablesMigDidNotMakeIsRefusedAndUntouched) {
    create_role(true);
    PostgresDatabase dev(*postgres_server());
    dev.exec(
        "CREATE TABLE customers (id int PRIMARY KEY, name text); INSERT INTO customers "
        "VALUES (1, 'kept'); CREATE TABLE orders (id int)");
    dev.exec("ALTER DATABASE " + dev.name() + " OWNER TO " + m_role);
    const std::string before = dev.dump();
    write_config("dev_url = \"" + role_url(dev.name()) + "\"\n");
    model("CREATE TABLE users (id int);\n");
    MigResult result = project().mig({"migrate", "-m", "users"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(StartsWith("mig: error: [database] dev_url postgresql://" + m_role + ":***@"),
                      HasSubstr("holds objects mig did not make (table public.customers, table "
                                "public.orders), and mig empties its dev database before each "
                                "use; point dev_url at an empty database of its own")));
    EXPECT_EQ(lines(result.err), 1U) << result.err;
    EXPECT_EQ(dev.dump(), before);
    EXPECT_THAT(revision_files(), IsEmpty());
}

// mig killed (kill -9, or Ctrl-C's SIGINT, which mig does not catch) while loading the model
// cannot drop its database. Its admin session held the database's advisory lock; the server
// releases it when it notices the client is gone, and the next run drops the database at once,
// however young. A run that is alive keeps its database, whatever runs beside it.
TEST_F(PostgresScratchE2eTest, AKilledMigsDatabaseIsDroppedByTheNextRunAtOnce) {
    create_role(true);
    write_config();
    // A second project of the same role on the same server: the run beside the first.
    Project beside;
    beside.write_config("[database]\nurl = \"" + role_url(database().name()) +
                        "\"\n[model]\npaths = [\"schema.sql\"]\n");
    beside.dir().write("schema.sql", "CREATE TABLE other (id int);\n");
    const std::string sessions =
        "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + m_role + "'";

    for (const int signal : {SIGKILL, SIGINT}) {
        SCOPED_TRACE("signal " + std::to_string(signal));
        model("SELECT pg_sleep(60);\nCREATE TABLE users (id int);\n");
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            if (::chdir(project().root().c_str()) == 0) {
                ::setenv("MIG_DATABASE_URL", "", 1);
                ::setenv("MIG_ENV", "", 1);
                ::execl(MIG_BINARY, MIG_BINARY, "check", "-q", static_cast<char*>(nullptr));
            }
            ::_exit(127);
        }
        const std::string sleeping = "SELECT pid FROM pg_stat_activity WHERE usename = '" + m_role +
                                     "' AND query LIKE 'SELECT pg_sleep(60)%'";
        const bool loading = eventually([&] { return !database().column(sleeping).empty(); });
        if (!loading) {
            ::kill(child, SIGKILL);
            ::waitpid(child, nullptr, 0);
            FAIL() << "mig never reached the model's pg_sleep";
        }
        const std::vector<std::string> made = databases_of_role();
        ASSERT_EQ(made.size(), 1U);
        ASSERT_THAT(made[0], StartsWith("mig_scratch_"));
        // Its owner's lock: (0x6d696773, the name's last 8 hex digits), cluster-wide.
        const std::string locks =
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1835624307 "
            "AND objsubid = 2 AND objid::text::bigint = ('x' || right('" +
            made[0] + "', 8))::bit(32)::bigint";
        ASSERT_EQ(database().column(locks)[0], "1");

        // Concurrent runs stay safe: a run beside the live one drops its own database only.
        MigResult other = beside.mig({"check"});
        EXPECT_EQ(other.exit_code, 1) << describe(other);  // the model differs from nothing
        EXPECT_EQ(databases_of_role(), made);

        ::kill(child, signal);
        int status = 0;
        ::waitpid(child, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status));
        EXPECT_EQ(WTERMSIG(status), signal);
        // The server ends the killed run's idle admin session (and its lock) by itself; the
        // session still in pg_sleep would end when the sleep returns: here, at once.
        ASSERT_TRUE(eventually([&] { return database().column(locks)[0] == "0"; }))
            << "the killed run's advisory lock is still held";
        database().exec(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
            "usename = '" +
            m_role + "'");
        ASSERT_TRUE(eventually([&] { return database().column(sessions)[0] == "0"; }));
        EXPECT_EQ(databases_of_role(), made) << "nothing dropped it before the next run";

        // A model this project has not cached yet: the next run needs a scratch database (a
        // run that needs none, with everything cached, talks to no server at all).
        model("CREATE TABLE users_" + std::to_string(signal) + " (id int);\n");
        MigResult next = project().mig({"check"});
        EXPECT_EQ(next.exit_code, 1) << describe(next);  // the model differs from no migrations
        EXPECT_THAT(databases_of_role(), IsEmpty());
    }
}

}  // namespace
}  // namespace mig::test
