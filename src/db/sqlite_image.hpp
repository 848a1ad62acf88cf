#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>
#include <string_view>

namespace mig::db {

// A database's whole content as bytes (sqlite3_serialize of `main`): what mig's caches keep of
// a replayed or loaded schema, so a later run restores it without running its DDL again.
// SQLite re-parses the whole schema after every ALTER TABLE, which makes running DDL the
// slowest part of a large schema; restoring an image parses it once.
std::string serialize_image(SQLite::Database& database);

// A private in-memory database holding `image` (writable, with foreign-key enforcement off,
// like db::open_memory_database), or nullptr when SQLite cannot read the bytes as a database.
std::unique_ptr<SQLite::Database> deserialize_image(std::string_view image);

}  // namespace mig::db
