#include "db/sqlite_image.hpp"

#include "db/schema_loader.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <cstring>

namespace mig::db {

std::string serialize_image(SQLite::Database& database) {
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(database.getHandle(), "main", &size, 0);
    if (bytes == nullptr) {
        return {};  // out of memory, or an empty database: nothing worth keeping
    }
    std::string image(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    sqlite3_free(bytes);
    return image;
}

std::unique_ptr<SQLite::Database> deserialize_image(std::string_view image) {
    if (image.empty()) {
        return nullptr;
    }
    auto database = open_memory_database();
    // SQLite takes ownership of a buffer from its own allocator (FREEONCLOSE) and may grow it.
    auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
    if (buffer == nullptr) {
        return nullptr;
    }
    std::memcpy(buffer, image.data(), image.size());
    const auto size = static_cast<sqlite3_int64>(image.size());
    if (sqlite3_deserialize(database->getHandle(), "main", buffer, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
        SQLITE_OK) {
        return nullptr;  // SQLite freed the buffer
    }
    try {
        // Reads the header and parses the schema now, so damage shows here, not later.
        database->exec("SELECT count(*) FROM sqlite_schema");
    } catch (const SQLite::Exception&) {
        return nullptr;
    }
    return database;
}

}  // namespace mig::db
