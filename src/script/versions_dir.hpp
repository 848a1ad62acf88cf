#pragma once

// Internal to the script layer: the one check and message for a missing versions/ folder,
// shared by the loader and the writer so users see the same advice from both.

#include "util/error.hpp"

#include <filesystem>
#include <system_error>

namespace mig::script {

inline void require_versions_dir(const std::filesystem::path& versions_dir) {
    std::error_code error;
    if (!std::filesystem::is_directory(versions_dir, error)) {
        throw InputError("no versions directory at " + versions_dir.string(),
                         "run `mig init` first, or set [migrations] directory in mig.toml");
    }
}

}  // namespace mig::script
