#include "importer/reader_support.hpp"
#include "util/error.hpp"

namespace mig::importer {

ImportedHistory read_alembic(const std::filesystem::path& /*dir*/, const ReadOptions& /*options*/) {
    throw InputError("mig import --from alembic is not available yet");
}

}  // namespace mig::importer
