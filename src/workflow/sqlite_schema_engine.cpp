#include "workflow/sqlite_schema_engine.hpp"

#include "autogen/render.hpp"
#include "db/sqlite_introspect.hpp"
#include "ops/operation.hpp"
#include "workflow/difference_lines.hpp"
#include "workflow/model.hpp"
#include "workflow/model_differences.hpp"
#include "workflow/schemas.hpp"

namespace mig::workflow {

namespace {

// The live SQLite database, opened read-only: introspected when compared.
class SqliteLiveSchema final : public LiveSchema {
public:
    explicit SqliteLiveSchema(std::unique_ptr<SQLite::Database> database)
        : m_database(std::move(database)) {}
    SQLite::Database& database() { return *m_database; }

private:
    std::unique_ptr<SQLite::Database> m_database;
};

}  // namespace

std::vector<std::string> SqliteSchemaEngine::model_differences(Project& project) {
    // Both keys come from the files alone: when the answer is kept for them, the head schema
    // is not restored nor the model loaded (the two SQLite schemas are most of a warm check).
    if (const std::optional<std::string> model = model_key(project)) {
        if (auto known = known_model_differences(project, head_schema_key(project), *model)) {
            return std::move(*known);
        }
    }
    const runtime::ReplayedSchema head = head_schema(project);
    return workflow::model_differences(project, head, load_model(project));
}

CachedDifferences SqliteSchemaEngine::cached_model_differences(Project& project) {
    // Both keys come from the files alone: when the answer is kept for them, neither the
    // head schema is restored nor the model loaded (most of what a warm status would cost).
    CachedDifferences result;
    if (const std::optional<std::string> model = model_key(project)) {
        result.lines = known_model_differences(project, head_schema_key(project), *model);
        if (result.lines) {
            return result;
        }
    }
    const runtime::ReplayedSchema head = cached_head_schema(project);
    if (!head.database) {
        result.why_unknown = "the migrations' head schema is not cached yet; run `mig check`";
        return result;
    }
    result.lines = workflow::model_differences(project, head, load_model(project));
    return result;
}

bool SqliteSchemaEngine::model_matches_head(Project& project) {
    const schema::Catalog current = db::introspect(*head_schema(project).database);
    const schema::Catalog desired = db::introspect(*load_model(project).database);
    return autogen::compare(current, desired).upgrade.empty();
}

GeneratedRevision SqliteSchemaEngine::generate(Project& project,
                                               const std::vector<autogen::RenameHint>& renames,
                                               bool from_db) {
    const schema::Catalog current = from_db ? db::introspect(*live_schema(project))
                                            : db::introspect(*head_schema(project).database);
    const schema::Catalog desired = db::introspect(*load_model(project).database);
    const autogen::Comparison comparison = autogen::compare(current, desired, renames);

    GeneratedRevision result;
    result.likely_renames = comparison.likely_renames;
    if (comparison.upgrade.empty()) {
        return result;
    }
    for (const auto& operation : comparison.upgrade) {
        result.operations.push_back(ops::describe(operation));
        if (auto loss = ops::data_loss(operation); loss.possible) {
            result.destructive.push_back(ops::describe(operation) + ": " + loss.reason);
        }
    }
    result.upgrade_sql = autogen::render_sqlite(comparison.upgrade, desired);
    result.downgrade_sql = autogen::render_sqlite(ops::reverse_all(comparison.upgrade), current);
    return result;
}

std::unique_ptr<LiveSchema> SqliteSchemaEngine::read_live_schema(Project& project,
                                                                 std::string_view option) {
    return std::make_unique<SqliteLiveSchema>(live_schema(project, option));
}

std::string SqliteSchemaEngine::database_name(const Project& project) const {
    return project.display(project.database_url().sqlite_path);
}

std::vector<std::string> SqliteSchemaEngine::drift(
    Project& project, LiveSchema& live, const std::vector<graph::RevisionGraph::Index>& revisions) {
    const schema::Catalog expected = db::introspect(*schema_at(project, revisions).database);
    const schema::Catalog actual = db::introspect(dynamic_cast<SqliteLiveSchema&>(live).database());
    std::vector<std::string> lines;
    for (const auto& operation : autogen::compare(expected, actual).upgrade) {
        for (auto& line : difference_lines(operation, {"migrations", "database"})) {
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

}  // namespace mig::workflow
