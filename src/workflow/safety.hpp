#pragma once

#include "workflow/project.hpp"

namespace mig::workflow {

// Refuses (RefusedError, exit 3) when a revision script under versions/ is untracked,
// modified, staged but not committed, or deleted in the git work tree: a database must never
// be upgraded from migrations that no commit records. Outside git there is nothing to check.
void require_committed_migrations(const Project& project);

}  // namespace mig::workflow
