#include "db/postgres_connection.hpp"

#include "db/libpq.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

namespace mig::db {

namespace {

using detail::libpq;

constexpr const char* k_default_application_name = "mig";
// Without a limit, a host that drops packets keeps mig waiting for the kernel's TCP timeout
// (minutes); the URL's connect_timeout or PGCONNECT_TIMEOUT override it.
constexpr const char* k_default_connect_timeout = "10";

constexpr std::string_view k_url_hint =
    "expected postgresql://user:password@host:port/database?option=value with libpq's options "
    "(see docs/postgres.md)";

// Newlines and tabs folded into spaces, outer spaces trimmed: libpq's messages end with "\n"
// and continue on tab-indented lines.
std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text) {
        char folded = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
        if (folded == ' ' && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out += folded;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

std::string field(const pg_result* result, int code) {
    const char* value = libpq().PQresultErrorField(result, code);
    return value != nullptr ? one_line(value) : std::string();
}

std::string milliseconds_setting(std::chrono::milliseconds value) {
    return std::to_string(value.count());
}

// "cannot connect to PostgreSQL (host ..., port ..., database ...): REASON"; the hint
// depends on the reason.
[[noreturn]] void throw_connection_failure(const PgTarget& target, const std::string& reason) {
    std::string hint =
        "check that the server runs and that host and port in the database URL "
        "are right";
    if (reason.find("password") != std::string::npos ||
        reason.find("authentication") != std::string::npos) {
        hint = "check the user and password (in the database URL, PGPASSWORD or ~/.pgpass)";
    } else if (reason.find("does not exist") != std::string::npos) {
        hint = "create the database (createdb) or fix the database URL";
    } else if (reason.find("translate host name") != std::string::npos) {
        hint = "fix the host in the database URL";
    }
    throw FailedError("cannot connect to PostgreSQL (" + target.describe() + "): " + reason, hint);
}

std::string value_or(const char* value, const char* fallback) {
    return value != nullptr && *value != '\0' ? value : fallback;
}

// Where a connection went: libpq answers for a failed connection too (the host it tried).
PgTarget target_of(const pg_conn* conn) {
    PgTarget target;
    target.host = value_or(libpq().PQhost(conn), "localhost");
    target.port = value_or(libpq().PQport(conn), "5432");
    target.database = value_or(libpq().PQdb(conn), "");
    return target;
}

// libpq prints NOTICE and WARNING messages to stderr by default: `CREATE TABLE IF NOT EXISTS`
// says "relation already exists, skipping" on every run. mig's output is its own.
void ignore_notice(void* /*arg*/, const char* /*message*/) {}

// What libpq's messages may quote without hiding it: what the redacted URL shows, libpq's own
// option names, and where the connection went (which may come from PG* variables). A port
// that is not a number is not among them: it is what libpq makes of `user:password/db`.
std::vector<std::string> visible_values(const DatabaseUrl& url, const PgTarget& target,
                                        const char* user) {
    std::vector<std::string> visible = {url.redacted(), target.host, target.database,
                                        user != nullptr ? user : ""};
    if (!target.port.empty() && std::all_of(target.port.begin(), target.port.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        visible.push_back(target.port);
    }
    // libpq's connection option names, as its messages quote them.
    visible.emplace_back(
        "host hostaddr port dbname user passfile channel_binding connect_timeout "
        "client_encoding options application_name fallback_application_name keepalives "
        "keepalives_idle keepalives_interval keepalives_count tcp_user_timeout replication "
        "gssencmode sslmode sslcompression sslcert sslkey sslpassword sslrootcert sslcrl "
        "sslcrldir sslsni requirepeer ssl_min_protocol_version ssl_max_protocol_version krbsrvname "
        "gsslib service target_session_attrs load_balance_hosts");
    return visible;
}

// A URL libpq cannot parse is bad input (exit 2), not a failure to connect.
void require_parsable(const DatabaseUrl& url) {
    char* error = nullptr;
    PQconninfoOption* options = libpq().PQconninfoParse(url.original.c_str(), &error);
    if (options != nullptr) {
        libpq().PQconninfoFree(options);
        return;
    }
    std::string reason = error != nullptr ? one_line(error) : "out of memory";
    if (error != nullptr) {
        libpq().PQfreemem(error);
    }
    reason = mask_unknown_quoted_values(reason, visible_values(url, PgTarget{}, nullptr));
    throw InputError("invalid database URL '" + url.redacted() + "': " + reason,
                     std::string(k_url_hint));
}

std::vector<const char*> c_strings(const std::vector<std::string>& items) {
    std::vector<const char*> out;
    out.reserve(items.size() + 1);
    for (const auto& item : items) {
        out.push_back(item.c_str());
    }
    out.push_back(nullptr);
    return out;
}

}  // namespace

// --- errors -------------------------------------------------------------------------------

std::string PostgresErrorFields::describe() const {
    std::string out = message;
    if (!sqlstate.empty()) {
        out += " (SQLSTATE " + sqlstate + ")";
    }
    if (!detail.empty()) {
        out += "; DETAIL: " + detail;
    }
    if (!hint.empty()) {
        out += "; HINT: " + hint;
    }
    return out;
}

PostgresError::PostgresError(PostgresErrorFields fields)
    : FailedError(fields.describe()), m_fields(std::move(fields)) {}

// --- results ------------------------------------------------------------------------------

PgResult::~PgResult() {
    if (m_result != nullptr) {
        libpq().PQclear(m_result);
    }
}

PgResult::PgResult(PgResult&& other) noexcept : m_result(std::exchange(other.m_result, nullptr)) {}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        PgResult old(std::exchange(m_result, std::exchange(other.m_result, nullptr)));
    }
    return *this;
}

bool PgResult::ok() const {
    if (m_result == nullptr) {
        return false;
    }
    ExecStatusType status = libpq().PQresultStatus(m_result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

int PgResult::rows() const {
    return m_result != nullptr ? libpq().PQntuples(m_result) : 0;
}

int PgResult::columns() const {
    return m_result != nullptr ? libpq().PQnfields(m_result) : 0;
}

bool PgResult::is_null(int row, int column) const {
    return libpq().PQgetisnull(m_result, row, column) != 0;
}

std::string PgResult::text(int row, int column) const {
    return libpq().PQgetvalue(m_result, row, column);
}

std::optional<std::string> PgResult::optional_text(int row, int column) const {
    if (is_null(row, column)) {
        return std::nullopt;
    }
    return text(row, column);
}

long long PgResult::affected_rows() const {
    const char* count = m_result != nullptr ? libpq().PQcmdTuples(m_result) : nullptr;
    return count != nullptr && *count != '\0' ? std::atoll(count) : 0;
}

PostgresErrorFields PgResult::error() const {
    PostgresErrorFields fields;
    if (m_result == nullptr) {
        fields.message = "no result from the server";
        return fields;
    }
    fields.message = field(m_result, PG_DIAG_MESSAGE_PRIMARY);
    if (fields.message.empty()) {
        fields.message = one_line(libpq().PQresultErrorMessage(m_result));
    }
    fields.detail = field(m_result, PG_DIAG_MESSAGE_DETAIL);
    fields.hint = field(m_result, PG_DIAG_MESSAGE_HINT);
    fields.sqlstate = field(m_result, PG_DIAG_SQLSTATE);
    std::string position = field(m_result, PG_DIAG_STATEMENT_POSITION);
    fields.position = position.empty() ? 0 : std::atoi(position.c_str());
    return fields;
}

// --- connecting ---------------------------------------------------------------------------

std::string PgTarget::describe() const {
    std::string out = host.starts_with('/') ? "socket " + host : "host " + host;
    out += ", port " + port;
    out += ", database " + (database.empty() ? std::string("(default)") : database);
    return out;
}

ConnectParameters connect_parameters(const DatabaseUrl& url,
                                     const std::optional<std::string>& env_connect_timeout) {
    ConnectParameters parameters;
    parameters.keywords.emplace_back("fallback_application_name");
    parameters.values.emplace_back(k_default_application_name);
    if (!env_connect_timeout || env_connect_timeout->empty()) {
        parameters.keywords.emplace_back("connect_timeout");
        parameters.values.emplace_back(k_default_connect_timeout);
    }
    parameters.keywords.emplace_back("dbname");
    parameters.values.push_back(url.original);
    return parameters;
}

std::string mask_unknown_quoted_values(std::string message, const std::vector<std::string>& known) {
    std::size_t open = message.find('"');
    while (open != std::string::npos) {
        std::size_t close = message.find('"', open + 1);
        if (close == std::string::npos) {
            break;
        }
        std::string_view value(message.data() + open + 1, close - open - 1);
        const bool visible = value.empty() || value == "***" ||
                             std::any_of(known.begin(), known.end(), [&](const std::string& text) {
                                 return text.find(value) != std::string::npos;
                             });
        if (!visible) {
            message.replace(open + 1, value.size(), "***");
            close = open + 4;
        }
        open = message.find('"', close + 1);
    }
    return message;
}

std::string connection_failure_reason(const std::string& libpq_message) {
    // One block per attempt (libpq tries every address of a host): its first line is not
    // indented, its explanation is. The last attempt's reason is the one to show.
    std::string last;
    std::size_t start = 0;
    while (start < libpq_message.size()) {
        std::size_t end = std::min(libpq_message.find('\n', start), libpq_message.size());
        std::string_view line(libpq_message.data() + start, end - start);
        if (!line.empty() && line.front() != '\t' && line.front() != ' ') {
            last = std::string(line);
        }
        start = end + 1;
    }
    if (std::size_t failed = last.find(" failed: "); failed != std::string::npos) {
        last.erase(0, failed + std::string_view(" failed: ").size());
    }
    for (std::string_view severity : {"FATAL:  ", "ERROR:  "}) {
        if (last.starts_with(severity)) {
            last.erase(0, severity.size());
        }
    }
    last = one_line(last);
    return last.empty() ? "unknown error" : last;
}

PgConnection PgConnection::open(const DatabaseUrl& url, const SessionSettings& settings) {
    require_parsable(url);
    const char* env_timeout = std::getenv("PGCONNECT_TIMEOUT");
    ConnectParameters parameters = connect_parameters(
        url, env_timeout != nullptr ? std::optional<std::string>(env_timeout) : std::nullopt);
    std::vector<const char*> keywords = c_strings(parameters.keywords);
    std::vector<const char*> values = c_strings(parameters.values);
    PgConnection connection(
        libpq().PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1));
    if (connection.m_conn == nullptr) {
        throw FailedError("cannot connect to PostgreSQL: out of memory");
    }
    if (libpq().PQstatus(connection.m_conn) != CONNECTION_OK) {
        std::string reason = mask_unknown_quoted_values(
            connection_failure_reason(libpq().PQerrorMessage(connection.m_conn)),
            visible_values(url, connection.m_target, libpq().PQuser(connection.m_conn)));
        // libpq checks option values only when connecting, before it tries any server:
        // `invalid sslmode value: "sometimes"`, `invalid port number: "x"`. That is bad input.
        if (reason.starts_with("invalid ")) {
            throw InputError("invalid database URL '" + url.redacted() + "': " + reason,
                             std::string(k_url_hint));
        }
        throw_connection_failure(connection.m_target, reason);
    }
    libpq().PQsetNoticeProcessor(connection.m_conn, ignore_notice, nullptr);
    std::string set;
    if (settings.statement_timeout) {
        set += "SET statement_timeout = " + milliseconds_setting(*settings.statement_timeout) + ";";
    }
    if (settings.lock_timeout) {
        set +=
            "SET lock_timeout = " +
            milliseconds_setting(std::max(*settings.lock_timeout, std::chrono::milliseconds(1))) +
            ";";
    }
    if (settings.read_only) {
        set += "SET default_transaction_read_only = on;";
    }
    if (!set.empty()) {
        connection.exec(set);
    }
    return connection;
}

PgConnection::PgConnection(pg_conn* conn) : m_conn(conn) {
    if (m_conn != nullptr) {
        m_target = target_of(m_conn);
    }
}

PgConnection::~PgConnection() {
    if (m_conn != nullptr) {
        libpq().PQfinish(m_conn);
    }
}

PgConnection::PgConnection(PgConnection&& other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr)), m_target(std::move(other.m_target)) {}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
    if (this != &other) {
        if (m_conn != nullptr) {
            libpq().PQfinish(m_conn);
        }
        m_conn = std::exchange(other.m_conn, nullptr);
        m_target = std::move(other.m_target);
    }
    return *this;
}

