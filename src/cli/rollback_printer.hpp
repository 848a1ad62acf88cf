#pragma once

#include "cli/printers.hpp"
#include "workflow/rollback.hpp"

namespace mig::cli {

// `mig rollback --dry-run`: the revisions to revert (with their destructive steps), the
// commit the code goes to and every commit that leaves the branch.
void print_rollback_plan(const Output& output, const workflow::RollbackResult& result);

// After `mig rollback`: where the database and the code are now, and the command that undoes
// the rollback.
void print_rollback_summary(const Output& output, const workflow::RollbackResult& result);

}  // namespace mig::cli
