#pragma once

#include "dialect/dialect.hpp"
#include "graph/plan.hpp"
#include "workflow/project.hpp"
#include "workflow/sync_data_loss.hpp"

#include <cstddef>
#include <vector>

namespace mig::workflow {

// The statements of the first `down_steps` steps of `plan` (its downgrades) that would drop
// data in the project's live database: find_data_loss on each downgrade as `dialect` splits
// it, with the rows counted through a read-only connection of its own. SQLite only so far
// (another database has no row counter yet, and gets none).
std::vector<DataLoss> find_plan_data_loss(Project& project, const dialect::Dialect& dialect,
                                          const graph::Plan& plan, std::size_t down_steps);

}  // namespace mig::workflow
