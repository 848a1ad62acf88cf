#pragma once

#include "db/backups.hpp"
#include "db/database.hpp"
#include "db/database_url.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace mig::db {

// What a connection needs besides the URL, from `[database]` (see config). SQLite ignores
// these; PostgreSQL applies them to each session it opens.
struct ConnectionOptions {
    std::string schema;  // where mig_version and mig_history live; empty: "public"
    std::optional<std::chrono::milliseconds> statement_timeout;
    std::optional<std::chrono::milliseconds> lock_timeout;
};

// The one place that chooses the implementation by the URL's scheme: open_database,
// acquire_migration_lock and open_backups each answer for every scheme.

// The Database for a URL. read_only never creates a SQLite file.
std::unique_ptr<Database> open_database(const DatabaseUrl& url, OpenMode mode,
                                        const ConnectionOptions& options = {});

// Waits up to `timeout` for the exclusive migration lock of the database at `url` and
// returns it, holding what it needs by itself (SQLite: `<db dir>/.mig/<db>.lock`, flock'd;
// PostgreSQL: a session advisory lock on a connection of its own) for as long as the
// returned object lives. FailedError naming the lock and the wait when another process
// keeps it.
std::unique_ptr<MigrationLock> acquire_migration_lock(const DatabaseUrl& url,
                                                      const ConnectionOptions& options,
                                                      std::chrono::milliseconds timeout);

// The backups of the database at `url` without connecting to it (`mig backups`, `mig
// restore`, which must work when the database itself is unreadable); nullptr when that kind
// of database has no backups inside mig.
std::unique_ptr<Backups> open_backups(const DatabaseUrl& url);

}  // namespace mig::db
