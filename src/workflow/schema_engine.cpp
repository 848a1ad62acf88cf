#include "workflow/schema_engine.hpp"

#include "workflow/postgres_schema_engine.hpp"
#include "workflow/sqlite_schema_engine.hpp"

namespace mig::workflow {

std::unique_ptr<SchemaEngine> make_schema_engine(const Project& project) {
    // db::parse_database_url accepts these two schemes only.
    if (project.database_url().scheme == "postgresql") {
        return std::make_unique<PostgresSchemaEngine>();
    }
    return std::make_unique<SqliteSchemaEngine>();
}

}  // namespace mig::workflow
