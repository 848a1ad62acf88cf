#pragma once

#include "workflow/project.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace mig::vcs {
class GitRepository;
}

namespace mig::workflow {

// What keeps the revisions that would run from being exactly what HEAD records.
struct UncommittedRevisions {
    // Revision files git sees as untracked, modified, staged, deleted or ignored:
    // "migrations/versions/aaa_t.sql (untracked)".
    std::vector<std::string> files;
    // Paths whose content git cannot vouch for, each a sentence: the versions folder leads out of
    // the repository (a symbolic link, or `[migrations] directory` elsewhere), or a revision file
    // is a symbolic link whose target is outside the repository or differs from HEAD. git records
    // where a link points, not the SQL behind it, so `git status` is clean while SQL that no
    // commit holds would run.
    std::vector<std::string> links;

    bool empty() const { return files.empty() && links.empty(); }
};

UncommittedRevisions uncommitted_revisions(const config::Config& config,
                                           const vcs::GitRepository& repository);

// Refuses (RefusedError, exit 3) when uncommitted_revisions finds anything: a database must
// never be upgraded from migrations that no commit records. Outside git there is nothing to
// check.
void require_committed_migrations(const Project& project);

// Refuses (InputError, exit 2) a folder inside a git directory: a bare repository or the `.git`
// folder of a work tree, where nothing is checked out and nothing written would be committed
// (as git refuses: "this operation must be run in a work tree"). Call it before writing.
void require_work_tree(const std::filesystem::path& dir);

}  // namespace mig::workflow
