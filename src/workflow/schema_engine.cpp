#include "workflow/schema_engine.hpp"

#include "workflow/sqlite_schema_engine.hpp"

namespace mig::workflow {

std::unique_ptr<SchemaEngine> make_schema_engine(const Project& /*project*/) {
    return std::make_unique<SqliteSchemaEngine>();
}

}  // namespace mig::workflow
