#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mig::runtime {

// One user object of a schema as `sqlite_schema` holds it.
struct SchemaObject {
    std::string type;  // table, view, index, trigger
    std::string name;
    std::string sql;
    bool operator==(const SchemaObject&) const = default;
};

// The schema of `database` in an order that rebuilds it: tables, then views, then indexes
// and triggers, each group in creation (rowid) order. Not plain rowid order, because a table
// rebuilt late (create, copy, drop, rename) sorts after the views, indexes and triggers on
// it, and an index or trigger cannot be created before its table or view; a view's query is
// not checked until used. SQLite's own objects (sqlite_sequence, sqlite_stat1, automatic
// indexes) are left out: SQLite creates them itself.
std::vector<SchemaObject> schema_objects(SQLite::Database& database);

// Creates `objects` in an empty `database`, in one transaction. A table that already exists
// is skipped: a virtual table creates its shadow tables itself. False (and nothing created)
// when a statement fails, so a damaged cache costs a replay, never a wrong schema.
bool rebuild_schema(SQLite::Database& database, const std::vector<SchemaObject>& objects);

// Replayed schemas kept under the project's `.mig/cache/`, one file per key (the caller's
// hash of what was replayed), so switching between a few states (the head, the database's
// revision) keeps hitting. Only the newest few files are kept. Only an accelerator: a
// missing, unreadable or corrupt file is a miss, and a failed write is ignored.
class ReplayCache {
public:
    // `cache_dir` is created on first store, inside a state folder that git ignores.
    explicit ReplayCache(std::filesystem::path cache_dir);

    std::optional<std::vector<SchemaObject>> load(const std::string& key) const;
    void store(const std::string& key, const std::vector<SchemaObject>& objects) const;

private:
    std::filesystem::path file_for(const std::string& key) const;
    void prune(const std::filesystem::path& written) const;

    std::filesystem::path m_dir;
};

}  // namespace mig::runtime
