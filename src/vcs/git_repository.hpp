#pragma once

#include "vcs/git_handle.hpp"
#include "vcs/repository.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mig::vcs {

namespace detail {
class FastGitState;
}  // namespace detail

// A file whose content in the work tree is not what HEAD has.
struct UncommittedFile {
    std::filesystem::path path;  // absolute
    std::string state;           // "untracked", "ignored", "modified", "staged", "deleted"
};

// A file as HEAD's tree records it.
struct CommittedFile {
    bool regular = false;  // a plain (or executable) file; false: a symbolic link or a submodule
    std::string content;   // the blob's bytes (for a link: the path it points to)
};

// The git directory (a bare repository, or the `.git` folder of a work tree) that `start` lies
// in, or nullopt when it lies in a work tree or outside git. Reads only a few file names, so it
// costs nothing outside git. mig works in work trees only: a git directory has no checked-out
// revision files, and what mig would write there git would never commit.
std::optional<std::filesystem::path> git_directory_containing(const std::filesystem::path& start);

// Which files GitRepository::export_files writes. Paths are relative to the work tree root
// with `/` separators; folders end with `/`. An empty function accepts everything.
struct ExportFilter {
    std::function<bool(const std::string& folder)> enter;  // look inside this folder?
    std::function<bool(const std::string& file)> take;     // write this file?
};

// A git repository opened through libgit2: the reads mig's checks need, and the Repository
// interface that rollback, status and provenance use (see repository.hpp for each method's
// contract). Move-only; the handle is freed on destruction. Split by job over
// git_repository.cpp (opening, HEAD), git_status.cpp (work tree and index against HEAD),
// git_history.cpp (commits, ancestry, branches), git_reset.cpp (writes), git_export.cpp and
// git_published.cpp (one folder of the index or a commit by blob id, for check --staged).
class GitRepository final : public Repository {
public:
    // The repository containing `start` (searching parent folders), or nullopt outside git.
    // InputError (exit 2) for a bare repository, which has no work tree to check.
    //
    // libgit2 is loaded only when an answer needs it: HEAD, the index and the facts earlier
    // runs learnt (kept in `cache_dir`/git-facts; empty `cache_dir`: none kept) answer a warm
    // run without it (git_fast_state.hpp). `cache_dir`'s parent is mig's state folder.
    static std::optional<GitRepository> discover(const std::filesystem::path& start,
                                                 const std::filesystem::path& cache_dir = {});

    // The same with every answer from libgit2: no fast state, no facts (the reference the
    // fast answers are tested against).
    static std::optional<GitRepository> discover_with_libgit2(const std::filesystem::path& start);

    // Whether this object has opened libgit2 so far (for tests and benchmarks: a warm run
    // should not need to).
    bool opened_libgit2() const { return static_cast<bool>(m_repository); }

    GitRepository(GitRepository&&) noexcept;
    GitRepository& operator=(GitRepository&&) noexcept;
    GitRepository(const GitRepository&) = delete;
    GitRepository& operator=(const GitRepository&) = delete;
    ~GitRepository() override;

    std::filesystem::path workdir() const override;

    // The commit HEAD points at; nullopt on a branch with no commits yet.
    std::optional<std::string> head_commit() const;

    // True when tracked files differ from HEAD (staged or not). Untracked files don't count:
    // `git reset --hard` would not lose them.
    bool is_dirty() const;

    // Files below `dir` that differ from HEAD: untracked (ignored ones too: a migration git
    // ignores would never be committed), modified, staged but not committed, or deleted.
    std::vector<UncommittedFile> uncommitted_files(const std::filesystem::path& dir) const;

    // What HEAD's commit holds at `path` (relative to the work tree root, `/` separators);
    // nullopt when it holds nothing there (or the branch has no commit yet).
    std::optional<CommittedFile> head_file(const std::string& path) const;

    // The commit `ref` names: a branch, tag, remote branch, `HEAD~2`, a (short) commit id...
    // InputError naming `ref` when git does not know it or it names no commit.
    std::string resolve_commit(const std::string& ref) const;

