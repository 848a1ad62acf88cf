#include "importer/reader_support.hpp"
#include "util/error.hpp"

namespace mig::importer {

ImportedHistory read_sqitch(const std::filesystem::path& /*dir*/) {
    throw InputError("mig import --from sqitch is not available yet");
}

}  // namespace mig::importer
