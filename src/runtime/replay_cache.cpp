#include "runtime/replay_cache.hpp"

#include "db/sqlite_image.hpp"
#include "util/file_io.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <system_error>

namespace mig::runtime {

namespace fs = std::filesystem;

namespace {

// Bump when the format or what replay produces changes: old files then read as misses.
constexpr std::string_view k_magic = "mig-replay-cache 2\n";
constexpr std::string_view k_end = "end\n";
constexpr std::string_view k_suffix = ".cache";
constexpr std::size_t k_files_kept = 8;  // per kind
// File names hold this much of the key: enough to be unique in practice, and the whole key
// is inside the file and checked.
constexpr std::size_t k_name_key_length = 16;

// A field is its length in decimal, a newline, its bytes and a newline: images hold any byte.
void put_field(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += '\n';
    out += field;
    out += '\n';
}

bool take_field(std::string_view& in, std::string_view& field) {
    std::size_t length = 0;
    auto [end, error] = std::from_chars(in.data(), in.data() + in.size(), length);
    if (error != std::errc() || end == in.data() || end == in.data() + in.size() || *end != '\n') {
        return false;
    }
    in.remove_prefix(static_cast<std::size_t>(end - in.data()) + 1);
    if (in.size() < length + 1 || in[length] != '\n') {
        return false;
    }
    field = in.substr(0, length);
    in.remove_prefix(length + 1);
    return true;
}

std::string serialise(const std::string& key, std::string_view image) {
    std::string out;
    out.reserve(k_magic.size() + key.size() + image.size() + 64);
    out += k_magic;
    put_field(out, key);
    put_field(out, image);
    out += k_end;
    return out;
}

// The image inside `in`, unless the bytes are not whole, well formed and for `key`.
std::optional<std::string_view> parse(std::string_view in, const std::string& key) {
    std::string_view stored_key;
    std::string_view image;
    if (in.substr(0, k_magic.size()) != k_magic) {
        return std::nullopt;
    }
    in.remove_prefix(k_magic.size());
    if (!take_field(in, stored_key) || stored_key != key || !take_field(in, image) || in != k_end) {
        return std::nullopt;  // another key, truncated, or trailing bytes
    }
    return image;
}

}  // namespace

ReplayCache::ReplayCache(fs::path cache_dir, std::string kind)
    : m_dir(std::move(cache_dir)), m_prefix(std::move(kind) + "-") {}

fs::path ReplayCache::file_for(const std::string& key) const {
    return m_dir / (m_prefix + key.substr(0, k_name_key_length) + std::string(k_suffix));
}

std::unique_ptr<SQLite::Database> ReplayCache::load(const std::string& key) const {
    try {
        const fs::path file = file_for(key);
        std::optional<std::string> bytes = util::read_file_if_exists(file);
        auto image = bytes ? parse(*bytes, key) : std::nullopt;
        auto database = image ? db::deserialize_image(*image) : nullptr;
        if (database) {
            std::error_code ignored;  // marks it recently used, so prune() keeps it
            fs::last_write_time(file, fs::file_time_type::clock::now(), ignored);
        }
        return database;
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::optional<ReplayCache::Hit> ReplayCache::load_latest(
    const std::vector<std::string>& keys) const {
    // One listing instead of a lookup per key: a long history has thousands of prefixes.
    std::set<std::string> stored;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(m_dir, error)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(m_prefix) && name.ends_with(k_suffix)) {
            stored.insert(
                name.substr(m_prefix.size(), name.size() - m_prefix.size() - k_suffix.size()));
        }
    }
    for (std::size_t i = keys.size(); i-- > 0;) {
        if (stored.contains(keys[i].substr(0, k_name_key_length))) {
            if (auto database = load(keys[i])) {
                return Hit{i, std::move(database)};
            }
        }
    }
    return std::nullopt;
}

void ReplayCache::store(const std::string& key, SQLite::Database& database) const {
    util::create_state_dir(m_dir.parent_path());
    std::error_code error;
    fs::create_directories(m_dir, error);
    if (error) {
        return;
    }
    try {
        const std::string image = db::serialize_image(database);
        if (image.empty()) {
            return;
        }
        const fs::path file = file_for(key);
        util::write_file_atomically(file, serialise(key, image), std::nullopt,
                                    util::Durability::cache);
        prune(file);
    } catch (const std::exception&) {
        // an unwritable cache only costs speed
    }
}

// Keeps `written` and the newest other files of this kind: an edited revision makes a new
// key, and old files would pile up. `written` is named because several files can share a
// timestamp tick.
void ReplayCache::prune(const fs::path& written) const {
    std::vector<std::pair<fs::file_time_type, fs::path>> others;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(m_dir, error)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(m_prefix) && name.ends_with(k_suffix) && entry.path() != written) {
            others.emplace_back(entry.last_write_time(error), entry.path());
        }
    }
    if (others.size() < k_files_kept) {
        return;
    }
    std::sort(others.begin(), others.end(), [](const auto& a, const auto& b) { return a > b; });
    for (std::size_t i = k_files_kept - 1; i < others.size(); ++i) {
        fs::remove(others[i].second, error);
    }
}

}  // namespace mig::runtime
