#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// `[hooks] snapshots = true` (SQLite): copies of the database that `mig sync` keeps per commit,
// in `.mig/snapshots/` beside mig.toml (mig's local state folder, whose own .gitignore keeps
// it out of git), so that returning to a branch brings back its rows instead of replaying.
//
// A snapshot is the database as it was while `commit` was checked out and the database was at
// the revision set `revisions`, copied by the sync that then moved it to `left_for`. Its file
// name carries all of it: `<taken>.<commit>.<revisions key>.<left_for key>.sqlite`, where a key
// is revision_set_key(); the copy itself holds the revision ids (its mig_version).
//
// Restoring is the undo of the sync that took it, so a sync restores a snapshot only when
//   - its commit is HEAD and its revisions are what this checkout wants (its heads), and
//   - the database is at `left_for`, exactly where that sync left it: the snapshot's
//     starting point. A database that has moved since (upgraded, downgraded, stamped, or
//     another database at the same path) is replayed instead, never overwritten.
struct Snapshot {
    std::filesystem::path path;
    std::string taken_at;  // "20261206T101500123Z"
    std::string commit;    // 40 hex characters
    std::string revisions;
    std::string left_for;
};

// A short, file-name-safe key for a set of revision ids (order does not matter; base is the
// empty set): the first 16 hex characters of the SHA-256 of the sorted ids.
std::string revision_set_key(std::vector<std::string> heads);

// Which snapshot a sync restores: the newest for `head_commit` and `wanted` (the checkout's
// heads), if the database is at its starting point; otherwise `not_restored` is that newest
// one (for the message saying why). Pure.
struct SnapshotChoice {
    std::optional<Snapshot> restore;
    std::optional<Snapshot> not_restored;
};
SnapshotChoice choose_snapshot(const std::vector<Snapshot>& newest_first,
                               const std::string& head_commit,
                               const std::vector<std::string>& wanted,
                               const std::vector<std::string>& database_heads);

// The snapshots folder of one project.
class SnapshotStore {
public:
    explicit SnapshotStore(std::filesystem::path directory);

    const std::filesystem::path& directory() const { return m_directory; }

    // Newest first; files of any other name are ignored.
    std::vector<Snapshot> list() const;

    // Copies `database_file` (SQLite's backup API, written under a temporary name and renamed:
    // never half-written). The caller holds the migration lock. Never prunes.
    Snapshot take(const std::filesystem::path& database_file, const std::string& commit,
                  const std::vector<std::string>& revisions,
                  const std::vector<std::string>& left_for) const;

    // The revision ids inside a snapshot (its mig_version), sorted; nullopt when it cannot be
    // read as a database.
    static std::optional<std::vector<std::string>> heads_in(const std::filesystem::path& file);

    // Removes the snapshots a newer one of the same commit and revisions replaced, then all but
    // the newest `keep`; those in `kept` always stay. Called only after a sync succeeded.
    void prune(int keep, const std::vector<std::filesystem::path>& kept) const;

private:
    std::filesystem::path m_directory;
};

}  // namespace mig::workflow
