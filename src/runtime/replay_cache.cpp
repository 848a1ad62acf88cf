#include "runtime/replay_cache.hpp"

#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <charconv>
#include <string_view>
#include <system_error>

namespace mig::runtime {

namespace fs = std::filesystem;

namespace {

// Bump when the format or what replay produces changes: old files then read as misses.
constexpr std::string_view k_magic = "mig-replay-cache 1\n";
constexpr std::string_view k_end = "end\n";
constexpr std::string_view k_prefix = "schema-";
constexpr std::string_view k_suffix = ".cache";
constexpr std::size_t k_files_kept = 8;

// A field is its length in decimal, a newline, its bytes and a newline: SQL holds any byte.
void put_field(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += '\n';
    out += field;
    out += '\n';
}

bool take_field(std::string_view& in, std::string& field) {
    std::size_t length = 0;
    auto [end, error] = std::from_chars(in.data(), in.data() + in.size(), length);
    if (error != std::errc() || end == in.data() || end == in.data() + in.size() || *end != '\n') {
        return false;
    }
    in.remove_prefix(static_cast<std::size_t>(end - in.data()) + 1);
    if (in.size() < length + 1 || in[length] != '\n') {
        return false;
    }
    field.assign(in.substr(0, length));
    in.remove_prefix(length + 1);
    return true;
}

bool take_literal(std::string_view& in, std::string_view literal) {
    if (in.substr(0, literal.size()) != literal) {
        return false;
    }
    in.remove_prefix(literal.size());
    return true;
}

std::string serialise(const std::string& key, const std::vector<SchemaObject>& objects) {
    std::string out(k_magic);
    put_field(out, key);
    put_field(out, std::to_string(objects.size()));
    for (const SchemaObject& object : objects) {
        put_field(out, object.type);
        put_field(out, object.name);
        put_field(out, object.sql);
    }
    out += k_end;
    return out;
}

// nullopt unless the bytes are whole, well formed and for `key`.
std::optional<std::vector<SchemaObject>> parse(std::string_view in, const std::string& key) {
    std::string stored_key;
    std::string count_text;
    if (!take_literal(in, k_magic) || !take_field(in, stored_key) || stored_key != key ||
        !take_field(in, count_text)) {
        return std::nullopt;
    }
    std::size_t count = 0;
    auto [end, error] =
        std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (error != std::errc() || end != count_text.data() + count_text.size()) {
        return std::nullopt;
    }
    std::vector<SchemaObject> objects;
    for (std::size_t i = 0; i < count; ++i) {
        SchemaObject object;
        if (!take_field(in, object.type) || !take_field(in, object.name) ||
            !take_field(in, object.sql)) {
            return std::nullopt;
        }
        objects.push_back(std::move(object));
    }
    if (in != k_end) {
        return std::nullopt;  // truncated, or trailing bytes
    }
    return objects;
}

bool is_virtual_table(const SchemaObject& object) {
    return object.type == "table" && util::starts_with_ci(object.sql, "CREATE VIRTUAL TABLE");
}

bool table_exists(SQLite::Database& database, const std::string& name) {
    SQLite::Statement query(database,
                            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    query.bind(1, name);
    return query.executeStep();
}

}  // namespace

std::vector<SchemaObject> schema_objects(SQLite::Database& database) {
    SQLite::Statement query(database,
                            "SELECT type, name, sql FROM sqlite_schema "
                            "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                            "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, "
                            "rowid");
    std::vector<SchemaObject> objects;
    while (query.executeStep()) {
        objects.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                           query.getColumn(2).getString()});
    }
    return objects;
}

bool rebuild_schema(SQLite::Database& database, const std::vector<SchemaObject>& objects) {
    try {
        SQLite::Transaction transaction(database);
        bool virtual_tables = false;  // only they create tables of their own: look up then
        for (const SchemaObject& object : objects) {
            if (virtual_tables && object.type == "table" && table_exists(database, object.name)) {
                continue;  // a virtual table's shadow table, created with it
            }
            database.exec(object.sql);
            virtual_tables = virtual_tables || is_virtual_table(object);
        }
        transaction.commit();
        return true;
    } catch (const SQLite::Exception&) {
        return false;
    }
}

ReplayCache::ReplayCache(fs::path cache_dir) : m_dir(std::move(cache_dir)) {}

fs::path ReplayCache::file_for(const std::string& key) const {
    // The file name needs only enough of the key to be unique in practice: the whole key is
    // inside and checked.
    return m_dir / (std::string(k_prefix) + key.substr(0, 16) + std::string(k_suffix));
}

std::optional<std::vector<SchemaObject>> ReplayCache::load(const std::string& key) const {
    try {
        const fs::path file = file_for(key);
        std::optional<std::string> bytes = util::read_file_if_exists(file);
        auto objects = bytes ? parse(*bytes, key) : std::nullopt;
        if (objects) {
            std::error_code ignored;  // marks it recently used, so prune() keeps it
            fs::last_write_time(file, fs::file_time_type::clock::now(), ignored);
        }
        return objects;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void ReplayCache::store(const std::string& key, const std::vector<SchemaObject>& objects) const {
    util::create_state_dir(m_dir.parent_path());
    std::error_code error;
    fs::create_directories(m_dir, error);
    if (error) {
        return;
    }
    try {
        const fs::path file = file_for(key);
        util::write_file_atomically(file, serialise(key, objects));
        prune(file);
    } catch (const std::exception&) {
        // an unwritable cache only costs speed
    }
}

// Keeps `written` and the newest other files: an edited revision makes a new key, and old
// files would pile up. `written` is named because several files can share a timestamp tick.
void ReplayCache::prune(const fs::path& written) const {
    std::vector<std::pair<fs::file_time_type, fs::path>> others;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(m_dir, error)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(k_prefix) && name.ends_with(k_suffix) && entry.path() != written) {
            others.emplace_back(entry.last_write_time(error), entry.path());
        }
    }
    if (others.size() < k_files_kept) {
        return;
    }
    std::sort(others.begin(), others.end(), [](const auto& a, const auto& b) { return a > b; });
    for (std::size_t i = k_files_kept - 1; i < others.size(); ++i) {
        fs::remove(others[i].second, error);
    }
}

}  // namespace mig::runtime
