#pragma once

// RAII owners of libpq's handles (a connection, a result) and connecting from a database URL.
// libpq itself is opened on demand (db/libpq.hpp): nothing here loads it before the first
// PostgreSQL connection.

#include "db/database_url.hpp"
#include "util/error.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace mig::db {

// What PostgreSQL said about an error (PQresultErrorField); empty strings when absent.
struct PostgresErrorFields {
    std::string message;   // the primary message, one line
    std::string detail;    // DETAIL
    std::string hint;      // HINT
    std::string sqlstate;  // e.g. 42P01 (undefined_table)
    int position = 0;      // 1-based character of the statement where the error is, 0: none

    // "MESSAGE (SQLSTATE 42P01); DETAIL: ...; HINT: ..." on one line.
    std::string describe() const;
};

// A statement the server refused (exit 1). The message is PostgreSQL's, with its SQLSTATE,
// detail and hint (PostgresErrorFields::describe).
class PostgresError : public FailedError {
public:
    explicit PostgresError(PostgresErrorFields fields);
    const PostgresErrorFields& fields() const { return m_fields; }

private:
    PostgresErrorFields m_fields;
};

// One PGresult, cleared on destruction. Move-only.
class PgResult {
public:
    PgResult() = default;
    explicit PgResult(pg_result* result) noexcept : m_result(result) {}
    ~PgResult();
    PgResult(PgResult&& other) noexcept;
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    pg_result* get() const { return m_result; }
    // Whether the statement succeeded (a command, or rows).
    bool ok() const;
    int rows() const;
    int columns() const;
    bool is_null(int row, int column) const;
    // The value as text ("" for NULL).
    std::string text(int row, int column) const;
    std::optional<std::string> optional_text(int row, int column) const;
    // The number of rows an INSERT, UPDATE or DELETE changed.
    long long affected_rows() const;
    // The server's error fields; meaningful when !ok().
    PostgresErrorFields error() const;

private:
    pg_result* m_result = nullptr;
};

// Where a connection goes, as libpq resolved it (the URL, then PG* variables, then defaults):
// for messages. Never holds the password.
struct PgTarget {
    std::string host;  // a name, an address, or a socket folder
    std::string port;
    std::string database;

    // `host 127.0.0.1, port 5432, database app` (or `socket /run/postgresql, ...`).
    std::string describe() const;
};

// What mig sets on each session it opens (from `[database]`).
struct SessionSettings {
    // SET statement_timeout: the longest a statement may run; nullopt leaves the server's.
    std::optional<std::chrono::milliseconds> statement_timeout;
    // SET lock_timeout: the longest a statement waits for a lock (0 s: do not wait, sent as
    // 1 ms since PostgreSQL's 0 means "no limit"); nullopt leaves the server's.
    std::optional<std::chrono::milliseconds> lock_timeout;
    // SET default_transaction_read_only: for commands that only read, so they cannot write.
    bool read_only = false;
};

// libpq's keyword/value pairs for a URL: the URL itself as an expandable dbname (libpq reads
// postgresql:// and postgres://, host=/socket/dir, sslmode, ...), with application_name
// defaulting to "mig" and a connect_timeout of 10 s unless the URL or PGCONNECT_TIMEOUT
// says otherwise. Keywords come first: libpq lets later ones win, and the URL is last.
struct ConnectParameters {
    std::vector<std::string> keywords;
    std::vector<std::string> values;
};
ConnectParameters connect_parameters(const DatabaseUrl& url,
                                     const std::optional<std::string>& env_connect_timeout);

// The one line that says a connection failed: what libpq said, reduced to its reason (the
// last attempt's first line, without `connection to server at ... failed:` and `FATAL:`).
std::string connection_failure_reason(const std::string& libpq_message);

// libpq's messages quote the values they complain about (`invalid integer value "S3cret" for
// connection option "port"` when a URL lacks its `@`), and such a value may be a password.
// Every double-quoted value of `message` that none of `known` (the redacted URL, the host,
// port, database and user) contains is replaced by ***: what the user can see in their
// redacted URL stays readable, anything else is hidden.
std::string mask_unknown_quoted_values(std::string message, const std::vector<std::string>& known);

// One connection, closed on destruction. Move-only.
class PgConnection {
public:
    // Connects and applies `settings`. InputError (exit 2) when libpq cannot parse the URL;
    // FailedError (exit 1) when the server cannot be reached or refuses the login, as one
    // line naming host, port and database and the reason, never the password.
    static PgConnection open(const DatabaseUrl& url, const SessionSettings& settings);

    PgConnection() = default;
    ~PgConnection();
    PgConnection(PgConnection&& other) noexcept;
    PgConnection& operator=(PgConnection&& other) noexcept;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Runs `sql` (simple protocol: several statements allowed); PostgresError on failure.
    PgResult exec(const std::string& sql) const;
    // Runs one statement with $1.. parameters as text (nullopt: NULL); PostgresError on
    // failure.
    PgResult exec(const std::string& sql,
                  const std::vector<std::optional<std::string>>& parameters) const;
    // The same, returning a failed result instead of throwing.
    PgResult try_exec(const std::string& sql) const;
    PgResult try_exec(const std::string& sql,
                      const std::vector<std::optional<std::string>>& parameters) const;

    // Whether the session is inside a transaction block (open or failed).
    bool in_transaction() const;
    int backend_pid() const;
    const PgTarget& target() const { return m_target; }
    pg_conn* get() const { return m_conn; }

private:
    explicit PgConnection(pg_conn* conn);
    // The connection's last error when a call returned no result at all (out of memory, lost
    // connection).
    PostgresErrorFields connection_error() const;

    pg_conn* m_conn = nullptr;
    PgTarget m_target;
};

}  // namespace mig::db
