#include "db/open_database.hpp"

#include "db/postgres_database.hpp"
#include "db/sqlite_backups.hpp"
#include "db/sqlite_database.hpp"
#include "util/error.hpp"

namespace mig::db {

namespace {

[[noreturn]] void unsupported(const DatabaseUrl& url) {
    throw InputError("unsupported database URL '" + url.redacted() + "'",
                     "expected sqlite:///relative/path.db or sqlite:////absolute/path.db");
}

}  // namespace

std::unique_ptr<Database> open_database(const DatabaseUrl& url, OpenMode mode,
                                        const ConnectionOptions& options) {
    if (url.scheme == "sqlite") {
        return std::make_unique<SqliteDatabase>(url.sqlite_path, mode);
    }
    if (url.scheme == "postgresql") {
        return std::make_unique<PostgresDatabase>(url, mode, options.schema,
                                                  session_settings(options));
    }
    unsupported(url);
}

std::unique_ptr<MigrationLock> acquire_migration_lock(const DatabaseUrl& url,
                                                      const ConnectionOptions& options,
                                                      std::chrono::milliseconds timeout) {
    if (url.scheme == "sqlite") {
        return SqliteDatabase::acquire_lock(url.sqlite_path, timeout);
    }
    if (url.scheme == "postgresql") {
        return PostgresDatabase::acquire_lock(url, options, timeout);
    }
    unsupported(url);
}

std::unique_ptr<Backups> open_backups(const DatabaseUrl& url) {
    if (url.scheme == "sqlite") {
        return std::make_unique<SqliteBackups>(url.sqlite_path);
    }
    return nullptr;  // a server database: its own tools back it up (pg_dump)
}

}  // namespace mig::db
