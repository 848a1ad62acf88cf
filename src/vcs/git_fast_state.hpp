#pragma once

// The answers a warm mig run needs from git, read from git's own small files and from the
// facts libgit2 gave earlier runs, so that libgit2 is not loaded at all (internal to the vcs
// layer). GitRepository asks this first and libgit2 when this is not sure; each "not sure"
// is the safe answer, never a guess.

#include "vcs/git_facts.hpp"
#include "vcs/git_index_file.hpp"
#include "vcs/git_layout.hpp"
#include "vcs/git_refs.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mig::vcs::detail {

class FastGitState {
public:
    // `facts_file`: where earlier runs' answers are kept (empty: nowhere).
    FastGitState(GitLayout layout, std::filesystem::path facts_file);

    const GitLayout& layout() const { return m_layout; }
    GitFacts& facts() const { return *m_facts; }

    // HEAD read from its files, once per run (nullopt: not sure).
    const std::optional<HeadFile>& head() const;

    // The index read once per run; nullptr when it cannot be read for sure.
    const IndexFile* index() const;

    // Forgets what was read (after mig itself moved HEAD or rewrote the index).
    void forget();

    // True when git's status of the files below `prefix` (a folder relative to the work tree
    // root ending in `/`, or empty for all) is known to be empty: an earlier run found this
    // very index (by checksum) clean against this very HEAD, and every tracked file below
    // `prefix` still has the size, times, inode and mode the index recorded (git's own test,
    // racily clean entries excepted). `with_untracked`: `prefix`'s folder also holds nothing
    // the index lacks (it must have no subfolders: those are left to libgit2).
    bool known_clean(const std::string& prefix, bool with_untracked) const;

    // Records that libgit2 found the files below `prefix` clean, if HEAD and the index are
    // still what they were when known_clean was asked (another git command may have run).
    void remember_clean(const std::string& prefix);

    // True when the index has an entry at `path` (nullopt: the index could not be read).
    std::optional<bool> index_tracks(const std::string& path) const;

    // A string that changes whenever a configuration file git reads for this repository
    // changes (their size, modification time and inode), or nullopt when one uses `include`
    // (the included files are not followed here).
    std::optional<std::string> config_signature() const;

private:
    std::string clean_key(const HeadFile& head, const IndexFile& index,
                          const std::string& prefix) const;

    GitLayout m_layout;
    std::unique_ptr<GitFacts> m_facts;
    mutable bool m_head_read = false;
    mutable std::optional<HeadFile> m_head;
    mutable bool m_index_read = false;
    mutable std::optional<IndexFile> m_index;
    mutable std::optional<std::string> m_clean_head;   // HEAD when known_clean was asked
    mutable std::optional<std::string> m_clean_index;  // and the index's checksum
};

// The files and folders of the work tree `root` that `git reset --hard` to a commit holding
// `incoming` (files that HEAD does not hold) would overwrite: such a file itself, a file where
// one of its folders would go, and every file inside a folder where it would go. Files that
// `tracked` says the index has are left out (they are tracked changes, reported as such).
std::vector<std::string> files_in_the_way(const std::filesystem::path& root,
                                          const std::vector<std::string>& incoming,
                                          const std::function<bool(const std::string&)>& tracked);

}  // namespace mig::vcs::detail
