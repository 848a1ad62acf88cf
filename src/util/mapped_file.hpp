#pragma once

#include <filesystem>
#include <string_view>

namespace mig::util {

// A whole file mapped read-only, or no bytes when it is missing, empty, not a regular file or
// unreadable. Mapping hands over the page cache's pages with one fault-in for all of them
// (MAP_POPULATE): on a virtual machine each page fault costs microseconds, and reading into
// a buffer faults on every new page of it. Only for files that are replaced by renaming a new
// file over them, never changed in place (mig's caches, git's index): the mapping keeps the
// old file.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;

    std::string_view bytes() const { return {static_cast<const char*>(m_data), m_size}; }
    // When the file was modified (st_mtim), zero when it could not be opened.
    long long mtime_seconds() const { return m_mtime_seconds; }
    long long mtime_nanoseconds() const { return m_mtime_nanoseconds; }

private:
    void* m_data = nullptr;
    std::size_t m_size = 0;
    long long m_mtime_seconds = 0;
    long long m_mtime_nanoseconds = 0;
};

}  // namespace mig::util
