#include "workflow/postgres_schema_engine.hpp"

#include "autogen/postgres_compare.hpp"
#include "autogen/postgres_render.hpp"
#include "ops/postgres_operation.hpp"
#include "workflow/model_differences.hpp"
#include "workflow/postgres_schemas.hpp"

#include <utility>

namespace mig::workflow {

namespace {

// server_version_num from which `ALTER TYPE ... ADD VALUE` runs inside a transaction
constexpr int k_add_value_in_transaction = 120000;

// The live database's catalog, read when `--db` asked for it.
class PostgresLiveSchema final : public LiveSchema {
public:
    explicit PostgresLiveSchema(CachedCatalog catalog) : m_catalog(std::move(catalog)) {}
    const CachedCatalog& catalog() const { return m_catalog; }

private:
    CachedCatalog m_catalog;
};

// The head's and the model's catalogs, from the server version of one: a pair from the
// cache when both were written by the same server version, else what is missing (or older)
// built in the scratch database, whose version then decides.
std::pair<CachedCatalog, CachedCatalog> head_and_model(PostgresSchemas& schemas) {
    std::optional<CachedCatalog> head = schemas.cached(schemas.head_key());
    std::optional<CachedCatalog> model = schemas.cached(schemas.model_key());
    if (head && model && head->server_version == model->server_version) {
        return {std::move(*head), std::move(*model)};
    }
    const int version = schemas.scratch_version();
    CachedCatalog current = schemas.head(version);
    CachedCatalog desired = schemas.model(version);
    return {std::move(current), std::move(desired)};
}

std::vector<std::string> lines_between(const schema::pg::Catalog& current,
                                       const schema::pg::Catalog& desired,
                                       const autogen::pg::Sides& sides) {
    return autogen::pg::difference_lines(autogen::pg::compare(current, desired), sides);
}

// The difference lines of the head and the model, computed from their catalogs and kept
// under both keys.
std::vector<std::string> compare_and_remember(Project& project, PostgresSchemas& schemas,
                                              const CachedCatalog& head,
                                              const CachedCatalog& model) {
    std::vector<std::string> lines = lines_between(head.catalog, model.catalog, {});
    remember_model_differences(project, schemas.head_key(), schemas.model_key(), lines);
    return lines;
}

}  // namespace

PostgresSchemaEngine::PostgresSchemaEngine() = default;
PostgresSchemaEngine::~PostgresSchemaEngine() = default;

PostgresSchemas& PostgresSchemaEngine::schemas(Project& project) {
    if (!m_schemas || m_project != &project) {
        m_schemas = std::make_unique<PostgresSchemas>(project);
        m_project = &project;
    }
    return *m_schemas;
}

std::vector<std::string> PostgresSchemaEngine::model_differences(Project& project) {
    PostgresSchemas& schemas = this->schemas(project);
    if (auto known = known_model_differences(project, schemas.head_key(), schemas.model_key())) {
        return std::move(*known);
    }
    const auto [head, model] = head_and_model(schemas);
    return compare_and_remember(project, schemas, head, model);
}

CachedDifferences PostgresSchemaEngine::cached_model_differences(Project& project) {
    PostgresSchemas& schemas = this->schemas(project);
    CachedDifferences result;
    const std::optional<std::string> model_key = schemas.model_key_from_files();
    if (!model_key) {
        result.why_unknown = "the model is a command, which status does not run; run `mig check`";
        return result;
    }
    const std::string head_key = schemas.head_key();
    result.lines = known_model_differences(project, head_key, *model_key);
    if (result.lines) {
        return result;
    }
    // Both catalogs cached from one server version: compared here, with no server.
    const std::optional<CachedCatalog> head = schemas.cached(head_key);
    const std::optional<CachedCatalog> model = schemas.cached(*model_key);
    if (!head || !model || head->server_version != model->server_version) {
        result.why_unknown =
            "the migrations' head schema and the model are not both cached yet (PostgreSQL "
            "builds them in a scratch database); run `mig check`";
        return result;
    }
    result.lines = compare_and_remember(project, schemas, *head, *model);
    return result;
}

bool PostgresSchemaEngine::model_matches_head(Project& project) {
    PostgresSchemas& schemas = this->schemas(project);
    const auto [head, model] = head_and_model(schemas);
    return autogen::pg::compare(head.catalog, model.catalog).upgrade.empty();
}

GeneratedRevision PostgresSchemaEngine::generate(Project& project,
                                                 const std::vector<autogen::RenameHint>& renames,
                                                 bool from_db) {
    PostgresSchemas& schemas = this->schemas(project);
    CachedCatalog current;
    CachedCatalog desired;
    if (from_db) {
        current = schemas.live("--from-db");
        desired = schemas.model(current.server_version);
    } else {
        std::tie(current, desired) = head_and_model(schemas);
    }
    autogen::pg::Options options;
    // older servers refuse ADD VALUE inside a transaction: values are added by recreating the type
    options.add_values_in_transaction = current.server_version >= k_add_value_in_transaction;
    const autogen::pg::Comparison comparison =
        autogen::pg::compare(current.catalog, desired.catalog, renames, options);

    GeneratedRevision result;
    result.likely_renames = comparison.likely_renames;
    if (comparison.upgrade.empty()) {
        return result;
    }
    for (const auto& operation : comparison.upgrade) {
        result.operations.push_back(ops::pg::describe(operation));
        if (auto loss = ops::pg::data_loss(operation); loss.possible) {
            result.destructive.push_back(ops::pg::describe(operation) + ": " + loss.reason);
        }
    }
    const autogen::pg::Rendered upgrade = autogen::pg::render(comparison.upgrade, desired.catalog);
    const autogen::pg::Rendered downgrade =
        autogen::pg::render(ops::pg::reverse_all(comparison.upgrade), current.catalog);
    result.upgrade_sql = upgrade.sql;
    result.downgrade_sql = downgrade.sql;
    // A revision has one header: it runs outside a transaction when either direction needs to.
    result.transaction_off = upgrade.transaction_off || downgrade.transaction_off;
    return result;
}

std::unique_ptr<LiveSchema> PostgresSchemaEngine::read_live_schema(Project& project,
                                                                   std::string_view option) {
    return std::make_unique<PostgresLiveSchema>(schemas(project).live(option));
}

std::string PostgresSchemaEngine::database_name(const Project& project) const {
    return project.database_url().redacted();
}

std::vector<std::string> PostgresSchemaEngine::drift(
    Project& project, LiveSchema& live, const std::vector<graph::RevisionGraph::Index>& revisions) {
    const CachedCatalog& actual = dynamic_cast<PostgresLiveSchema&>(live).catalog();
    const CachedCatalog expected = schemas(project).at(revisions, actual.server_version);
    return lines_between(expected.catalog, actual.catalog, {"migrations", "database"});
}

}  // namespace mig::workflow
