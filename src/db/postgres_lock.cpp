#include "db/postgres_lock.hpp"

#include "util/error.hpp"

#include <cstdio>
#include <thread>

namespace mig::db {

namespace {

// Long enough not to load the server, short enough that the next waiter starts promptly.
constexpr std::chrono::milliseconds k_poll_interval{50};

std::string seconds_text(std::chrono::milliseconds timeout) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(timeout.count()) / 1000.0);
    return std::string(buffer) + " s";
}

bool try_lock(const PgConnection& connection, const std::string& key) {
    return connection.exec("SELECT pg_try_advisory_lock($1::bigint)", {key}).text(0, 0) == "t";
}

}  // namespace

std::int64_t PostgresAdvisoryLock::key(const std::string& schema) {
    // FNV-1a (64 bit) of "mig migration lock " + schema: fixed arithmetic, unlike
    // std::hash, so every mig build computes the same key.
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : "mig migration lock " + (schema.empty() ? std::string("public") : schema)) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(hash);
}

PostgresAdvisoryLock::PostgresAdvisoryLock(const DatabaseUrl& url, const SessionSettings& settings,
                                           const std::string& schema,
                                           std::chrono::milliseconds timeout)
    : m_connection(PgConnection::open(url, settings)) {
    const std::int64_t lock_key = key(schema);
    const std::string key_text = std::to_string(lock_key);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!try_lock(m_connection, key_text)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            throw FailedError("another mig process is migrating the database (" +
                                  m_connection.target().describe() +
                                  "): " + describe_lock_holder(m_connection, lock_key) +
                                  " holds mig's advisory lock; waited " + seconds_text(timeout),
                              "wait for it to finish, or raise [database] lock_timeout");
        }
        std::this_thread::sleep_for(k_poll_interval);
    }
}

std::string describe_lock_holder(const PgConnection& connection, std::int64_t key) {
    // pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32 bits),
    // with objsubid 1.
    const auto bits = static_cast<std::uint64_t>(key);
    const std::string classid = std::to_string(bits >> 32U);
    const std::string objid = std::to_string(bits & 0xFFFFFFFFULL);
    PgResult holder = connection.exec(
        "SELECT l.pid, a.application_name, host(a.client_addr), "
        "to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
        "FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
        "current_database()) AND l.classid = $1::oid AND l.objid = $2::oid LIMIT 1",
        {classid, objid});
    if (holder.rows() == 0) {
        return "another session";
    }
    std::string out = "backend pid " + holder.text(0, 0);
    std::vector<std::string> facts;
    if (auto name = holder.optional_text(0, 1); name && !name->empty()) {
        facts.push_back("application_name '" + *name + "'");
    }
    if (auto client = holder.optional_text(0, 2)) {
        facts.push_back("client " + *client);
    }
    if (auto since = holder.optional_text(0, 3)) {
        facts.push_back("connected since " + *since + " UTC");
    }
    for (std::size_t i = 0; i < facts.size(); ++i) {
        out += (i == 0 ? " (" : ", ") + facts[i];
    }
    return facts.empty() ? out : out + ")";
}

}  // namespace mig::db
