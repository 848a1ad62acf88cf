#pragma once

#include "db/database.hpp"
#include "db/database_url.hpp"
#include "db/sqlite_database.hpp"

#include <memory>

namespace mig::db {

// The Database for a URL's scheme. read_only never creates a SQLite file.
std::unique_ptr<Database> open_database(const DatabaseUrl& url, OpenMode mode);

}  // namespace mig::db
