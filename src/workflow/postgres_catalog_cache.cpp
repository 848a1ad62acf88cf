#include "workflow/postgres_catalog_cache.hpp"

#include "schema/postgres_catalog_json.hpp"
#include "util/file_io.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>
#include <vector>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

// Bump when the file's layout or what introspection records changes: old files then miss.
constexpr std::string_view k_format = "mig-pg-catalog 1";
constexpr std::string_view k_prefix = "pg-catalog-";
constexpr std::string_view k_suffix = ".json";
// The head, the database's revision, the model and a few older states (switching branches).
constexpr std::size_t k_files_kept = 8;
constexpr std::size_t k_name_key_length = 16;  // the whole key is inside the file and checked

}  // namespace

PostgresCatalogCache::PostgresCatalogCache(fs::path cache_dir) : m_dir(std::move(cache_dir)) {}

fs::path PostgresCatalogCache::file_for(const std::string& key) const {
    return m_dir /
           (std::string(k_prefix) + key.substr(0, k_name_key_length) + std::string(k_suffix));
}

std::optional<CachedCatalog> PostgresCatalogCache::load(const std::string& key) const {
    if (m_dir.empty() || key.empty()) {
        return std::nullopt;
    }
    try {
        const fs::path file = file_for(key);
        const std::optional<std::string> bytes = util::read_file_if_exists(file);
        if (!bytes) {
            return std::nullopt;
        }
        const nlohmann::json json = nlohmann::json::parse(*bytes);
        if (json.at("format").get<std::string>() != k_format ||
            json.at("key").get<std::string>() != key) {
            return std::nullopt;
        }
        CachedCatalog cached{schema::pg::catalog_from_json(json.at("catalog")),
                             json.at("server_version").get<int>()};
        std::error_code ignored;  // marks it recently used, so prune() keeps it
        fs::last_write_time(file, fs::file_time_type::clock::now(), ignored);
        return cached;
    } catch (const std::exception& error) {
        spdlog::debug("ignoring the cached catalog {}: {}", key, error.what());
        return std::nullopt;
    }
}

void PostgresCatalogCache::store(const std::string& key, const CachedCatalog& catalog) const {
    if (m_dir.empty() || key.empty()) {
        return;
    }
    nlohmann::json json;
    json["format"] = k_format;
    json["key"] = key;
    json["server_version"] = catalog.server_version;
    json["catalog"] = schema::pg::to_json(catalog.catalog);
    const fs::path file = file_for(key);
    if (const std::string failure = util::write_cache_file(file, json.dump()); !failure.empty()) {
        spdlog::debug("cannot write {}: {}", file.string(), failure);  // only slower
        return;
    }
    prune(file);
}

// Keeps `written` and the newest other catalogs: every edit of the model or a revision makes
// a new key, and old files would pile up.
void PostgresCatalogCache::prune(const fs::path& written) const {
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

}  // namespace mig::workflow
