#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mig::script {

// The bytes of the revision files, kept in one cache file so that a run reads one file
// instead of thousands (mig runs in git hooks; on a VM each open/read/close costs
// microseconds). Every entry is checked against the file's size, modification time and
// inode with one stat per file, git-index style; anything that differs is read from disk.
// A file modified less than two seconds before the cache is written is not cached, so an
// edit within the same timestamp tick is never missed ("racy git"). The cache is only an
// accelerator: a missing, corrupt or unwritable cache just means reading every file.
class ContentCache {
public:
    // `cache_dir` is created on first write, with a `.gitignore` of `*` so git never sees it.
    explicit ContentCache(std::filesystem::path cache_dir);

    // The contents of `names` (files in `dir`), in that order.
    std::vector<std::string> read_all(const std::filesystem::path& dir,
                                      const std::vector<std::string>& names);

private:
    std::filesystem::path m_cache_dir;
};

}  // namespace mig::script
