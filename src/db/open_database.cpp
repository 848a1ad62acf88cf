#include "db/open_database.hpp"

#include "util/error.hpp"

namespace mig::db {

std::unique_ptr<Database> open_database(const DatabaseUrl& url, OpenMode mode) {
    if (url.scheme == "sqlite") {
        return std::make_unique<SqliteDatabase>(url.sqlite_path, mode);
    }
    if (url.scheme == "postgresql") {
        throw InputError("PostgreSQL is not supported yet by this build",
                         "use a sqlite:/// database URL");
    }
    throw InputError("unsupported database URL '" + url.redacted() + "'",
                     "expected sqlite:///relative/path.db or sqlite:////absolute/path.db");
}

}  // namespace mig::db
