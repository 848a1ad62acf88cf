#pragma once

#include "graph/plan.hpp"
#include "graph/revision_graph.hpp"

#include <string>
#include <vector>

namespace mig::workflow {

// What `mig sync` runs: first the downgrades of every applied revision the checkout does not
// know (children first, down to the newest applied revisions it does know, or base), then the
// upgrades to the checkout's head(s). One plan, so the runner, the printer and the dry run
// see the same steps; the down steps come first.
struct SyncPlan {
    graph::Plan plan;
    std::size_t down_steps = 0;        // plan.steps[0, down_steps) revert, the rest apply
    std::vector<std::string> unknown;  // the reverted revisions, in the order they are reverted
};

// `graph`: the checkout's revisions plus those the database is at that it lacks, rebuilt from
// mig_history (Project::add_recorded_revisions). `checkout_heads`: the heads of the
// checkout's own graph, taken before the recorded revisions were added. The checkout knows
// exactly the ancestors of its heads (a revision file's parents are all in the checkout, and
// a recorded revision is never the parent of one), so that set alone tells known from
// unknown. Pure.
SyncPlan plan_sync(const graph::RevisionGraph& graph,
                   const std::vector<std::string>& database_heads,
                   const std::vector<std::string>& checkout_heads);

}  // namespace mig::workflow
