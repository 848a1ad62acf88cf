#include "script/content_cache.hpp"

#include "script/versions_dir.hpp"
#include "util/file_io.hpp"
#include "util/mapped_file.hpp"
#include "util/sha256.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace mig::script {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_magic = "mig-content-cache-3\n";
constexpr const char* k_file_name = "versions.cache";
constexpr std::int64_t k_racy_window_ns = 2'000'000'000;

// git's stat data, less what cannot change a file's bytes by itself: the change time moves on
// every write, even one that restores the size and the modification time.
struct FileKey {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::uint64_t inode = 0;
    bool operator==(const FileKey&) const = default;
};

struct CachedEntry {
    std::string_view name;  // points into the cache file's bytes, like the fields below
    FileKey key;
    std::string_view sha256;   // hex, points into the cache file's bytes
    std::string_view content;  // points into the cache file's bytes
    std::string_view derived;  // points into the cache file's bytes
};

struct ParsedCache {
    std::string_view generation;
    std::vector<CachedEntry> entries;
};

std::int64_t nanoseconds(const timespec& time) {
    return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

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
        return FileKey{static_cast<std::uint64_t>(info.st_size), nanoseconds(info.st_mtim),
                       nanoseconds(info.st_ctim), static_cast<std::uint64_t>(info.st_ino)};
    }

private:
    int m_fd;
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
ParsedCache parse_cache(std::string_view input) {
    ParsedCache parsed;
    if (input.substr(0, k_magic.size()) != k_magic) {
        return parsed;
    }
    input.remove_prefix(k_magic.size());
    if (!read_bytes(input, parsed.generation)) {
        return {};
    }
    while (!input.empty()) {
        CachedEntry entry;
        if (!read_bytes(input, entry.name) || !read_value(input, entry.key.size) ||
            !read_value(input, entry.key.mtime_ns) || !read_value(input, entry.key.ctime_ns) ||
            !read_value(input, entry.key.inode) || !read_bytes(input, entry.sha256) ||
            !read_bytes(input, entry.content) || !read_bytes(input, entry.derived)) {
            return {};  // truncated or corrupt: ignore it all
        }
        parsed.entries.push_back(entry);
    }
    return parsed;
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Visited {
    std::vector<FileKey> keys;
    std::vector<std::string_view> contents;  // into the mapped cache, or into fresh reads
    std::vector<std::string> hashes;         // known hashes; empty where read afresh
    std::vector<std::string_view> derived;   // cached derived bytes; empty where read afresh
};

void write_cache(const fs::path& cache_dir, const std::vector<std::string>& names,
                 const Visited& visited, const std::function<std::string(std::size_t)>& derive) {
    util::create_state_dir(cache_dir.parent_path());
    std::error_code error;
    fs::create_directories(cache_dir, error);
    if (error) {
        return;
    }
    const std::int64_t racy_after = now_ns() - k_racy_window_ns;
    // The generation digests every entry's name, stat data and checksum: the same files give
    // the same one (a rewrite that changes nothing changes no byte of the cache), any
    // difference another.
    util::Sha256 generation;
    std::string entries;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const FileKey& key = visited.keys[i];
        if (key.mtime_ns >= racy_after) {
            continue;  // could change again within the same timestamp tick
        }
        const std::size_t entry_start = entries.size();
        write_bytes(entries, names[i]);
        write_value(entries, key.size);
        write_value(entries, key.mtime_ns);
        write_value(entries, key.ctime_ns);
        write_value(entries, key.inode);
        write_bytes(entries, visited.hashes[i].empty() ? util::sha256_hex(visited.contents[i])
                                                       : visited.hashes[i]);
        generation.update(std::string_view(entries).substr(entry_start));
        write_bytes(entries, visited.contents[i]);
        write_bytes(entries, derive ? derive(i) : std::string(visited.derived[i]));
    }
    std::string out(k_magic);
    write_bytes(out, generation.hex());
    out += entries;
    try {
        util::write_file_atomically(cache_dir / k_file_name, out, std::nullopt,
                                    util::Durability::cache);
    } catch (const std::exception&) {
        // an unwritable cache only costs speed
    }
}

}  // namespace

ContentCache::ContentCache(fs::path cache_dir) : m_cache_dir(std::move(cache_dir)) {}

void ContentCache::visit_all(const fs::path& dir, const std::vector<std::string>& names,
                             const std::function<void(std::size_t, const File&)>& visit,
                             const std::function<std::string(std::size_t)>& derive) {
    m_generation.clear();
    const util::MappedFile cache_file(m_cache_dir / k_file_name);
    const ParsedCache cache = parse_cache(cache_file.bytes());
    const std::vector<CachedEntry>& cached = cache.entries;

    DirectoryHandle handle(dir);
    std::deque<std::string> fresh_reads;  // a deque never moves what it holds
    Visited visited;
    visited.contents.reserve(names.size());
    visited.hashes.reserve(names.size());
    visited.keys.reserve(names.size());
    visited.derived.reserve(names.size());
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
            visited.contents.push_back(cached[next].content);
            visited.hashes.emplace_back(cached[next].sha256);
            visited.derived.push_back(cached[next].derived);
        } else {
            visited.contents.push_back(
                fresh_reads.emplace_back(read_revision_file(dir / names[i])));
            visited.hashes.emplace_back();
            visited.derived.emplace_back();
            changed = true;
        }
        visited.keys.push_back(key.value_or(FileKey{}));
        visit(i, File{visited.contents.back(), visited.hashes.back(), visited.derived.back()});
    }
    if (changed) {
        write_cache(m_cache_dir, names, visited, derive);
    } else {
        m_generation = std::string(cache.generation);
    }
}

}  // namespace mig::script
