#pragma once

#include "workflow/project.hpp"

#include <string>
#include <vector>

namespace mig::workflow {

struct StampResult {
    std::vector<std::string> heads_before;
    std::vector<std::string> heads_after;
};

struct StampOptions {
    std::string target;
    bool purge = false;  // --purge: replace every head, not only those on TARGET's line
};

// `mig stamp TARGET [--purge]`: sets mig_version without running any script, under the
// migration lock. TARGET replaces the database's heads on its own line (its ancestors and
// descendants, as in Alembic); heads on other branches stay unless `purge`
// (graph::stamp_heads). Records a `stamp` row in mig_history for each new head (or one row
// with no revision when no head is added). Works even when the database is at a revision
// this checkout does not know, since stamping is how such a database is repaired.
StampResult stamp(Project& project, const StampOptions& options);

}  // namespace mig::workflow
