#include "db/sqlite_errors.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace mig::db {

namespace fs = std::filesystem;

namespace {

std::string folder_of(const fs::path& file) {
    return file.parent_path().empty() ? std::string(".") : file.parent_path().string();
}

bool writable(const fs::path& path) {
    return ::access(path.c_str(), W_OK) == 0;
}

FailedError read_only(const fs::path& file, std::string_view outcome) {
    std::error_code ignored;
    if (fs::exists(file, ignored) && !writable(file)) {
        return FailedError(
            "the database file " + file.string() + " is read-only" + std::string(outcome),
            "make it writable (chmod u+w " + file.string() + ") and retry");
    }
    if (!writable(folder_of(file))) {
        return FailedError(
            "the folder " + folder_of(file) + " of the database " + file.string() +
                " is read-only, and SQLite writes its journal beside the database" +
                std::string(outcome),
            "make the folder writable (chmod u+w " + folder_of(file) + ") and retry");
    }
    return FailedError("the database " + file.string() +
                           " is read-only (attempt to write a readonly database)" +
                           std::string(outcome),
                       "check that it is not mounted read-only or opened read-only, then retry");
}

FailedError cannot_open(const fs::path& file, std::string_view outcome) {
    std::error_code ignored;
    if (fs::is_directory(file, ignored)) {
        return FailedError("the database path " + file.string() +
                               " is a folder, not a SQLite database file" + std::string(outcome),
                           "point [database] url (or --database-url) at a file");
    }
    if (!fs::is_directory(folder_of(file), ignored)) {
        return FailedError("the folder " + folder_of(file) + " of the database " + file.string() +
                               " does not exist" + std::string(outcome),
                           "create it (mkdir -p " + folder_of(file) + "), or fix [database] url");
    }
    if (!writable(folder_of(file))) {
        return read_only(file, outcome);
    }
    return FailedError("cannot open the database " + file.string() +
                           " (unable to open database file)" + std::string(outcome),
                       "check the path and its permissions");
}

FailedError disk_full(const fs::path& file, const std::string& cause, std::string_view outcome) {
    return FailedError("cannot write the database " + file.string() +
                           ": disk full / file too large (" + cause + ")" + std::string(outcome),
                       "free space on the disk of " + folder_of(file) + " and retry");
}

bool is_disk_full_errno(int error_number) {
    return error_number == ENOSPC || error_number == EDQUOT || error_number == EFBIG;
}

}  // namespace

std::optional<FailedError> environment_error(const fs::path& file, int extended_code,
                                             sqlite3* connection, std::string_view outcome) {
    const int system_errno = connection != nullptr ? sqlite3_system_errno(connection) : 0;
    const std::string text = sqlite3_errstr(extended_code);
    if (is_unrecovered_journal(extended_code)) {
        return unrecovered_journal_error(file);
    }
    std::error_code ignored;
    const int primary = extended_code & 0xff;
    if ((primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR || primary == SQLITE_NOTADB) &&
        fs::is_directory(file, ignored)) {
        return cannot_open(file, outcome);  // says "is a folder"
    }
    switch (primary) {
        case SQLITE_READONLY:
            return read_only(file, outcome);
        case SQLITE_CANTOPEN:
            return cannot_open(file, outcome);
        case SQLITE_FULL:
            return disk_full(file, text, outcome);
        case SQLITE_IOERR:
            if (is_disk_full_errno(system_errno)) {
                return disk_full(file, std::strerror(system_errno), outcome);
            }
            return FailedError(
                "I/O error on the database " + file.string() + " (" + text +
                    (system_errno != 0 ? std::string(": ") + std::strerror(system_errno)
                                       : std::string()) +
                    ")" + std::string(outcome),
                "check the disk (dmesg may say more), then retry");
        case SQLITE_PERM:
        case SQLITE_AUTH:
            return FailedError("permission denied on the database " + file.string() + " (" + text +
                                   ")" + std::string(outcome),
                               "check the file's permissions and retry");
        case SQLITE_NOTADB:
            return FailedError("the database path " + file.string() +
                                   " is not a SQLite database (" + text + ")" +
                                   std::string(outcome),
                               "point [database] url (or --database-url) at the right file");
        case SQLITE_CORRUPT:
            return FailedError("the database " + file.string() + " is corrupt (" + text + ")" +
                                   std::string(outcome),
                               "put a backup back with `mig backups` and `mig restore NAME`, "
                               "or repair it with sqlite3's .recover");
        default:
            return std::nullopt;
    }
}

bool is_unrecovered_journal(int extended_code) {
    return extended_code == SQLITE_READONLY_ROLLBACK || extended_code == SQLITE_READONLY_RECOVERY ||
           extended_code == SQLITE_READONLY_CANTINIT;
}

FailedError unrecovered_journal_error(const fs::path& file) {
    return FailedError(
        "the database " + file.string() + " has a hot journal (" + file.filename().string() +
            "-journal or -wal) left by a program that stopped in the middle of a write; SQLite "
            "must roll it back before anyone can read the database, which needs write access to "
            "the file and its folder",
        "run `mig current` once as a user who may write " + folder_of(file) + " (or `sqlite3 " +
            file.string() +
            " 'PRAGMA quick_check'`); never delete the journal, it holds the pages to restore");
}

}  // namespace mig::db
