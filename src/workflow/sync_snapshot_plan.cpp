#include "workflow/sync_snapshot_plan.hpp"

#include "db/sqlite_backups.hpp"
#include "graph/revision_graph.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"
#include "workflow/snapshot.hpp"
#include "workflow/sync_labels.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace mig::workflow {

namespace {

// How many earlier checkouts are searched for the commit the database belongs to.
constexpr int k_checkouts_searched = 10;

using sync_labels::heads_label;
using sync_labels::short_commit;
using sync_labels::sorted;

// The heads of the revision graph a commit holds; nullopt when it cannot be read.
std::optional<std::vector<std::string>> heads_at_commit(const Project& project,
                                                        const std::string& commit) {
    try {
        RevisionsAtCommit at = revisions_at_commit(project, commit);
        std::vector<graph::Revision> revisions;
        for (const script::RevisionScript& script : at.scripts) {
            revisions.push_back(script.revision);
        }
        const graph::RevisionGraph graph = graph::RevisionGraph::build(std::move(revisions));
        std::vector<std::string> heads;
        for (graph::RevisionGraph::Index head : graph.heads()) {
            heads.push_back(graph.at(head).id);
        }
        return sorted(std::move(heads));
    } catch (const Error& error) {
        spdlog::debug("cannot read the revisions of {}: {}", commit, error.what());
        return std::nullopt;
    }
}

// The commit the database belongs to: of the branches (or detached commits) checked out before
// this one, newest first (git's `@{-1}`, `@{-2}`..., read from HEAD's reflog; a branch is
// taken at its tip), the first whose revisions' heads are the database's. A database at what
// that commit wants was last in sync with it, so its rows are that commit's. nullopt when no
// recent checkout qualifies (then no snapshot is kept).
std::optional<std::string> database_commit(const Project& project,
                                           const std::vector<std::string>& database_heads) {
    vcs::GitRepository* repository = project.git();
    if (repository == nullptr) {
        return std::nullopt;
    }
    const std::vector<std::string> wanted = sorted(database_heads);
    std::set<std::string> tried;
    for (int n = 1; n <= k_checkouts_searched; ++n) {
        std::string commit;
        try {
            commit = repository->resolve_commit("@{-" + std::to_string(n) + "}");
        } catch (const Error& error) {
            spdlog::debug("@{{-{}}}: {}", n, error.what());
            break;  // no earlier checkout (or no reflog)
        }
        spdlog::debug("@{{-{}}} is {}", n, commit);
        if (tried.insert(commit).second && heads_at_commit(project, commit) == wanted) {
            return commit;
        }
    }
    return std::nullopt;
}

}  // namespace

SnapshotStore snapshot_store(const Project& project) {
    return SnapshotStore(project.config().root / ".mig" / "snapshots");
}

SnapshotPlan plan_snapshots(Project& project, const std::vector<std::string>& database_heads,
                            const std::vector<std::string>& checkout_heads) {
    SnapshotPlan plan;
    if (!project.config().hooks_snapshots) {
        return plan;
    }
    if (!project.database_url().database_file()) {
        plan.notes.push_back("[hooks] snapshots are kept for SQLite databases only; " +
                             project.database_url().redacted() + " is synced without them");
        return plan;
    }
    const vcs::GitRepository* repository = project.git();
    const std::optional<std::string> head = repository ? repository->head_commit() : std::nullopt;
    if (!head) {
        plan.notes.emplace_back(
            "[hooks] snapshots are kept per git commit, and there is none here; synced without");
        return plan;
    }
    plan.enabled = true;
    const SnapshotStore store = snapshot_store(project);
    SnapshotChoice choice = choose_snapshot(store.list(), *head, checkout_heads, database_heads);
    if (choice.restore && SnapshotStore::heads_in(choice.restore->path) != sorted(checkout_heads)) {
        plan.notes.push_back("the snapshot " + project.display(choice.restore->path) +
                             " does not hold the revisions its name says; replaying instead");
        choice.restore.reset();
    }
    if (choice.not_restored) {
        plan.notes.push_back(
            "not restoring the snapshot of commit " + short_commit(*head) +
            ": the database is no longer where the sync that took it left it (now at " +
            heads_label(database_heads) + "); replaying instead");
    }
    plan.keep_for = database_commit(project, database_heads);
    if (!plan.keep_for) {
        plan.notes.push_back("no snapshot of the database at " + heads_label(database_heads) +
                             " is kept: none of the last " + std::to_string(k_checkouts_searched) +
                             " branches checked out has those revisions");
    }
    // A restore overwrites the database: only when a copy of it is kept first.
    if (choice.restore && !plan.keep_for && !project.config().backup) {
        plan.notes.push_back("not restoring the snapshot of commit " + short_commit(*head) +
                             ": the database could be kept neither as a snapshot nor as a "
                             "backup ([database] backup = false); replaying instead");
        choice.restore.reset();
    }
    plan.restore = choice.restore;
    return plan;
}

void restore_snapshot(const Project& project, const Snapshot& snapshot) {
    db::BackupInfo copy;
    copy.name = snapshot.path.filename().string();
    copy.path = snapshot.path;
    try {
        db::SqliteBackups(project.database_url().sqlite_path).restore(copy);
    } catch (const Error& failure) {
        throw FailedError(failure.what(), "run `mig sync` again");
    }
}

}  // namespace mig::workflow
