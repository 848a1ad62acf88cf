#pragma once

#include "db/sqlite_introspect.hpp"
#include "schema/catalog.hpp"

#include <SQLiteCpp/Database.h>

#include <string>

namespace mig::db::test {

// A fresh in-memory database holding `ddl`.
inline SQLite::Database memory_database(const std::string& ddl) {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(ddl);
    return db;
}

// The catalog of a fresh in-memory database holding `ddl`.
inline schema::Catalog catalog_of(const std::string& ddl) {
    SQLite::Database db = memory_database(ddl);
    return introspect(db);
}

}  // namespace mig::db::test
