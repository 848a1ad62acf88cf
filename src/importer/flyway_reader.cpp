#include "importer/reader_support.hpp"
#include "util/error.hpp"

namespace mig::importer {

ImportedHistory read_flyway(const std::filesystem::path& /*dir*/) {
    throw InputError("mig import --from flyway is not available yet");
}

}  // namespace mig::importer
