#pragma once

// git's index file (`.git/index`, format versions 2 to 4) read without libgit2 (internal to the
// vcs layer; see git_layout.hpp for why). Only what tells a clean work tree from a changed one
// is kept: each entry's path, mode, stage and the stat data git cached for it.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mig::vcs::detail {

struct IndexEntry {
    std::string path;  // relative to the work tree root, `/` separators
    std::uint32_t ctime_seconds = 0;
    std::uint32_t ctime_nanoseconds = 0;
    std::uint32_t mtime_seconds = 0;
    std::uint32_t mtime_nanoseconds = 0;
    std::uint32_t inode = 0;
    std::uint32_t mode = 0;  // 0100644, 0100755, 0120000 (link) or 0160000 (submodule)
    std::uint32_t size = 0;  // the file's size, truncated to 32 bits
    unsigned stage = 0;      // 0; 1-3 while a merge conflict is unresolved
    // assume-unchanged, skip-worktree or intent-to-add: git does not compare the file, or it is
    // not really staged. Whoever meets one asks libgit2.
    bool special = false;
};

struct IndexFile {
    std::vector<IndexEntry> entries;  // sorted by path, as git keeps them
    std::string checksum;             // the trailing SHA-1, hex: names this exact content
    std::int64_t mtime_seconds = 0;   // when the index was last written
    std::int64_t mtime_nanoseconds = 0;
};

// The index at `path`. nullopt when it does not exist or is not sure to be read right: an
// unknown version, a split or sparse index, no checksum (index.skipHash), a damaged file.
std::optional<IndexFile> read_index_file(const std::filesystem::path& path);

// The same from the file's bytes, and its modification time (exposed for the fuzz target
// and the unit tests).
std::optional<IndexFile> parse_index(std::string_view bytes);

}  // namespace mig::vcs::detail
