#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mig::db {

// One automatic backup of a database, as listed and restored.
struct BackupInfo {
    std::string name;  // e.g. "app.db.20261121T100000123Z.upgrade.bak"
    std::filesystem::path path;
    std::string taken_at;  // "2026-11-21T10:00:00Z", from the name
    std::string reason;    // "upgrade", "downgrade", "sync" or "restore"
    std::uintmax_t size = 0;
    std::vector<std::string> heads;  // mig_version inside the backup (empty = base)
};

// An optional capability of a database (Database::backups(), open_backups()): the copies mig
// takes before an upgrade, downgrade or sync that runs scripts, and puts back with `mig
// restore`. SQLite has them (SqliteBackups: file copies beside the database); a server
// database has none inside mig (nullptr), and the workflow says that no backup was taken.
// Every method that writes expects the caller to hold the migration lock.
class Backups {
public:
    virtual ~Backups() = default;

    // Where the copies are kept, for messages.
    virtual std::filesystem::path directory() const = 0;

    // Whether the database holds nothing a backup would keep (SQLite: a missing or empty
    // file), so none is taken.
    virtual bool nothing_to_back_up() const = 0;

    // Copies the database, then keeps only the newest `keep` backups (at least this one).
    virtual BackupInfo create(std::string_view reason, int keep) = 0;
    // Copies the database without removing any older backup (see prune).
    virtual BackupInfo take(std::string_view reason) = 0;
    // Keeps the newest `keep` backups and every one in `kept`, removes the others.
    virtual void prune(int keep, const std::vector<std::filesystem::path>& kept = {}) const = 0;
    // Removes what a killed run left behind (a half-written copy).
    virtual void remove_stale_temporaries() const = 0;

    // Newest first.
    virtual std::vector<BackupInfo> list() const = 0;
    // `name` exactly, or a unique prefix; InputError listing the backups otherwise.
    virtual BackupInfo find(std::string_view name) const = 0;
    // FailedError naming the backup when it cannot be read, before a restore writes anything.
    virtual void check_readable(const BackupInfo& backup) const = 0;
    // Puts `backup` back over the database, all or nothing.
    virtual void restore(const BackupInfo& backup) const = 0;
};

}  // namespace mig::db
