#include "support/postgres.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace mig::test {

namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

// RFC 3986 unreserved characters stay, everything else is %XX.
std::string percent_encode(const std::string& text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += k_hex[byte >> 4U];
            out += k_hex[byte & 0xFU];
        }
    }
    return out;
}

std::string random_suffix() {
    std::random_device device;
    std::mt19937_64 generator((std::mt19937_64::result_type{device()} << 32U) ^
                              static_cast<std::mt19937_64::result_type>(::getpid()));
    std::uniform_int_distribution<std::uint64_t> distribution;
    std::ostringstream out;
    out << std::hex << distribution(generator);
    return out.str();
}

struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string quote_literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

}  // namespace

// One libpq connection, closed on destruction.
struct PostgresDatabase::Connection {
    explicit Connection(const std::string& url) : conn(PQconnectdb(url.c_str())) {
        if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
            std::string message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
            PQfinish(conn);
            throw std::runtime_error("test server: cannot connect: " + message);
        }
    }
    ~Connection() { PQfinish(conn); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Result run(const std::string& sql) const {
        Result result(PQexec(conn, sql.c_str()));
        ExecStatusType status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            throw std::runtime_error("test server: " + sql + ": " + PQerrorMessage(conn));
        }
        return result;
    }

    PGconn* conn;
};

std::optional<PostgresServer> postgres_server() {
    PostgresServer server;
    server.url = environment("MIG_TEST_PG_URL");
    if (server.url.empty()) {
        return std::nullopt;
    }
    server.host = environment("MIG_TEST_PG_HOST");
    server.port = environment("MIG_TEST_PG_PORT");
    server.user = environment("MIG_TEST_PG_USER");
    server.password = environment("MIG_TEST_PG_PASSWORD");
    server.socket_dir = environment("MIG_TEST_PG_SOCKET_DIR");
    return server;
}

bool postgres_required() {
    return !environment("CI").empty() || environment("MIG_REQUIRE_POSTGRES") == "1";
}

PostgresDatabase::PostgresDatabase(PostgresServer server)
    : m_server(std::move(server)), m_name("mig_test_" + random_suffix()) {
    Connection admin(m_server.url);
    admin.run("CREATE DATABASE " + quote_identifier(m_name));
}

PostgresDatabase::~PostgresDatabase() {
    m_connection.reset();
    try {
        Connection admin(m_server.url);
        admin.run("DROP DATABASE IF EXISTS " + quote_identifier(m_name) + " WITH (FORCE)");
    } catch (const std::exception& error) {
        ADD_FAILURE() << error.what();
    }
}

std::string PostgresDatabase::url() const {
    return url_with_password(m_server.password);
}

std::string PostgresDatabase::url_with_password(const std::string& password) const {
    return "postgresql://" + percent_encode(m_server.user) + ":" + percent_encode(password) + "@" +
           m_server.host + ":" + m_server.port + "/" + m_name;
}

std::string PostgresDatabase::url_without_password() const {
    return "postgresql://" + percent_encode(m_server.user) + "@" + m_server.host + ":" +
           m_server.port + "/" + m_name;
}

std::string PostgresDatabase::socket_url() const {
    return "postgresql:///" + m_name + "?host=" + percent_encode(m_server.socket_dir) +
           "&port=" + m_server.port + "&user=" + percent_encode(m_server.user);
}

PostgresDatabase::Connection& PostgresDatabase::connection() const {
    if (!m_connection) {
        m_connection = std::make_unique<Connection>(url());
    }
    return *m_connection;
}

void PostgresDatabase::exec(const std::string& sql) const {
    connection().run(sql);
}

std::vector<std::vector<std::string>> PostgresDatabase::rows(const std::string& sql) const {
    Result result = connection().run(sql);
    std::vector<std::vector<std::string>> out;
    int row_count = PQntuples(result.get());
    int column_count = PQnfields(result.get());
    for (int row = 0; row < row_count; ++row) {
        std::vector<std::string> values;
        for (int column = 0; column < column_count; ++column) {
            values.emplace_back(PQgetisnull(result.get(), row, column) != 0
                                    ? "<null>"
                                    : PQgetvalue(result.get(), row, column));
        }
        out.push_back(std::move(values));
    }
    return out;
}

std::vector<std::string> PostgresDatabase::column(const std::string& sql) const {
    std::vector<std::string> out;
    for (auto& row : rows(sql)) {
        out.push_back(row.empty() ? "" : row.front());
    }
    return out;
}

std::vector<std::string> PostgresDatabase::version_rows(const std::string& schema) const {
    std::string table = quote_identifier(schema) + ".mig_version";
    if (column("SELECT to_regclass(" + quote_literal(table) + ") IS NOT NULL") !=
        std::vector<std::string>{"t"}) {
        return {};
    }
    return column("SELECT revision FROM " + table + " ORDER BY revision");
}

std::vector<std::string> PostgresDatabase::history_summary(const std::string& schema) const {
    std::string table = quote_identifier(schema) + ".mig_history";
    if (column("SELECT to_regclass(" + quote_literal(table) + ") IS NOT NULL") !=
        std::vector<std::string>{"t"}) {
        return {};
    }
    std::vector<std::string> out;
    for (auto& row :
         rows("SELECT direction, coalesce(revision, 'base') FROM " + table + " ORDER BY id")) {
        out.push_back(row[0] + " " + row[1]);
    }
    return out;
}

std::string PostgresDatabase::dump() const {
    static constexpr const char* k_user_schemas =
        "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";
    std::vector<std::string> lines;
    for (auto& row : rows(std::string("SELECT table_schema, table_name, column_name, data_type, "
                                      "is_nullable, coalesce(column_default, '') FROM "
                                      "information_schema.columns WHERE table_schema ") +
                          k_user_schemas)) {
        std::string line = "column";
        for (auto& value : row) {
            line += " " + value;
        }
        lines.push_back(line);
    }
    for (auto& row :
         rows(std::string("SELECT schemaname, indexname, indexdef FROM pg_indexes WHERE "
                          "schemaname ") +
              k_user_schemas)) {
        lines.push_back("index " + row[0] + " " + row[1] + " " + row[2]);
    }
    for (auto& row : rows(std::string("SELECT n.nspname, p.proname, p.prosrc FROM pg_proc p "
                                      "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE "
                                      "n.nspname ") +
                          k_user_schemas)) {
        lines.push_back("function " + row[0] + " " + row[1] + " " + row[2]);
    }
    for (auto& row : rows(std::string("SELECT quote_ident(table_schema) || '.' || "
                                      "quote_ident(table_name) FROM information_schema.tables "
                                      "WHERE table_type = 'BASE TABLE' AND table_schema ") +
                          k_user_schemas)) {
        for (auto& values : rows("SELECT t::text FROM " + row[0] + " t")) {
            lines.push_back("row " + row[0] + " " + values[0]);
        }
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (auto& line : lines) {
        out += line + "\n";
    }
    return out;
}

void PostgresTest::SetUp() {
    std::optional<PostgresServer> server = postgres_server();
    if (!server) {
        if (postgres_required()) {
            FAIL() << "no PostgreSQL test server (MIG_TEST_PG_URL unset), and CI requires one: "
                      "run the tests through scripts/test.sh or scripts/pg-server.sh run";
        }
        GTEST_SKIP() << "no PostgreSQL test server: run through scripts/test.sh, or "
                        "`scripts/pg-server.sh run ctest ...`";
    }
    m_database = std::make_unique<PostgresDatabase>(*server);
}

void PostgresTest::TearDown() {
    m_database.reset();
}

}  // namespace mig::test