    // The best common ancestor of two commits (git merge-base); nullopt when they share no
    // history.
    std::optional<std::string> merge_base(const std::string& a,
                                          const std::string& b) const override;

    // The folder git runs this repository's hooks from: `core.hooksPath` when set (`~/`
    // expanded; relative to the work tree root, as git resolves it), else `hooks/` of the
    // common git directory, which all linked worktrees share (git_hooks_dir.cpp).
    std::filesystem::path hooks_dir() const;

    // Writes the files of the index (the staged state; no `commit`) or of `commit`'s tree that
    // `filter` accepts into `dest`, at their paths relative to the work tree root: executable
    // bits and symbolic links are kept, submodules and unmerged entries are skipped. Reads
    // only: the repository, its index and work tree are not touched. Returns how many files
    // were written. FailedError when git cannot read an object or a file cannot be written.
    std::size_t export_files(const std::optional<std::string>& commit,
                             const std::filesystem::path& dest, const ExportFilter& filter) const;

    // --- Repository ---
    HeadState head() const override;
    CommitInfo commit(const std::string& id) const override;
    std::vector<ChangedFile> tracked_changes() const override;
    bool head_tracks(const std::string& path) const override;
    std::vector<std::string> untracked_files_tracked_by(const std::string& commit) const override;
    std::vector<FileAddition> first_parent_additions(const std::string& dir) const override;
    std::optional<std::string> upstream_commit() const override;
    std::optional<std::string> upstream_name() const override;
    bool is_ancestor(const std::string& ancestor, const std::string& descendant) const override;
    std::vector<std::string> branches_containing(const std::string& commit) const override;
    std::optional<std::string> find_commit(const std::string& ref) const override;
    std::vector<FolderFile> folder_files(const std::optional<std::string>& commit,
                                         const std::string& dir) const override;
    std::string blob_content(const std::string& blob) const override;
    void write_reference(const std::string& name, const std::string& commit,
                         const std::string& log_message) override;
    void reset_hard(const std::string& commit, const std::string& log_message) override;
    std::string commit_tree_of(const std::string& tree_of, const std::string& message) override;

private:
    GitRepository(std::filesystem::path start, detail::GitHandle<git_repository> repository,
                  std::unique_ptr<detail::FastGitState> fast);
    // libgit2's handle, opened on first use.
    git_repository* raw() const;

    // The files of `commit`'s tree that HEAD's tree lacks (libgit2; cached by the caller).
    std::vector<std::string> files_only_in(const std::string& commit) const;
    // Whether the index has an entry at `path` (libgit2).
    bool index_has(const std::string& path) const;
    // `branch`'s upstream as a full reference name ("refs/remotes/origin/main"), or nullopt.
    std::optional<std::string> upstream_reference(const std::string& branch) const;
    // The commit the reference `name` points at (symbolic references followed), or nullopt.
    std::optional<std::string> reference_target(const std::string& name) const;
    // core.hooksPath or the common hooks folder, from libgit2 (git_hooks_dir.cpp).
    std::filesystem::path read_hooks_dir() const;
    // libgit2's answers, asked when the fast state is not sure.
    std::vector<ChangedFile> status_changes(const std::string& pathspec, bool with_untracked) const;

    // The checked-out branch's upstream: its tip and short name (both nullopt without one).
    std::pair<std::optional<std::string>, std::optional<std::string>> upstream() const;

    // Moves the checked-out branch to `commit` as `git reset --hard` does (see reset_hard),
    // without writing ORIG_HEAD (commit_tree_of moves forward, as `git commit` does).
    void move_branch_to(const std::string& commit, const std::string& log_message);

    std::filesystem::path m_start;  // where libgit2 opens the repository from
    mutable detail::GitHandle<git_repository> m_repository;
    std::unique_ptr<detail::FastGitState> m_fast;  // nullptr: libgit2 answers everything
};

}  // namespace mig::vcs
