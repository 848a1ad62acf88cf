#pragma once

// The index `git commit` records (internal to the vcs layer; defined in git_published.cpp).

#include "vcs/git_handle.hpp"
#include "vcs/libgit2.hpp"

namespace mig::vcs::detail {

// `git commit -a`, `git commit PATHS` and `--include` stage into a temporary index and name it
// in GIT_INDEX_FILE for the hooks (libgit2 does not read that variable), so a pre-commit check
// must read that one; otherwise the repository's own index. A relative path is relative to the
// current folder, as git reads it. FailedError when the index cannot be read.
GitHandle<git_index> staged_index(git_repository* repository);

}  // namespace mig::vcs::detail
