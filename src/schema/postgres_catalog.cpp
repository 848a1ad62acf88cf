#include "schema/postgres_catalog.hpp"

#include "schema/postgres_names.hpp"

namespace mig::schema::pg {

std::string Function::signature() const {
    return qualified(name) + "(" + identity_arguments + ")";
}

}  // namespace mig::schema::pg
