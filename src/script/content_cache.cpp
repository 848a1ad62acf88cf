#include "script/content_cache.hpp"

#include "script/versions_dir.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mig::script {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_magic = "mig-content-cache-2\n";
constexpr const char* k_file_name = "versions.cache";
constexpr std::int64_t k_racy_window_ns = 2'000'000'000;

struct FileKey {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t inode = 0;
    bool operator==(const FileKey&) const = default;
};

struct CachedEntry {
    std::string_view name;  // points into the cache file's bytes, like the fields below
    FileKey key;
    std::string_view sha256;   // hex, points into the cache file's bytes
    std::string_view content;  // points into the cache file's bytes
};

// Opens the folder once so that every stat is relative to it (no path walk per file).
class DirectoryHandle {
public:
    explicit DirectoryHandle(const fs::path& dir)
        : m_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}
    ~DirectoryHandle() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    DirectoryHandle(const DirectoryHandle&) = delete;
    DirectoryHandle& operator=(const DirectoryHandle&) = delete;

    std::optional<FileKey> stat(const std::string& name) const {
        struct stat info {};
        if (m_fd < 0 || ::fstatat(m_fd, name.c_str(), &info, 0) != 0) {
            return std::nullopt;
        }
        return FileKey{
            static_cast<std::uint64_t>(info.st_size),
            static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
            static_cast<std::uint64_t>(info.st_ino)};
    }

private:
    int m_fd;
};

// The cache file mapped read-only, or no bytes when it is missing or unreadable. Mapping
// hands over the page cache's pages (no copy into a zeroed buffer, and one page fault maps
// several pages). It is safe because the file is never changed in place: write_cache
// replaces it by renaming a new file over it, and this mapping keeps the old one.
class MappedFile {
public:
    explicit MappedFile(const fs::path& path) {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return;
        }
        struct stat info {};
        if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
            void* data = ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ,
                                MAP_PRIVATE, fd, 0);
            if (data != MAP_FAILED) {
                m_data = data;
                m_size = static_cast<std::size_t>(info.st_size);
            }
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (m_data != nullptr) {
            ::munmap(m_data, m_size);
        }
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view bytes() const { return {static_cast<const char*>(m_data), m_size}; }

private:
    void* m_data = nullptr;
    std::size_t m_size = 0;
};

// A little-endian-agnostic, same-machine format: the cache is never shared between hosts.
template <typename T>
bool read_value(std::string_view& input, T& value) {
    if (input.size() < sizeof(T)) {
        return false;
    }
    std::memcpy(&value, input.data(), sizeof(T));
    input.remove_prefix(sizeof(T));
    return true;
}

bool read_bytes(std::string_view& input, std::string_view& bytes) {
    std::uint64_t length = 0;
    if (!read_value(input, length) || input.size() < length) {
        return false;
    }
    bytes = input.substr(0, length);
    input.remove_prefix(length);
    return true;
}

template <typename T>
void write_value(std::string& out, const T& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

void write_bytes(std::string& out, std::string_view bytes) {
    write_value(out, static_cast<std::uint64_t>(bytes.size()));
    out.append(bytes);
}

// The entries in file order, which is name order: write_cache writes them in the order
// visit_all receives the names, sorted.
std::vector<CachedEntry> parse_cache(std::string_view input) {
    std::vector<CachedEntry> entries;
    if (input.substr(0, k_magic.size()) != k_magic) {
        return entries;
    }
    input.remove_prefix(k_magic.size());
    while (!input.empty()) {
        CachedEntry entry;
        if (!read_bytes(input, entry.name) || !read_value(input, entry.key.size) ||
            !read_value(input, entry.key.mtime_ns) || !read_value(input, entry.key.inode) ||
            !read_bytes(input, entry.sha256) || !read_bytes(input, entry.content)) {
            return {};  // truncated or corrupt: ignore it all
        }
        entries.push_back(entry);
    }
    return entries;
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void write_cache(const fs::path& cache_dir, const std::vector<std::string>& names,
                 const std::vector<FileKey>& keys, const std::vector<std::string_view>& contents,
                 const std::vector<std::string>& hashes) {
    util::create_state_dir(cache_dir.parent_path());
    std::error_code error;
    fs::create_directories(cache_dir, error);
    if (error) {
        return;
    }
    const std::int64_t racy_after = now_ns() - k_racy_window_ns;
    std::string out(k_magic);
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (keys[i].mtime_ns >= racy_after) {
            continue;  // could change again within the same timestamp tick
        }
        write_bytes(out, names[i]);
        write_value(out, keys[i].size);
        write_value(out, keys[i].mtime_ns);
        write_value(out, keys[i].inode);
        write_bytes(out, hashes[i].empty() ? util::sha256_hex(contents[i]) : hashes[i]);
        write_bytes(out, contents[i]);
    }
    try {
        util::write_file_atomically(cache_dir / k_file_name, out, std::nullopt,
                                    util::Durability::cache);
    } catch (const std::exception&) {
        // an unwritable cache only costs speed
    }
}

}  // namespace

ContentCache::ContentCache(fs::path cache_dir) : m_cache_dir(std::move(cache_dir)) {}

void ContentCache::visit_all(
    const fs::path& dir, const std::vector<std::string>& names,
    const std::function<void(std::size_t, std::string_view, std::string_view)>& visit) {
    const MappedFile cache_file(m_cache_dir / k_file_name);
    auto cached = parse_cache(cache_file.bytes());

    DirectoryHandle handle(dir);
    std::vector<std::string_view> contents;  // into cache_file, or into fresh_reads
    std::deque<std::string> fresh_reads;     // a deque never moves what it holds
    std::vector<FileKey> keys;
    std::vector<std::string> hashes;  // known hashes; empty where the file was read afresh
    contents.reserve(names.size());
    hashes.reserve(names.size());
    keys.reserve(names.size());
    bool changed = cached.size() != names.size();
    // `names` and the cache are both in name order, so one merge pass pairs them up (no hash
    // table). Should the cache be out of order, its entries only miss: those files are read.
    std::size_t next = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        while (next < cached.size() && cached[next].name < names[i]) {
            ++next;  // a cached file that is gone
        }
        std::optional<FileKey> key = handle.stat(names[i]);
        if (key && next < cached.size() && cached[next].name == names[i] &&
            cached[next].key == *key) {
            contents.push_back(cached[next].content);
            hashes.emplace_back(cached[next].sha256);
        } else {
            contents.push_back(fresh_reads.emplace_back(read_revision_file(dir / names[i])));
            hashes.emplace_back();
            changed = true;
        }
        keys.push_back(key.value_or(FileKey{}));
        visit(i, contents.back(), hashes.back());
    }
    if (changed) {
        write_cache(m_cache_dir, names, keys, contents, hashes);
    }
}

}  // namespace mig::script
