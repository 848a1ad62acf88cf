#pragma once

#include "db/database.hpp"
#include "db/database_url.hpp"
#include "db/postgres_connection.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace mig::db {

// The migration lock of a PostgreSQL database: a session-level advisory lock, held on a
// connection of its own for as long as this object lives (closing the session releases it,
// so a mig that dies never leaves it behind). Advisory locks are per database; the key is
// derived from mig's schema, so two mig histories in one database do not wait for each other.
class PostgresAdvisoryLock final : public MigrationLock {
public:
    // Connects and polls pg_try_advisory_lock until `timeout`, then FailedError naming the
    // backend that holds it (pid, application_name, client, since when) where
    // pg_stat_activity can tell.
    PostgresAdvisoryLock(const DatabaseUrl& url, const SessionSettings& settings,
                         const std::string& schema, std::chrono::milliseconds timeout);

    // The advisory lock key of mig's tables in `schema` (empty: public): stable across
    // versions of mig, since two versions must exclude each other.
    static std::int64_t key(const std::string& schema);

private:
    PgConnection m_connection;
};

// Who holds mig's advisory lock `key` in the connection's database, as a phrase for the
// lock-timeout error ("backend pid 4242 (application_name 'mig', client 10.0.0.5, since
// 2026-12-06 20:31:02 UTC)"); "another session" when pg_locks shows none (just released, or
// not visible to this role).
std::string describe_lock_holder(const PgConnection& connection, std::int64_t key);

}  // namespace mig::db
