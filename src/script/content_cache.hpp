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
// microseconds). Every entry is checked against the file's size, modification and change
// times and inode with one stat per file, git-index style; anything that differs is read from disk.
// A file modified less than two seconds before the cache is written is not cached, so an
// edit within the same timestamp tick is never missed ("racy git"). The cache is only an
// accelerator: a missing, corrupt or unwritable cache just means reading every file.
class ContentCache {
public:
    // `cache_dir` is created on first write, with a `.gitignore` of `*` so git never sees it.
    explicit ContentCache(std::filesystem::path cache_dir);

    // One file as visit_all hands it over; the views are valid during the call only, so
    // callers that only parse never copy them.
    struct File {
        std::string_view content;
        std::string_view sha256;   // hex digest when the cache knows it, else empty
        std::string_view derived;  // what `derive` gave for these bytes last time, else empty
    };

    // Calls `visit(i, file)` for each of `names` (files in `dir`) in order. When the cache is
    // rewritten (a file changed), `derive(i)` (if given) is called after the visits for each
    // file kept, and its bytes are stored with the file: a parse result, say, that the next
    // run takes instead of parsing again. It must depend on the file's bytes alone.
    void visit_all(const std::filesystem::path& dir, const std::vector<std::string>& names,
                   const std::function<void(std::size_t, const File&)>& visit,
                   const std::function<std::string(std::size_t)>& derive = {});

    // After visit_all: when every file was found in the cache unchanged (and no other file
    // was there), an id of that cache's contents, else empty. Two runs with the same id
    // read the same names and bytes, so anything computed from all of them can be kept
    // under it.
    const std::string& generation() const { return m_generation; }

private:
    std::filesystem::path m_cache_dir;
    std::string m_generation;
};

}  // namespace mig::script
