// The PostgreSQL test harness itself (scripts/pg-server.sh, tests/support/postgres.hpp): the
// other PostgreSQL tests rely on each test having a database of its own, empty, and on the
// server refusing a wrong password (or the wrong-password tests would prove nothing).

#include "support/postgres.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>

namespace mig::test {
namespace {

struct ConnectionCloser {
    void operator()(PGconn* conn) const { PQfinish(conn); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

class PostgresServerTest : public PostgresTest {};

TEST_F(PostgresServerTest, EachTestGetsAFreshEmptyDatabase) {
    EXPECT_EQ(database().column("SELECT current_database()"),
              std::vector<std::string>{database().name()});
    EXPECT_TRUE(database().name().starts_with("mig_test_"));
    EXPECT_EQ(database().dump(), "");
    EXPECT_TRUE(database().version_rows().empty());

    PostgresDatabase other(database().server());
    EXPECT_NE(other.name(), database().name());
    database().exec("CREATE TABLE t (id integer); INSERT INTO t VALUES (1)");
    EXPECT_EQ(other.dump(), "");
    EXPECT_EQ(database().dump(), "column public t id integer YES \nrow public.t (1)\n");
}

TEST_F(PostgresServerTest, ADatabaseIsDroppedAtTheEndEvenWithConnectionsOpen) {
    std::string name;
    Connection open_connection;
    {
        PostgresDatabase scratch(database().server());
        name = scratch.name();
        open_connection.reset(PQconnectdb(scratch.url().c_str()));
        ASSERT_EQ(PQstatus(open_connection.get()), CONNECTION_OK);
    }
    EXPECT_EQ(database().column("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"),
              std::vector<std::string>{"0"});
}

TEST_F(PostgresServerTest, TheServerRefusesAWrongPasswordAndTakesTheRightOneAndTheSocket) {
    Connection wrong(PQconnectdb(database().url_with_password("not-the-password").c_str()));
    EXPECT_EQ(PQstatus(wrong.get()), CONNECTION_BAD);
    EXPECT_NE(std::string(PQerrorMessage(wrong.get())).find("password authentication failed"),
              std::string::npos)
        << PQerrorMessage(wrong.get());

    Connection right(PQconnectdb(database().url().c_str()));
    EXPECT_EQ(PQstatus(right.get()), CONNECTION_OK) << PQerrorMessage(right.get());
    Connection socket(PQconnectdb(database().socket_url().c_str()));
    EXPECT_EQ(PQstatus(socket.get()), CONNECTION_OK) << PQerrorMessage(socket.get());
}

TEST_F(PostgresServerTest, TheServerListensOnLoopbackOnly) {
    EXPECT_EQ(database().column("SHOW listen_addresses"), std::vector<std::string>{"127.0.0.1"});
}

}  // namespace
}  // namespace mig::test
