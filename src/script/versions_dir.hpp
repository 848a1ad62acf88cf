#pragma once

// Internal to the script layer: the one check and message for a missing versions/ folder,
// shared by the loader and the writer so users see the same advice from both.

#include "util/error.hpp"
#include "util/file_io.hpp"

#include <filesystem>
#include <string>
#include <system_error>

namespace mig::script {

inline void require_versions_dir(const std::filesystem::path& versions_dir) {
    std::error_code error;
    if (!std::filesystem::is_directory(versions_dir, error)) {
        throw InputError("no versions directory at " + versions_dir.string(),
                         "run `mig init` first, or set [migrations] directory in mig.toml");
    }
}

// A revision file's bytes; a file mig may not read (permissions) says what to do about it.
inline std::string read_revision_file(const std::filesystem::path& file) {
    try {
        return util::read_regular_file(file);
    } catch (const InputError& error) {
        throw InputError(error.what(), "make it readable (chmod a+r " + file.filename().string() +
                                           "), or move it out of versions/");
    }
}

}  // namespace mig::script
