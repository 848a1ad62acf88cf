#pragma once

#include "db/database.hpp"
#include "graph/plan.hpp"
#include "workflow/project.hpp"
#include "workflow/sync_data_loss.hpp"

#include <cstddef>
#include <vector>

namespace mig::workflow {

// The statements of the first `down_steps` steps of `plan` (its downgrades) that would drop
// data in the project's live database: find_data_loss on each downgrade as the database's
// dialect splits it, with the rows counted by the database itself (Database::count_rows),
// before anything runs.
std::vector<DataLoss> find_plan_data_loss(Project& project, db::Database& database,
                                          const graph::Plan& plan, std::size_t down_steps);

}  // namespace mig::workflow
