// PgConnection against the run's PostgreSQL server (scripts/pg-server.sh): connecting from the
// URL forms libpq reads, the session settings, and the one-line errors.

#include "db/database_url.hpp"
#include "db/postgres_connection.hpp"
#include "support/postgres.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace mig::db {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

class PgConnectionTest : public test::PostgresTest {
protected:
    PgConnection open(const std::string& url, const SessionSettings& settings = {}) {
        return PgConnection::open(parse_database_url(url, "/"), settings);
    }
    std::string show(const PgConnection& connection, const std::string& setting) {
        return connection.exec("SHOW " + setting).text(0, 0);
    }
};

TEST_F(PgConnectionTest, ConnectsOverTcpAndTheSocketWithApplicationNameMigByDefault) {
    PgConnection tcp = open(database().url());
    EXPECT_EQ(tcp.exec("SELECT current_database()").text(0, 0), database().name());
    EXPECT_EQ(show(tcp, "application_name"), "mig");
    EXPECT_EQ(tcp.target().describe(), "host " + database().server().host + ", port " +
                                           database().server().port + ", database " +
                                           database().name());
    EXPECT_GT(tcp.backend_pid(), 0);

    PgConnection socket = open(database().socket_url());
    EXPECT_EQ(socket.exec("SELECT current_database()").text(0, 0), database().name());
    EXPECT_THAT(socket.target().describe(), HasSubstr("socket " + database().server().socket_dir));
}

TEST_F(PgConnectionTest, TheUrlsApplicationNameWins) {
    PgConnection connection = open(database().url() + "?application_name=deploy");
    EXPECT_EQ(show(connection, "application_name"), "deploy");
}

TEST_F(PgConnectionTest, ThePasswordMayComeFromPgpassword) {
    ::setenv("PGPASSWORD", database().server().password.c_str(), 1);
    PgConnection connection = open(database().url_without_password());
    ::unsetenv("PGPASSWORD");
    EXPECT_EQ(connection.exec("SELECT 1").text(0, 0), "1");
}

TEST_F(PgConnectionTest, SessionSettingsAreSent) {
    PgConnection connection = open(database().url(), SessionSettings{2500ms, 3s});
    EXPECT_EQ(show(connection, "statement_timeout"), "2500ms");
    EXPECT_EQ(show(connection, "lock_timeout"), "3s");
    // 0 s is "do not wait" in mig.toml, PostgreSQL's 0 is "wait forever".
    PgConnection no_wait = open(database().url(), SessionSettings{std::nullopt, 0ms});
    EXPECT_EQ(show(no_wait, "lock_timeout"), "1ms");
    EXPECT_EQ(show(no_wait, "statement_timeout"), "0");
}

TEST_F(PgConnectionTest, AStatementErrorCarriesSqlstateDetailAndHint) {
    PgConnection connection = open(database().url());
    connection.exec("CREATE TABLE t (id integer PRIMARY KEY); INSERT INTO t VALUES (1)");
    try {
        connection.exec("INSERT INTO t VALUES (1)");
        FAIL() << "expected PostgresError";
    } catch (const PostgresError& error) {
        EXPECT_EQ(error.fields().sqlstate, "23505");
        EXPECT_EQ(error.fields().detail, "Key (id)=(1) already exists.");
        EXPECT_THAT(error.what(), AllOf(HasSubstr("duplicate key value"),
                                        HasSubstr("(SQLSTATE 23505)"), HasSubstr("DETAIL: Key")));
    }
    try {
        connection.exec("SELECT nope FROM t");
        FAIL() << "expected PostgresError";
    } catch (const PostgresError& error) {
        EXPECT_EQ(error.fields().sqlstate, "42703");
        EXPECT_EQ(error.fields().position, 8);
    }
    PgResult rows =
        connection.exec("SELECT $1::text, $2::text", {std::string("a'b"), std::nullopt});
    EXPECT_EQ(rows.text(0, 0), "a'b");
    EXPECT_TRUE(rows.is_null(0, 1));
}

TEST_F(PgConnectionTest, AServerThatIsDownIsOneLineNamingHostPortAndDatabase) {
    try {
        open("postgresql://mig:s3cret@127.0.0.1:1/appdb");
        FAIL() << "expected FailedError";
    } catch (const FailedError& error) {
        std::string message = error.what();
        EXPECT_EQ(message,
                  "cannot connect to PostgreSQL (host 127.0.0.1, port 1, database appdb): "
                  "Connection refused");
        EXPECT_THAT(error.hint(), HasSubstr("server runs"));
    }
}

TEST_F(PgConnectionTest, AWrongPasswordIsOneLineWithoutThePassword) {
    try {
        open(database().url_with_password("wrong-s3cret"));
        FAIL() << "expected FailedError";
    } catch (const FailedError& error) {
        std::string message = error.what();
        EXPECT_THAT(message, AllOf(HasSubstr("password authentication failed for user \"mig\""),
                                   HasSubstr("database " + database().name()),
                                   Not(HasSubstr("wrong-s3cret")), Not(HasSubstr("\n"))));
        EXPECT_THAT(error.hint(), HasSubstr("PGPASSWORD"));
    }
}

TEST_F(PgConnectionTest, AUrlLibpqCannotReadIsBadInputWithoutThePassword) {
    try {
        open("postgresql://mig:s3cret@127.0.0.1:5432/app?sslmode=sometimes&nonsense=1");
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), AllOf(HasSubstr("invalid database URL"), HasSubstr("nonsense"),
                                        Not(HasSubstr("s3cret"))));
    }
}

TEST_F(PgConnectionTest, OwnersMoveAndCloseOnce) {
    PgConnection first = open(database().url());
    int pid = first.backend_pid();
    PgConnection second = std::move(first);
    EXPECT_EQ(second.backend_pid(), pid);
    PgResult result = second.exec("SELECT 42");
    PgResult moved = std::move(result);
    EXPECT_EQ(moved.text(0, 0), "42");
    second = PgConnection();  // closes the session
    EXPECT_EQ(database().column("SELECT count(*) FROM pg_stat_activity WHERE pid = " +
                                std::to_string(pid)),
              std::vector<std::string>{"0"});
}

}  // namespace
}  // namespace mig::db
