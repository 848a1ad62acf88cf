#include "workflow/sync_snapshots.hpp"

#include "db/sqlite_backups.hpp"
#include "util/clock.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <thread>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_suffix = ".sqlite";
constexpr std::size_t k_key_length = 16;
constexpr std::size_t k_commit_length = 40;

bool is_hex(std::string_view text, std::size_t length) {
    return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::vector<std::string> split_on_dots(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot = text.find('.'); dot != std::string::npos; dot = text.find('.', start)) {
        parts.push_back(text.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(text.substr(start));
    return parts;
}

// `<taken>.<commit>.<revisions>.<left_for>.sqlite`; nullopt for any other name (including
// the temporary `.<name>.mig-tmp-<pid>` of a copy being written).
std::optional<Snapshot> parse(const fs::path& path) {
    std::string name = path.filename().string();
    if (!name.ends_with(k_suffix)) {
        return std::nullopt;
    }
    name.resize(name.size() - k_suffix.size());
    const std::vector<std::string> parts = split_on_dots(name);
    if (parts.size() != 4 || parts[0].size() != 19 || parts[0][8] != 'T' ||
        !is_hex(parts[1], k_commit_length) || !is_hex(parts[2], k_key_length) ||
        !is_hex(parts[3], k_key_length)) {
        return std::nullopt;
    }
    return Snapshot{path, parts[0], parts[1], parts[2], parts[3]};
}

bool newest_first(const Snapshot& a, const Snapshot& b) {
    return a.taken_at != b.taken_at ? a.taken_at > b.taken_at : a.path > b.path;
}

bool is_kept(const std::vector<fs::path>& kept, const fs::path& path) {
    return std::find(kept.begin(), kept.end(), path) != kept.end();
}

}  // namespace

std::string revision_set_key(std::vector<std::string> heads) {
    std::sort(heads.begin(), heads.end());
    heads.erase(std::unique(heads.begin(), heads.end()), heads.end());
    return util::sha256_hex(util::join(heads, "\n")).substr(0, k_key_length);
}

SnapshotChoice choose_snapshot(const std::vector<Snapshot>& newest_first,
                               const std::string& head_commit,
                               const std::vector<std::string>& wanted,
                               const std::vector<std::string>& database_heads) {
    const std::string wanted_key = revision_set_key(wanted);
    SnapshotChoice choice;
    for (const Snapshot& snapshot : newest_first) {
        if (snapshot.commit == head_commit && snapshot.revisions == wanted_key) {
            if (snapshot.left_for == revision_set_key(database_heads)) {
                choice.restore = snapshot;
            } else {
                choice.not_restored = snapshot;
            }
            break;  // only the newest counts: an older one holds older rows
        }
    }
    return choice;
}

SnapshotStore::SnapshotStore(fs::path directory) : m_directory(std::move(directory)) {}

std::vector<Snapshot> SnapshotStore::list() const {
    std::vector<Snapshot> snapshots;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(m_directory, error)) {
        if (entry.is_regular_file(error)) {
            if (auto snapshot = parse(entry.path())) {
                snapshots.push_back(std::move(*snapshot));
            }
        }
    }
    std::sort(snapshots.begin(), snapshots.end(), newest_first);
    return snapshots;
}

Snapshot SnapshotStore::take(const fs::path& database_file, const std::string& commit,
                             const std::vector<std::string>& revisions,
                             const std::vector<std::string>& left_for) const {
    util::create_state_dir(m_directory.parent_path());  // `.mig/` with its `*` .gitignore
    std::error_code error;
    fs::create_directories(m_directory, error);
    if (error) {
        throw util::write_failure(m_directory, error.value());
    }
    util::remove_stale_temporary_files(m_directory);
    // Names carry milliseconds; wait for the next one rather than reuse a name, so that name
    // order stays the order snapshots were taken in.
    const std::vector<Snapshot> existing = list();
    std::string taken = util::compact_utc_timestamp();
    while (!existing.empty() && taken <= existing.front().taken_at) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        taken = util::compact_utc_timestamp();
    }
    const std::string name = taken + "." + commit + "." + revision_set_key(revisions) + "." +
                             revision_set_key(left_for) + std::string(k_suffix);
    db::copy_sqlite_database(database_file, m_directory / name);
    return *parse(m_directory / name);
}

std::optional<std::vector<std::string>> SnapshotStore::heads_in(const fs::path& file) {
    try {
        SQLite::Database database(file.string(), SQLite::OPEN_READONLY);
        std::vector<std::string> heads;
        if (database.tableExists("mig_version")) {
            SQLite::Statement query(database, "SELECT revision FROM mig_version ORDER BY 1");
            while (query.executeStep()) {
                heads.push_back(query.getColumn(0).getString());
            }
        }
        return heads;
    } catch (const SQLite::Exception&) {
        return std::nullopt;
    }
}

void SnapshotStore::prune(int keep, const std::vector<fs::path>& kept) const {
    std::vector<Snapshot> snapshots = list();
    std::vector<std::string> seen;  // commit + revisions of each newer snapshot
    std::size_t left = 0;
    for (const Snapshot& snapshot : snapshots) {
        const std::string state = snapshot.commit + "." + snapshot.revisions;
        const bool replaced = std::find(seen.begin(), seen.end(), state) != seen.end();
        seen.push_back(state);
        if (is_kept(kept, snapshot.path) ||
            (!replaced && left < static_cast<std::size_t>(std::max(keep, 0)))) {
            ++left;
            continue;
        }
        std::error_code ignored;  // one that cannot go now is pruned next time
        fs::remove(snapshot.path, ignored);
    }
}

}  // namespace mig::workflow
