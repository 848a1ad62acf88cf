#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

    // Calls `visit(i, content, sha256)` for each of `names` (files in `dir`) in order: the
    // views are valid during the call only, so callers that only parse never copy them;
    // `sha256` is the content's hex digest when the cache knows it, else empty.
    void visit_all(
        const std::filesystem::path& dir, const std::vector<std::string>& names,
        const std::function<void(std::size_t, std::string_view, std::string_view)>& visit);

private:
    std::filesystem::path m_cache_dir;
};

}  // namespace mig::script
