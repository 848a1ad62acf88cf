#include "dialect/dialect.hpp"

#include "dialect/sqlite_dialect.hpp"
#include "dialect/statement.hpp"
#include "util/error.hpp"

namespace mig::dialect {

// The one place that knows every dialect: an explicit switch rather than a self-registering
// table, so nothing depends on static initialisation order.
std::unique_ptr<Dialect> make_dialect(std::string_view name) {
    if (name == "sqlite") {
        return std::make_unique<SqliteDialect>();
    }
    if (name == "postgresql") {
        throw InputError("PostgreSQL is not supported yet by this build",
                         "use a sqlite:/// database URL");
    }
    throw InputError("unknown database dialect '" + std::string(name) + "'",
                     "mig supports sqlite (postgresql is planned)");
}

}  // namespace mig::dialect
