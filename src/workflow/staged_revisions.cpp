#include "workflow/staged_revisions.hpp"

#include "util/file_io.hpp"
#include "util/sha256.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_magic = "mig-blob-cache-1\n";
constexpr const char* k_file_name = "blobs.cache";
constexpr std::size_t k_blob_id_size = 40;
constexpr std::size_t k_sha256_size = 64;

struct CachedBlob {
    std::string_view sha256;
    std::string_view content;
};

// The cache's entries by blob id; empty when the bytes are not a whole cache file. Format:
// the magic line, then per blob its id (40 hex), the SHA-256 of its bytes (64 hex), the
// length as 8 bytes of this machine's order, the bytes. The views point into `bytes`.
std::unordered_map<std::string_view, CachedBlob> parse_cache(std::string_view bytes) {
    std::unordered_map<std::string_view, CachedBlob> blobs;
    if (!bytes.starts_with(k_magic)) {
        return blobs;
    }
    bytes.remove_prefix(k_magic.size());
    while (!bytes.empty()) {
        std::uint64_t length = 0;
        constexpr std::size_t header = k_blob_id_size + k_sha256_size + sizeof length;
        if (bytes.size() < header) {
            return {};
        }
        std::memcpy(&length, bytes.data() + k_blob_id_size + k_sha256_size, sizeof length);
        if (bytes.size() - header < length) {
            return {};  // truncated: ignore it all
        }
        blobs.emplace(bytes.substr(0, k_blob_id_size),
                      CachedBlob{bytes.substr(k_blob_id_size, k_sha256_size),
                                 bytes.substr(header, static_cast<std::size_t>(length))});
        bytes.remove_prefix(header + static_cast<std::size_t>(length));
    }
    return blobs;
}

void append_blob(std::string& out, std::string_view id, std::string_view sha256,
                 std::string_view content) {
    if (id.size() != k_blob_id_size || sha256.size() != k_sha256_size) {
        return;  // not git's (the format has no room for it): read again next time
    }
    out.append(id);
    out.append(sha256);
    const auto length = static_cast<std::uint64_t>(content.size());
    out.append(reinterpret_cast<const char*>(&length), sizeof length);
    out.append(content);
}

}  // namespace

bool is_revision_file_name(const std::string& name) {
    return name.ends_with(".sql") && !name.starts_with(".");
}

StagedRevisions::StagedRevisions(const vcs::Repository& repository,
                                 const std::vector<vcs::FolderFile>& files, fs::path cache_dir)
    : m_repository(repository), m_cache_dir(std::move(cache_dir)) {
    for (const auto& file : files) {
        if (is_revision_file_name(file.name)) {
            m_files.push_back(file);
        }
    }
    std::sort(m_files.begin(), m_files.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
}

std::vector<std::string> StagedRevisions::names() const {
    std::vector<std::string> names;
    names.reserve(m_files.size());
    for (const auto& file : m_files) {
        names.push_back(file.name);
    }
    return names;
}

const std::string& StagedRevisions::blob_of(const std::string& name) const {
    static const std::string none;
    auto found =
        std::lower_bound(m_files.begin(), m_files.end(), name,
                         [](const auto& file, const std::string& n) { return file.name < n; });
    return found != m_files.end() && found->name == name ? found->blob : none;
}

void StagedRevisions::visit_all(
    const std::vector<std::string>& names,
    const std::function<void(std::size_t, std::string_view, std::string_view)>& visit) const {
    const fs::path cache_file = m_cache_dir / k_file_name;
    std::string cache_bytes;
    try {
        cache_bytes = util::read_file(cache_file);
    } catch (const std::exception&) {
        // no cache yet, or unreadable: every blob comes from git
    }
    const auto cached = parse_cache(cache_bytes);

    // Blobs read from git this run, kept so the cache can be rewritten after the visits.
    std::unordered_map<std::string, std::pair<std::string, std::string>> fetched;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string& blob = blob_of(names[i]);
        if (auto hit = cached.find(blob); hit != cached.end()) {
            ++hits;
            visit(i, hit->second.content, hit->second.sha256);
            continue;
        }
        auto [entry, added] = fetched.try_emplace(blob);
        if (added) {
            entry->second.first = m_repository.blob_content(blob);
            entry->second.second = util::sha256_hex(entry->second.first);
        }
        visit(i, entry->second.first, entry->second.second);
    }
    // Rewrite when git was read, or when most cached blobs are no longer staged (so the file
    // does not grow with every version of every revision ever staged).
    if (fetched.empty() && cached.size() <= 2 * hits + 16) {
        return;
    }
    std::string out(k_magic);
    std::unordered_set<std::string_view> written;
    for (const auto& file : m_files) {
        if (!written.insert(file.blob).second) {
            continue;  // two files with the same bytes
        }
        if (auto hit = cached.find(file.blob); hit != cached.end()) {
            append_blob(out, file.blob, hit->second.sha256, hit->second.content);
        } else if (auto got = fetched.find(file.blob); got != fetched.end()) {
            append_blob(out, file.blob, got->second.second, got->second.first);
        }
    }
    try {
        util::create_state_dir(m_cache_dir.parent_path());
        fs::create_directories(m_cache_dir);
        util::write_file_atomically(cache_file, out, std::nullopt, util::Durability::cache);
    } catch (const std::exception&) {
        // an unwritable cache only costs speed
    }
}

}  // namespace mig::workflow
