#pragma once

#include "workflow/schema_engine.hpp"

namespace mig::workflow {

// SQLite's schemas: the model and the migrations' head loaded into in-memory SQLite databases
// (cached as database images, see runtime::ReplayCache), read back with db::introspect,
// compared with autogen::compare and rendered with autogen::render_sqlite.
class SqliteSchemaEngine final : public SchemaEngine {
public:
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
};

}  // namespace mig::workflow