PostgresErrorFields PgConnection::connection_error() const {
    PostgresErrorFields fields;
    fields.message = one_line(libpq().PQerrorMessage(m_conn));
    if (fields.message.empty()) {
        fields.message = "no result from the server";
    }
    return fields;
}

PgResult PgConnection::try_exec(const std::string& sql) const {
    return PgResult(libpq().PQexec(m_conn, sql.c_str()));
}

PgResult PgConnection::try_exec(const std::string& sql,
                                const std::vector<std::optional<std::string>>& parameters) const {
    std::vector<const char*> values;
    values.reserve(parameters.size());
    for (const auto& parameter : parameters) {
        values.push_back(parameter ? parameter->c_str() : nullptr);
    }
    return PgResult(libpq().PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()),
                                         nullptr, values.data(), nullptr, nullptr, 0));
}

PgResult PgConnection::exec(const std::string& sql) const {
    PgResult result = try_exec(sql);
    if (!result.ok()) {
        throw PostgresError(result.get() != nullptr ? result.error() : connection_error());
    }
    return result;
}

PgResult PgConnection::exec(const std::string& sql,
                            const std::vector<std::optional<std::string>>& parameters) const {
    PgResult result = try_exec(sql, parameters);
    if (!result.ok()) {
        throw PostgresError(result.get() != nullptr ? result.error() : connection_error());
    }
    return result;
}

bool PgConnection::in_transaction() const {
    PGTransactionStatusType status = libpq().PQtransactionStatus(m_conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

int PgConnection::backend_pid() const {
    return libpq().PQbackendPID(m_conn);
}

}  // namespace mig::db
