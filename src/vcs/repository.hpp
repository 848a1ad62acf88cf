#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mig::vcs {

// One commit, as rollback plans and `mig status` show it.
struct CommitInfo {
    std::string id;        // 40 hex characters
    std::string short_id;  // git's default abbreviation (7 characters, more if ambiguous)
    std::string subject;   // first line of the message
    std::vector<std::string> parents;  // first parent first; two or more: a merge commit
    std::int64_t time = 0;             // committer time, seconds since the epoch (UTC)
};

// Where HEAD is.
struct HeadState {
    std::optional<std::string> branch;  // short name ("main"); nullopt: HEAD is detached
    std::optional<std::string> commit;  // nullopt: the branch has no commit yet (unborn)
};

// A file of the work tree or the index that differs from HEAD. Paths are relative to the work
// tree root, with `/` separators.
struct ChangedFile {
    std::string path;
    std::string state;  // "modified", "staged", "deleted", "untracked", "ignored"
};

// A file that a commit on HEAD's first-parent history added (it is absent from that commit's
// first parent) and that is still present at HEAD.
struct FileAddition {
    std::string path;    // relative to the work tree root, `/` separators
    std::string commit;  // the newest such commit when the file was deleted and added again
};

// A file directly inside one folder of the index or of a commit's tree (mig check --staged:
// published revisions, and staged revisions read by blob id).
struct FolderFile {
    std::string name;   // the file name, without the folder
    std::string blob;   // the blob's id, 40 hex characters
    bool link = false;  // a symbolic link: the blob holds the path it points to
};

// What mig asks of git for rollback, status and provenance: the seam between the decisions
// (workflow, unit-tested against a fake) and libgit2 (GitRepository, exercised end to end in
// real repositories). Every id is a full 40-character commit id.
class Repository {
public:
    Repository() = default;
    Repository(const Repository&) = delete;
    Repository& operator=(const Repository&) = delete;
    virtual ~Repository() = default;

protected:
    // For implementations that own a handle and are moved around (GitRepository, returned in an
    // optional); a Repository reference is still neither copied nor moved from.
    Repository(Repository&&) = default;
    Repository& operator=(Repository&&) = default;

public:
    virtual std::filesystem::path workdir() const = 0;

    virtual HeadState head() const = 0;

    // The commit `id` names (a full id). FailedError when git has no such commit.
    virtual CommitInfo commit(const std::string& id) const = 0;

    // Tracked files whose work tree or index content differs from HEAD: what `git reset --hard`
    // would lose. Untracked and ignored files are not listed.
    virtual std::vector<ChangedFile> tracked_changes() const = 0;

    // True when HEAD's tree has a file at `path` (relative to the work tree root, `/`
    // separators): a reset would replace or delete it.
    virtual bool head_tracks(const std::string& path) const = 0;

    // Untracked or ignored files of the work tree at a path where `commit`'s tree has a file:
    // `git reset --hard commit` would overwrite them.
    virtual std::vector<std::string> untracked_files_tracked_by(
        const std::string& commit) const = 0;

    // One walk of HEAD's first-parent history: for every file below `dir` (relative to the work
    // tree root, `/` separators) present at HEAD, the commit that added it. Files that no
    // commit on that history added (never committed) are absent from the result.
    virtual std::vector<FileAddition> first_parent_additions(const std::string& dir) const = 0;

    // The tip of the checked-out branch's upstream (`branch.<name>.merge` on its remote), or
    // nullopt when the branch has none or HEAD is detached.
    virtual std::optional<std::string> upstream_commit() const = 0;
    // The upstream's short name, e.g. "origin/main" (nullopt as above).
    virtual std::optional<std::string> upstream_name() const = 0;

    // True when `ancestor` is `descendant` or one of its ancestors.
    virtual bool is_ancestor(const std::string& ancestor, const std::string& descendant) const = 0;

    // Local branches whose tip is `commit` or descends from it, short names, sorted.
    virtual std::vector<std::string> branches_containing(const std::string& commit) const = 0;

    // --- reads for `mig check --staged` (git_published.cpp) ---

    // The commit `ref` names (a branch, remote branch, tag, commit id...), or nullopt when git
    // does not know it.
    virtual std::optional<std::string> find_commit(const std::string& ref) const = 0;

    // The best common ancestor of two commits (git merge-base); nullopt when they share no
    // history.
    virtual std::optional<std::string> merge_base(const std::string& a,
                                                  const std::string& b) const = 0;

    // The files directly inside `dir` (relative to the work tree root, `/` separators, no
    // trailing `/`) in the staged index (no `commit`: the index `git commit` records, which
    // GIT_INDEX_FILE names in a hook) or in `commit`'s tree, sorted by name. Subfolders,
    // submodules and unmerged index entries are left out; no folder there: no files.
    virtual std::vector<FolderFile> folder_files(const std::optional<std::string>& commit,
                                                 const std::string& dir) const = 0;

    // The bytes of the blob `blob` (40 hex characters). FailedError when git cannot read it.
    virtual std::string blob_content(const std::string& blob) const = 0;

    // --- writes ---

    // Creates (or overwrites) the reference `name` (e.g. "refs/mig/rollback/20261206T101500Z")
    // pointing at `commit`, with `log_message` in its reflog.
    virtual void write_reference(const std::string& name, const std::string& commit,
                                 const std::string& log_message) = 0;

    // `git reset --hard commit` on the checked-out branch: ORIG_HEAD is set to the old HEAD,
    // the branch moves (HEAD stays attached to it) with `log_message` in the reflogs of the
    // branch and of HEAD, and the index and work tree match `commit`. Untracked files that
    // `commit` does not track are left alone. FailedError when it cannot finish.
    virtual void reset_hard(const std::string& commit, const std::string& log_message) = 0;

    // A new commit on the checked-out branch whose tree is `tree_of`'s tree (the squashed revert
    // of every commit after `tree_of`), with `message`; the branch, index and work tree move to
    // it as after `git commit`. Returns its id. FailedError when it cannot finish.
    virtual std::string commit_tree_of(const std::string& tree_of, const std::string& message) = 0;
};

}  // namespace mig::vcs
