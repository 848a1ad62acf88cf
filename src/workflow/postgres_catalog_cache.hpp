#pragma once

// PostgreSQL catalogs kept under the project's `.mig/cache/` as JSON (schema/
// postgres_catalog_json.hpp), one file per key: the migrations' schema at some revisions, or
// the model. With them a warm `mig check` or `mig migrate` needs no scratch database. Only an
// accelerator, like runtime::ReplayCache: a missing, unreadable or malformed file is a miss,
// a failed write is ignored, and only the newest few files are kept.

#include "schema/postgres_catalog.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace mig::workflow {

// A catalog and the server that produced it: pg_catalog's canonical text (pg_get_viewdef,
// format_type) differs between major versions, so two catalogs compare on equal terms only
// when the same server version wrote both.
struct CachedCatalog {
    schema::pg::Catalog catalog;
    int server_version = 0;  // server_version_num: 160004 for 16.4
};

class PostgresCatalogCache {
public:
    // `cache_dir` empty: nothing is cached.
    explicit PostgresCatalogCache(std::filesystem::path cache_dir);

    std::optional<CachedCatalog> load(const std::string& key) const;
    void store(const std::string& key, const CachedCatalog& catalog) const;

private:
    std::filesystem::path file_for(const std::string& key) const;
    void prune(const std::filesystem::path& written) const;

    std::filesystem::path m_dir;
};

}  // namespace mig::workflow
