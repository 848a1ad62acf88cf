#pragma once

#include "workflow/project.hpp"
#include "workflow/sync_snapshots.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// What `[hooks] snapshots` decides for one `mig sync`, before anything changes (see
// sync_snapshots.hpp for what a snapshot is).
struct SnapshotPlan {
    bool enabled = false;                 // SQLite, in git, with `[hooks] snapshots = true`
    std::optional<std::string> keep_for;  // the commit to keep the database's copy under
    std::optional<Snapshot> restore;      // put back instead of replaying
    std::vector<std::string> notes;       // one line each: why not, when it is not the obvious
};

// `.mig/snapshots/` beside mig.toml.
SnapshotStore snapshot_store(const Project& project);

// Reads the snapshots folder and git, writes nothing. The snapshot to restore is the one
// choose_snapshot picks, if its copy really holds the checkout's heads and the database can be
// kept first (as a snapshot, or at least as the automatic backup). The commit to keep the
// database under is the first branch (or commit) checked out before this one, newest first
// (git's `@{-1}`, `@{-2}`..., up to 10), whose revision files' heads are the database's:
// the database was last in sync with it, so its rows are that commit's.
SnapshotPlan plan_snapshots(Project& project, const std::vector<std::string>& database_heads,
                            const std::vector<std::string>& checkout_heads);

// Writes `snapshot` over the project's SQLite database (one transaction of the backup API: on
// failure the database is unchanged; FailedError saying to run `mig sync` again).
void restore_snapshot(const Project& project, const Snapshot& snapshot);

}  // namespace mig::workflow
