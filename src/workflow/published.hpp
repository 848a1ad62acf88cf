#pragma once

#include "vcs/repository.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// A git ref whose revisions count as published: others may have run them, so they are
// immutable (`mig check --staged`, the pre-commit hook).
struct PublishedRef {
    std::string name;    // as the user knows it: "origin/main"
    std::string commit;  // its commit, full id
};

// Where revisions are published, first match first:
// - the checked-out branch's upstream (`git push` sends there);
// - `[hooks] published` when `configured` (InputError naming `config_file` when git does not
//   know that ref: a typo must not switch the protection off);
// - neither: origin/main when it exists; else nothing is published.
// The upstream and the configured ref are both used when both exist (a revision pushed to
// either is out of your hands); the same commit is listed once.
std::vector<PublishedRef> published_refs(const vcs::Repository& repository,
                                         const std::optional<std::string>& configured,
                                         const std::string& config_file);

// A staged change to a revision file that HEAD has (the index against HEAD's tree).
struct StagedRevisionChange {
    enum class Kind { edited, deleted };
    Kind kind;
    std::string name;       // the file's name in versions/
    std::string head_blob;  // its blob at HEAD
};

// The revision files (`*.sql`) of HEAD's `versions` folder (relative to the work tree root)
// that the staged index `staged` (its files of that folder, sorted by name as folder_files
// gives them) changes or lacks. Adding files is not a change. Reads one folder of HEAD's tree;
// nothing when HEAD has no commit.
std::vector<StagedRevisionChange> staged_revision_changes(
    const vcs::Repository& repository, const std::string& versions,
    const std::vector<vcs::FolderFile>& staged);

// A staged change to a published revision: the problem `mig check --staged` reports.
struct PublishedRevisionChange {
    enum class Kind { edited, deleted, renamed };
    Kind kind = Kind::edited;
    std::string name;          // the published file's name in versions/
    std::string revision;      // its revision id ("" when its header cannot be read)
    std::string new_name;      // renamed: the staged file holding the same revision id
    bool also_edited = false;  // renamed: and its bytes changed too
    PublishedRef ref;          // where it is published (the first of the refs that has it)
};

// Of `changes`, those to files that are published: the file is in the versions folder of a
// ref's commit, or of the merge base of HEAD and that commit (a file published once stays
// published when the ref later deletes it). A deleted file whose revision id a staged file
// carries under another name (`staged_file_of(id)`: that file's name, or nullopt) is a rename.
std::vector<PublishedRevisionChange> published_changes(
    const vcs::Repository& repository, const std::string& versions,
    const std::vector<vcs::FolderFile>& staged, const std::vector<StagedRevisionChange>& changes,
    const std::vector<PublishedRef>& refs,
    const std::function<std::optional<std::string>(const std::string& revision)>& staged_file_of);

}  // namespace mig::workflow
