#pragma once

#include "vcs/repository.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace mig::workflow {

// Which commit added each revision file: for every file below `versions` (an absolute path
// inside the work tree) present at HEAD, the commit on HEAD's first-parent history that added
// it, keyed by the path relative to the work tree root (`/` separators). Files never committed
// are absent.
//
// It takes one walk of HEAD's history (vcs::Repository::first_parent_additions), and the
// result is kept in `cache_dir` keyed by HEAD's commit, so that the next run at the same HEAD
// (every `mig status`, a `rollback --dry-run` before the rollback) reads one small file.
std::map<std::string, std::string> revision_file_commits(const vcs::Repository& repository,
                                                         const std::filesystem::path& versions,
                                                         const std::filesystem::path& cache_dir);

// `path` (absolute, inside the work tree of `repository`) relative to the work tree root with
// `/` separators, as git names it; empty when it lies outside.
std::string path_in_repository(const vcs::Repository& repository,
                               const std::filesystem::path& path);

}  // namespace mig::workflow
