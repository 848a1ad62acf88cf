#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::runtime {

// Schemas kept under the project's `.mig/cache/` as SQLite database images (see
// db::serialize_image), one file per key (the caller's hash of what the schema was made
// from), so switching between a few states (the head, the database's revision) keeps hitting.
// Files of one `kind` ("schema", "model") share a name prefix, and only the newest few of
// each kind are kept. Only an accelerator: a missing, unreadable or corrupt file is a miss,
// and a failed write is ignored.
class ReplayCache {
public:
    // `cache_dir` is created on first store, inside a state folder that git ignores.
    explicit ReplayCache(std::filesystem::path cache_dir, std::string kind = "schema");

    // The database stored under `key`, restored in memory; nullptr on a miss.
    std::unique_ptr<SQLite::Database> load(const std::string& key) const;
    void store(const std::string& key, SQLite::Database& database) const;

    // The last of `keys` (in order) that has a stored database, with that database: for a
    // replay whose every prefix has a key, the longest prefix already replayed. nullopt when
    // none has one.
    struct Hit {
        std::size_t index;
        std::unique_ptr<SQLite::Database> database;
    };
    std::optional<Hit> load_latest(const std::vector<std::string>& keys) const;

private:
    std::filesystem::path file_for(const std::string& key) const;
    void prune(const std::filesystem::path& written) const;

    std::filesystem::path m_dir;
    std::string m_prefix;  // "<kind>-"
};

}  // namespace mig::runtime
