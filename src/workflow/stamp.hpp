#pragma once

#include "workflow/project.hpp"

#include <string>
#include <vector>

namespace mig::workflow {

struct StampResult {
    std::vector<std::string> heads_before;
    std::vector<std::string> heads_after;
};

// `mig stamp TARGET`: sets mig_version to TARGET without running any script, under the
// migration lock, recording a `stamp` row in mig_history for each new head (or one row with
// no revision for base). Works even when the database is at a revision this checkout does
// not know, since stamping is how such a database is repaired.
StampResult stamp(Project& project, const std::string& target);

}  // namespace mig::workflow
