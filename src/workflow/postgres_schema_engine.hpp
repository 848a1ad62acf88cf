#pragma once

#include "workflow/schema_engine.hpp"

#include <memory>

namespace mig::workflow {

class PostgresSchemas;

// PostgreSQL's schemas: the model and the migrations' schema are loaded into a scratch
// database on the server (db::PostgresScratch: `[database] dev_url`, or a temporary database
// mig creates and drops), read back from pg_catalog (db::introspect over the managed schemas),
// compared with autogen::pg::compare and rendered with autogen::pg::render. The catalogs are
// cached as JSON by keys from the files alone (PostgresSchemas), and the difference lines
// under both keys (model_differences.hpp), so a warm `mig check` opens no scratch database.
class PostgresSchemaEngine final : public SchemaEngine {
public:
    PostgresSchemaEngine();
    ~PostgresSchemaEngine() override;
    PostgresSchemaEngine(const PostgresSchemaEngine&) = delete;
    PostgresSchemaEngine& operator=(const PostgresSchemaEngine&) = delete;

    std::vector<std::string> model_differences(Project& project) override;
    CachedDifferences cached_model_differences(Project& project) override;
    bool model_matches_head(Project& project) override;
    GeneratedRevision generate(Project& project, const std::vector<autogen::RenameHint>& renames,
                               bool from_db) override;
    std::unique_ptr<LiveSchema> read_live_schema(Project& project,
                                                 std::string_view option) override;
    std::string database_name(const Project& project) const override;
    std::vector<std::string> drift(
        Project& project, LiveSchema& live,
        const std::vector<graph::RevisionGraph::Index>& revisions) override;

private:
    // The project's schemas, kept for the engine's life: `mig check --db` builds the model,
    // the head and the database's revisions in one scratch database, not one each.
    PostgresSchemas& schemas(Project& project);

    std::unique_ptr<PostgresSchemas> m_schemas;
    const Project* m_project = nullptr;  // whose schemas m_schemas are
};

}  // namespace mig::workflow
