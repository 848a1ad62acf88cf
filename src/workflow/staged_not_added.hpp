#pragma once

#include "workflow/project.hpp"
#include "workflow/snapshot.hpp"

#include <string>
#include <vector>

namespace mig::workflow {

// A revision file of the work tree's versions/ that `git commit` would not record as it is:
// written but never `git add`ed, or changed since it was.
struct NotAddedRevision {
    std::string name;             // in versions/
    std::string repository_path;  // relative to the work tree root: what `git add` takes there
    std::string state;            // "untracked", "ignored" (git add -f) or "modified"
};

// The revision files (`*.sql`) of `live`'s versions/ whose work tree bytes differ from what
// the snapshot's index holds for them, or which it lacks. Reads git's status of that folder.
std::vector<NotAddedRevision> not_added_revisions(const Project& live,
                                                  const StagedVersions& staged);

// True when the staged revisions plus `files` as the work tree has them would have a single
// head whose schema is the snapshot's model: staging them is the whole fix for a staged
// model change. False when they do not, or cannot be read.
bool adding_matches_model(const Project& live, Project& snapshot, const StagedVersions& staged,
                          const std::vector<NotAddedRevision>& files);

// `git add PATH...` (`git add -f` when one is ignored), each path shell-quoted when needed.
std::string git_add_command(const std::vector<NotAddedRevision>& files);

}  // namespace mig::workflow
