#pragma once

// The PostgreSQL schemas autogenerate compares, as catalogs: the migrations' schema at some
// revisions (replayed into a scratch database), the model (loaded into one) and the live
// database, each introspected over the managed schemas (`[database] schemas`, default
// `public`). Catalogs are cached by keys computed from the files alone (PostgresCatalogCache),
// so a warm run opens no scratch database; the scratch database is opened on the first miss
// and shared by everything built in this run, emptied between builds.

#include "db/postgres_scratch.hpp"
#include "graph/revision_graph.hpp"
#include "workflow/postgres_catalog_cache.hpp"
#include "workflow/postgres_model.hpp"
#include "workflow/project.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::workflow {

class PostgresSchemas {
public:
    using Index = graph::RevisionGraph::Index;

    explicit PostgresSchemas(Project& project);
    ~PostgresSchemas();
    PostgresSchemas(const PostgresSchemas&) = delete;
    PostgresSchemas& operator=(const PostgresSchemas&) = delete;

    // Keys, from the files alone. head_key: graph::MultipleHeadsError for several heads; kept
    // in `.mig/cache/pg-head-key` under the scripts' content generation, as SQLite's.
    std::string head_key();
    std::string key_at(const std::vector<Index>& revisions);
    // The model's key without running anything: `[model] paths` only (nullopt for a
    // command, which only running it tells).
    std::optional<std::string> model_key_from_files();
    // The model's key, running `[model] command` when the model is one.
    std::string model_key();

    // A catalog the cache holds, nothing built.
    std::optional<CachedCatalog> cached(const std::string& key) const;

    // The catalogs, from the cache when it holds them from the server version `version`
    // (any, when nullopt), else built in the scratch database and cached.
    CachedCatalog head(std::optional<int> version = std::nullopt);
    CachedCatalog at(const std::vector<Index>& revisions,
                     std::optional<int> version = std::nullopt);
    CachedCatalog model(std::optional<int> version = std::nullopt);
    // The live database (`[database] url`), read now through a read-only session.
    // InputError (exit 2) when the server has no database of that name, naming it and
    // `option` (`--db`, `--from-db`), which the user may leave out.
    CachedCatalog live(std::string_view option) const;

    // The server version of the scratch database, opening it: what a catalog built now has.
    int scratch_version();

private:
    db::PostgresScratch& scratch();  // opened on first use, emptied when used before
    CachedCatalog build_at(const std::string& key, const std::vector<Index>& revisions);

    Project& m_project;
    std::vector<std::string> m_schemas;  // the managed schemas
    PostgresCatalogCache m_cache;
    std::optional<db::PostgresScratch> m_scratch;
    bool m_scratch_used = false;
    std::optional<std::string> m_head_key;
    std::optional<std::string> m_model_key;
    std::optional<PostgresModelText> m_model_text;  // read once: a command runs once per run
};

}  // namespace mig::workflow
