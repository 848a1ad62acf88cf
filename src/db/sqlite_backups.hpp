#pragma once

#include "db/backups.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::db {

// Copies `database_file` to `target` with SQLite's online backup API (a consistent copy even
// while the database is in use), atomically: the copy is written under a temporary name in
// target's folder, with the database file's permission bits, and renamed once complete;
// nothing is left behind on failure (FailedError naming both files and the cause). The
// folder must exist. Shared by the backups below and `mig sync`'s snapshots.
void copy_sqlite_database(const std::filesystem::path& database_file,
                          const std::filesystem::path& target);

// Consistent copies of one SQLite database file, taken with SQLite's online backup API,
// kept in `<db dir>/.mig/backups/` (which `mig init` adds to .gitignore).
class SqliteBackups final : public Backups {
public:
    explicit SqliteBackups(std::filesystem::path database_file);

    std::filesystem::path directory() const override;

    // A missing or empty file: nothing a backup would keep.
    bool nothing_to_back_up() const override;

    // Copies the database, then keeps only the newest `keep` backups of this database (at
    // least the one just taken). FailedError when the database file does not exist. The
    // caller holds the migration lock.
    BackupInfo create(std::string_view reason, int keep) override;

    // Copies the database without removing any older backup (see prune). The copy gets the
    // database file's own permission bits, and appears under its name only once complete.
    BackupInfo take(std::string_view reason) override;

    // Keeps the newest `keep` backups and every one in `kept`, removes the others.
    void prune(int keep, const std::vector<std::filesystem::path>& kept = {}) const override;

    // Removes what a killed run left in the backups folder (a half-written copy can be as
    // big as the database). The caller holds the migration lock.
    void remove_stale_temporaries() const override;

    // Newest first.
    std::vector<BackupInfo> list() const override;

    // `name` exactly, or a unique prefix; InputError listing the backups otherwise.
    BackupInfo find(std::string_view name) const override;

    // Checks that `backup` can be read as a SQLite database (FailedError naming it if not),
    // before anything else of a restore happens.
    void check_readable(const BackupInfo& backup) const override;

    // Writes `backup` over the database with the backup API, in one transaction of the
    // database: on failure (the database locked by an application, a full disk) the database
    // is unchanged. The caller holds the lock and has taken a fresh backup of the current
    // file first. A database file that did not exist gets the backup's permission bits; an
    // existing one keeps its own.
    void restore(const BackupInfo& backup) const override;

private:
    std::optional<BackupInfo> parse(const std::filesystem::path& path) const;
    std::string unused_stem() const;

    std::filesystem::path m_database_file;
};

}  // namespace mig::db
