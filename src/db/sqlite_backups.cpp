#include "db/sqlite_backups.hpp"

#include "db/sqlite_database.hpp"
#include "db/sqlite_errors.hpp"
#include "db/sqlite_reader.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file_descriptor.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>

namespace mig::db {

namespace fs = std::filesystem;

namespace {

constexpr int k_busy_timeout_ms = 5000;
constexpr std::size_t k_timestamp_size = std::string_view("20261121T100000123Z").size();
constexpr std::string_view k_suffix = ".bak";

// Copies every page of `from` into `to` with SQLite's online backup API: a consistent
// snapshot even while the source is in use, unlike copying the file byte by byte. Returns
// SQLITE_DONE, or the error that stopped it (after waiting out a busy database).
int copy_database(SQLite::Database& from, SQLite::Database& to) {
    SQLite::Backup backup(to, from);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(k_busy_timeout_ms);
    while (true) {
        int result = SQLITE_OK;
        try {
            result = backup.executeStep(-1);
        } catch (const SQLite::Exception& error) {  // SQLiteCpp throws for all but busy
            return error.getExtendedErrorCode();
        }
        if (result == SQLITE_DONE) {
            return result;
        }
        bool busy = result == SQLITE_BUSY || result == SQLITE_LOCKED;
        if (result != SQLITE_OK && !(busy && std::chrono::steady_clock::now() < deadline)) {
            return result;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

bool is_disk_full(int result, sqlite3* connection) {
    const int system_errno = sqlite3_system_errno(connection);
    return (result & 0xff) == SQLITE_FULL || system_errno == ENOSPC || system_errno == EFBIG ||
           system_errno == EDQUOT;
}

// Why a copy stopped, in words a user can act on.
std::string copy_failure(int result, sqlite3* destination) {
    if (is_disk_full(result, destination)) {
        const int system_errno = sqlite3_system_errno(destination);
        return std::string("disk full / file too large (") +
               (system_errno != 0 ? std::strerror(system_errno) : sqlite3_errstr(result)) + ")";
    }
    if ((result & 0xff) == SQLITE_BUSY || (result & 0xff) == SQLITE_LOCKED) {
        return std::string("another program holds a lock on the database (") +
               sqlite3_errstr(result) + ")";
    }
    return sqlite3_errstr(result);
}

// The permission bits of `file` (0644 when it cannot be read).
fs::perms mode_of(const fs::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) {
        return static_cast<fs::perms>(0644);
    }
    return static_cast<fs::perms>(info.st_mode & 0777);
}

// An empty file with exactly `mode`, for SQLite to fill: the copy of a 0600 database is
// never readable by others, not even while it is being written.
void create_private_file(const fs::path& file, fs::perms mode) {
    util::FileDescriptor fd(
        ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode)));
    if (fd.get() < 0 || ::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) {
        throw util::write_failure(file, errno);
    }
}

// Removes a file on scope exit unless released: the half-written copy of a failed backup.
class RemoveOnFailure {
public:
    explicit RemoveOnFailure(fs::path file) : m_file(std::move(file)) {}
    ~RemoveOnFailure() {
        if (!m_released) {
            std::error_code ignored;
            fs::remove(m_file, ignored);
        }
    }
    RemoveOnFailure(const RemoveOnFailure&) = delete;
    RemoveOnFailure& operator=(const RemoveOnFailure&) = delete;
    void release() { m_released = true; }

private:
    fs::path m_file;
    bool m_released = false;
};

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

// Written under a temporary name (`.<name>.mig-tmp-<pid>`, removed on failure and, if the
// process is killed, by the next run) and renamed once SQLite has synced it, so a listing
// never shows a half-written copy.
void copy_sqlite_database(const fs::path& database_file, const fs::path& target) {
    const fs::path directory = target.parent_path();
    const fs::path temporary = util::temporary_path_for(target);
    RemoveOnFailure cleanup(temporary);
    auto failed = [&](const std::string& cause, std::string hint) {
        return FailedError("cannot back up " + database_file.string() + " to " + target.string() +
                               ": " + cause + "; nothing was changed",
                           std::move(hint));
    };
    const std::string free_space = "free space on the disk of " + directory.string() + " and retry";
    try {
        create_private_file(temporary, mode_of(database_file));
    } catch (const FailedError& error) {
        throw FailedError(
            std::string("cannot back up ") + database_file.string() + ": " + error.what(),
            error.hint());
    }
    try {
        auto source = open_for_reading(database_file, k_busy_timeout_ms);
        SQLite::Database copy(temporary.string(), SQLite::OPEN_READWRITE);
        // No journal: a copy that fails is deleted whole, and a journal would be one more
        // file to leave behind.
        copy.exec("PRAGMA journal_mode = OFF");
        int result = copy_database(*source, copy);
        if (result != SQLITE_DONE) {
            throw failed(copy_failure(result, copy.getHandle()),
                         is_disk_full(result, copy.getHandle())
                             ? free_space
                             : "retry when the program using the database has finished");
        }
    } catch (const SQLite::Exception& error) {
        throw failed(error.what(), "check the disk, then retry");
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        throw util::write_failure(target, errno);
    }
    cleanup.release();
    util::sync_directory(directory);
}

SqliteBackups::SqliteBackups(fs::path database_file) : m_database_file(std::move(database_file)) {}

fs::path SqliteBackups::directory() const {
    return SqliteDatabase::state_dir(m_database_file) / "backups";
}

bool SqliteBackups::nothing_to_back_up() const {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(m_database_file, error);
    return error || size == 0;
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
    BackupInfo info = take(reason);
    prune(std::max(keep, 1), {info.path});  // the backup just taken always survives
    return info;
}

BackupInfo SqliteBackups::take(std::string_view reason) {
    if (!fs::exists(m_database_file)) {
        throw FailedError("cannot back up " + m_database_file.string() +
                          ": the file does not exist");
    }
    util::create_state_dir(directory().parent_path());
    std::error_code error;
    fs::create_directories(directory(), error);
    if (error) {
        throw FailedError("cannot back up " + m_database_file.string() + ": " +
                              util::write_failure(directory(), error.value()).what(),
                          util::write_failure(directory(), error.value()).hint());
    }
    remove_stale_temporaries();
    const fs::path target =
        directory() / (unused_stem() + "." + file_name_safe(reason) + std::string(k_suffix));
    copy_sqlite_database(m_database_file, target);
    BackupInfo info = *parse(target);
    info.heads = heads_in(target);
    return info;
}

void SqliteBackups::remove_stale_temporaries() const {
    util::remove_stale_temporary_files(directory());
    // mig before 0.x named its half-written copies `<backup>.tmp`; under the lock, no other
    // run can be writing one.
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory(), error)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(m_database_file.filename().string() + ".") &&
            name.ends_with(std::string(k_suffix) + ".tmp")) {
            std::error_code ignored;
            fs::remove(entry.path(), ignored);
        }
    }
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

