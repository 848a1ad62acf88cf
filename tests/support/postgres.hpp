#pragma once

// The PostgreSQL server of a test run (started by scripts/pg-server.sh, which scripts/test.sh
// wraps around ctest) and a fresh database per test on it. Tests talk to the server through
// libpq directly, not through mig's code, so they are an independent oracle.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mig::test {

// The server's coordinates, from the MIG_TEST_PG_* variables that scripts/pg-server.sh sets.
struct PostgresServer {
    std::string url;  // a superuser on the server's `postgres` database, password included
    std::string host;
    std::string port;
    std::string user;
    std::string password;
    std::string socket_dir;  // trust authentication: no password over the socket
};

// nullopt when the run has no server (MIG_TEST_PG_URL unset).
std::optional<PostgresServer> postgres_server();

// True in CI (CI set, or MIG_REQUIRE_POSTGRES=1): a missing server fails the tests there
// instead of skipping them.
bool postgres_required();

// A database of its own: created as mig_test_<random> on construction, dropped (with any
// connection still open to it) on destruction.
class PostgresDatabase {
public:
    explicit PostgresDatabase(PostgresServer server);
    ~PostgresDatabase();
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;

    const std::string& name() const { return m_name; }
    const PostgresServer& server() const { return m_server; }

    // postgresql://user:password@host:port/name (TCP, password authentication).
    std::string url() const;
    // The same with `password` as the password (a wrong one, for tests of refusals).
    std::string url_with_password(const std::string& password) const;
    // postgresql://user@host:port/name: the password must come from elsewhere (PGPASSWORD).
    std::string url_without_password() const;
    // postgresql:///name?host=SOCKET_DIR&port=PORT&user=USER (Unix socket, trust).
    std::string socket_url() const;

    // Runs `sql` (one or more statements); the test fails (exception) on an error.
    void exec(const std::string& sql) const;
    // The rows of `sql`, each column as text, NULL as "<null>".
    std::vector<std::vector<std::string>> rows(const std::string& sql) const;
    // The first column of each row of `sql`.
    std::vector<std::string> column(const std::string& sql) const;

    // The rows of mig_version in `schema`, sorted; empty when the table does not exist.
    std::vector<std::string> version_rows(const std::string& schema = "public") const;
    // "upgrade A", "downgrade B", "stamp C" ... oldest first; empty without the table.
    std::vector<std::string> history_summary(const std::string& schema = "public") const;
    // Every user schema's tables, columns, indexes, functions and every table's rows, as
    // sorted text: two equal dumps mean nothing changed.
    std::string dump() const;

private:
    struct Connection;
    Connection& connection() const;

    PostgresServer m_server;
    std::string m_name;
    mutable std::unique_ptr<Connection> m_connection;
};

// Fixture: a fresh database per test. Skips the test with a message when the run has no
// server; fails it instead in CI.
class PostgresTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    PostgresDatabase& database() { return *m_database; }

private:
    std::unique_ptr<PostgresDatabase> m_database;
};

}  // namespace mig::test
