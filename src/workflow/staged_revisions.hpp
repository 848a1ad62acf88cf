#pragma once

#include "script/revision_source.hpp"
#include "vcs/repository.hpp"

#include <deque>
#include <filesystem>
#include <string>
#include <vector>

namespace mig::workflow {

// The revision files of the git index's versions/ folder, read by blob id (`mig check
// --staged`, the pre-commit hook). A blob id names its bytes for ever, so their contents and
// SHA-256 are kept in one cache file, `blobs.cache` in the live project's `.mig/cache/`: a warm
// run reads that file and no blob from git, and writes no file (the old way exported every
// revision to a temporary folder and read it back, 1,000 writes and reads per commit).
// Blobs the cache lacks are read from git and the cache is rewritten with exactly the blobs of
// this run. Only an accelerator: a missing, unreadable or corrupt cache means reading git.
class StagedRevisions final : public script::RevisionSource {
public:
    // `files`: the index's entries of versions/ (Repository::folder_files); only `*.sql` ones
    // are revisions. Symbolic links must have been left out (their blob is a path).
    StagedRevisions(const vcs::Repository& repository, const std::vector<vcs::FolderFile>& files,
                    std::filesystem::path cache_dir);

    std::vector<std::string> names() const override;
    void visit_all(const std::vector<std::string>& names,
                   const std::function<void(std::size_t, std::string_view, std::string_view)>&
                       visit) const override;

    // The blob id of a revision file (by name), or "" when the index has no such file.
    const std::string& blob_of(const std::string& name) const;

private:
    const vcs::Repository& m_repository;
    std::vector<vcs::FolderFile> m_files;  // the *.sql ones, sorted by name
    std::filesystem::path m_cache_dir;
};

// True for a revision file's name: `*.sql`, not hidden (as ScriptDirectory lists versions/).
bool is_revision_file_name(const std::string& name);

}  // namespace mig::workflow