void SqliteBackups::prune(int keep, const std::vector<fs::path>& kept) const {
    std::vector<BackupInfo> backups = list();
    for (std::size_t i = static_cast<std::size_t>(std::max(keep, 0)); i < backups.size(); ++i) {
        if (std::find(kept.begin(), kept.end(), backups[i].path) != kept.end()) {
            continue;
        }
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

void SqliteBackups::check_readable(const BackupInfo& backup) const {
    std::error_code ignored;
    if (!fs::is_regular_file(backup.path, ignored)) {
        throw FailedError("cannot restore " + backup.path.string() + ": the file does not exist",
                          "run `mig backups` to see the backups there are");
    }
    open_for_reading(backup.path, k_busy_timeout_ms);
}

void SqliteBackups::restore(const BackupInfo& backup) const {
    check_readable(backup);
    std::error_code ignored;
    const bool created = !fs::exists(m_database_file, ignored);
    auto failed = [&](const std::string& cause, std::string hint) {
        return FailedError("cannot restore " + m_database_file.string() + " from " + backup.name +
                               ": " + cause + "; the database was not changed and the backup " +
                               "is kept",
                           std::move(hint));
    };
    try {
        auto source = open_for_reading(backup.path, k_busy_timeout_ms);
        SQLite::Database database(m_database_file.string(),
                                  SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, k_busy_timeout_ms);
        int result = copy_database(*source, database);
        if (result != SQLITE_DONE) {
            throw failed(
                copy_failure(result, database.getHandle()),
                is_disk_full(result, database.getHandle())
                    ? "free space on the disk and run `mig restore " + backup.name + "` again"
                    : "close the program using the database, then run `mig restore " + backup.name +
                          "` again");
        }
    } catch (const SQLite::Exception& error) {
        if (auto environment =
                environment_error(m_database_file, error.getExtendedErrorCode(), nullptr)) {
            throw failed(environment->what(), environment->hint());
        }
        throw failed(error.what(), "run `mig restore " + backup.name + "` again");
    }
    if (created) {
        fs::permissions(m_database_file, mode_of(backup.path), ignored);
    }
}

}  // namespace mig::db
