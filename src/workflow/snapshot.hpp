#pragma once

#include "util/temp_dir.hpp"
#include "vcs/repository.hpp"
#include "workflow/project.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

class StagedRevisions;

// The versions/ folder of the git index.
struct StagedVersions {
    std::string path;                    // relative to the work tree root, `/` separators
    std::vector<vcs::FolderFile> files;  // its files, sorted by name (Repository::folder_files)
    // Its revisions read by blob id; nullptr when they were exported instead (see above).
    std::shared_ptr<const StagedRevisions> revisions;
};

// The project as git has it rather than as the work tree has it: in the index (what `git
// commit` would record: `mig check --staged`, the pre-commit hook) or at a commit. Its files
// are written into a temporary folder and loaded from there exactly like a work tree, so every
// command's logic applies unchanged; the folder goes away with the snapshot.
//
// What is written: mig.toml and the migrations folder, plus the model files for [model]
// paths (patterns are matched as glob(3) would; absolute ones keep reading the work tree), or
// the whole tree for [model] command, which may import anything. A mig.toml that git does
// not have yet is taken from the work tree. The snapshot's database URL is the live
// project's, and it shares the live project's replayed-schema cache.
//
// The revision files are not written: they are read by blob id through a cache
// (StagedRevisions), unless the versions folder holds a symbolic link.
class ProjectSnapshot {
public:
    // InputError when the project is not in a git repository.
    static ProjectSnapshot staged(const Project& live);

    Project& project() { return *m_project; }

    // The index's versions/ folder; nullopt when it lies outside the work tree.
    const std::optional<StagedVersions>& versions() const { return m_versions; }

private:
    ProjectSnapshot(util::TempDir folder, std::unique_ptr<Project> project);
    util::TempDir m_folder;
    std::unique_ptr<Project> m_project;
    std::optional<StagedVersions> m_versions;
};

// The revisions a commit holds in the project's versions/ folder (the same folder, relative
// to the work tree, as the live project's), parsed, for comparing branches (`mig check
// --against REF`). Missing folder: no revisions.
struct RevisionsAtCommit {
    std::string commit;  // full id
    std::vector<script::RevisionScript> scripts;
};
RevisionsAtCommit revisions_at_commit(const Project& live, const std::string& ref);

// The commit from which both HEAD and `commit` descend (git merge-base), if any.
std::optional<std::string> merge_base_with_head(const Project& live, const std::string& commit);

}  // namespace mig::workflow
