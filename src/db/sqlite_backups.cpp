#include "db/sqlite_backups.hpp"

#include "db/sqlite_database.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <thread>

namespace mig::db {

namespace fs = std::filesystem;

namespace {

constexpr int k_busy_timeout_ms = 5000;
constexpr std::size_t k_timestamp_size = std::string_view("20261121T100000123Z").size();
constexpr std::string_view k_suffix = ".bak";

// Copies every page of `from` into `to` with SQLite's online backup API: a consistent
// snapshot even while the source is in use, unlike copying the file byte by byte.
void copy_database(SQLite::Database& from, SQLite::Database& to) {
    SQLite::Backup backup(to, from);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(k_busy_timeout_ms);
    while (true) {
        int result = backup.executeStep(-1);
        if (result == SQLITE_DONE) {
            return;
        }
        bool busy = result == SQLITE_BUSY || result == SQLITE_LOCKED;
        if (result != SQLITE_OK && !(busy && std::chrono::steady_clock::now() < deadline)) {
            throw FailedError(std::string("SQLite backup failed: ") + sqlite3_errstr(result));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

bool is_timestamp(std::string_view text) {
    if (text.size() != k_timestamp_size || text[8] != 'T' || text.back() != 'Z') {
        return false;
    }
    auto digits = [&](std::size_t from, std::size_t to) {
        return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                           text.begin() + static_cast<std::ptrdiff_t>(to),
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    };
    return digits(0, 8) && digits(9, k_timestamp_size - 1);
}

// "20261121T100000123Z" -> "2026-11-21T10:00:00Z".
std::string readable_timestamp(std::string_view compact) {
    std::string out;
    out.append(compact.substr(0, 4)).append("-").append(compact.substr(4, 2)).append("-");
    out.append(compact.substr(6, 2)).append("T").append(compact.substr(9, 2)).append(":");
    out.append(compact.substr(11, 2)).append(":").append(compact.substr(13, 2)).append("Z");
    return out;
}

// The reason becomes part of a file name: keep it to safe characters.
std::string file_name_safe(std::string_view reason) {
    std::string out;
    for (char c : reason) {
        bool safe = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
        out += safe ? c : '-';
    }
    return out.empty() ? "manual" : out;
}

// mig_version inside a backup; empty when it has none or cannot be read (a listing should
// still show the file).
std::vector<std::string> heads_in(const fs::path& backup) {
    try {
        SQLite::Database db(backup.string(), SQLite::OPEN_READONLY);
        if (!db.tableExists("mig_version")) {
            return {};
        }
        SQLite::Statement query(db, "SELECT revision FROM mig_version ORDER BY revision");
        std::vector<std::string> heads;
        while (query.executeStep()) {
            heads.push_back(query.getColumn(0).getString());
        }
        return heads;
    } catch (const SQLite::Exception&) {
        return {};
    }
}

bool newest_first(const BackupInfo& a, const BackupInfo& b) {
    return a.name > b.name;
}

std::vector<std::string> names_of(const std::vector<BackupInfo>& backups) {
    std::vector<std::string> names;
    names.reserve(backups.size());
    for (const auto& backup : backups) {
        names.push_back(backup.name);
    }
    return names;
}

}  // namespace

SqliteBackups::SqliteBackups(fs::path database_file) : m_database_file(std::move(database_file)) {}

fs::path SqliteBackups::directory() const {
    return SqliteDatabase::state_dir(m_database_file) / "backups";
}

// Parses `<db file name>.<compact timestamp>.<reason>.bak`; nullopt for any other file,
// including another database's backups whose name merely starts like ours.
std::optional<BackupInfo> SqliteBackups::parse(const fs::path& path) const {
    const std::string name = path.filename().string();
    const std::string prefix = m_database_file.filename().string() + ".";
    if (!name.starts_with(prefix) || !name.ends_with(k_suffix)) {
        return std::nullopt;
    }
    std::string_view middle(name);
    middle = middle.substr(prefix.size(), middle.size() - prefix.size() - k_suffix.size());
    std::string_view timestamp = middle.substr(0, k_timestamp_size);
    if (!is_timestamp(timestamp) || middle.size() < k_timestamp_size + 2 ||
        middle[k_timestamp_size] != '.') {
        return std::nullopt;
    }
    BackupInfo info;
    info.name = name;
    info.path = path;
    info.taken_at = readable_timestamp(timestamp);
    info.reason = std::string(middle.substr(k_timestamp_size + 1));
    std::error_code ignored;
    info.size = fs::file_size(path, ignored);
    return info;
}

BackupInfo SqliteBackups::create(std::string_view reason, int keep) {
    if (!fs::exists(m_database_file)) {
        throw FailedError("cannot back up " + m_database_file.string() +
                          ": the file does not exist");
    }
    util::create_state_dir(directory().parent_path());
    fs::create_directories(directory());
    const fs::path target =
        directory() / (unused_stem() + "." + file_name_safe(reason) + std::string(k_suffix));
    write_copy(target);
    prune(std::max(keep, 1));  // the backup just taken always survives
    BackupInfo info = *parse(target);
    info.heads = heads_in(target);
    return info;
}

// `<db file name>.<timestamp>` that no backup of this database uses yet: names carry
// milliseconds, and one taken within the same millisecond waits for the next, so that name
// order stays creation order whatever the reasons.
std::string SqliteBackups::unused_stem() const {
    while (true) {
        std::string stem =
            m_database_file.filename().string() + "." + util::compact_utc_timestamp();
        bool taken = false;
        std::error_code ignored;
        for (const auto& entry : fs::directory_iterator(directory(), ignored)) {
            taken = taken || entry.path().filename().string().starts_with(stem + ".");
        }
        if (!taken) {
            return stem;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

// Written under a temporary name and renamed, so a listing never shows a half-written backup.
void SqliteBackups::write_copy(const fs::path& target) const {
    fs::path temporary = target;
    temporary += ".tmp";
    try {
        fs::remove(temporary);
        {
            SQLite::Database source(m_database_file.string(), SQLite::OPEN_READONLY,
                                    k_busy_timeout_ms);
            SQLite::Database copy(temporary.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            copy_database(source, copy);
        }
        fs::rename(temporary, target);
    } catch (const std::exception& error) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw FailedError("cannot back up " + m_database_file.string() + " to " + target.string() +
                          ": " + error.what());
    }
}

void SqliteBackups::prune(int keep) const {
    std::vector<BackupInfo> backups = list();
    for (std::size_t i = static_cast<std::size_t>(keep); i < backups.size(); ++i) {
        std::error_code ignored;  // a backup that cannot be removed now is pruned next time
        fs::remove(backups[i].path, ignored);
    }
}

std::vector<BackupInfo> SqliteBackups::list() const {
    std::vector<BackupInfo> backups;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory(), error)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        if (auto info = parse(entry.path())) {
            info->heads = heads_in(info->path);
            backups.push_back(std::move(*info));
        }
    }
    std::sort(backups.begin(), backups.end(), newest_first);
    return backups;
}

BackupInfo SqliteBackups::find(std::string_view name) const {
    const std::vector<BackupInfo> backups = list();
    std::vector<BackupInfo> matches;
    for (const auto& backup : backups) {
        if (backup.name == name) {
            return backup;
        }
        if (backup.name.starts_with(name)) {
            matches.push_back(backup);
        }
    }
    if (matches.size() == 1) {
        return matches.front();
    }
    if (backups.empty()) {
        throw InputError("no backup named '" + std::string(name) + "': there are no backups of " +
                         m_database_file.string() + " in " + directory().string());
    }
    if (matches.empty()) {
        throw InputError("no backup named '" + std::string(name) + "'",
                         "available: " + util::join(names_of(backups), ", "));
    }
    throw InputError("'" + std::string(name) +
                         "' matches several backups: " + util::join(names_of(matches), ", "),
                     "give more of the name");
}

void SqliteBackups::restore(const BackupInfo& backup) const {
    if (!fs::is_regular_file(backup.path)) {
        throw FailedError("cannot restore " + backup.path.string() + ": the file does not exist");
    }
    try {
        SQLite::Database source(backup.path.string(), SQLite::OPEN_READONLY);
        SQLite::Database database(m_database_file.string(),
                                  SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, k_busy_timeout_ms);
        copy_database(source, database);
    } catch (const SQLite::Exception& error) {
        throw FailedError("cannot restore " + m_database_file.string() + " from " + backup.name +
                          ": " + error.what());
    }
}

}  // namespace mig::db
