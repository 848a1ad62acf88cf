#include "workflow/sync_plan.hpp"

namespace mig::workflow {

SyncPlan plan_sync(const graph::RevisionGraph& graph,
                   const std::vector<std::string>& database_heads,
                   const std::vector<std::string>& checkout_heads) {
    const std::vector<graph::RevisionGraph::Index> wanted_heads =
        graph::current_indices(graph, checkout_heads);
    const std::vector<bool> applied =
        graph.ancestors(graph::current_indices(graph, database_heads));
    const std::vector<bool> known = graph.ancestors(wanted_heads);
    std::vector<bool> reverted(graph.size(), false);
    for (std::size_t index = 0; index < graph.size(); ++index) {
        reverted[index] = applied[index] && !known[index];
    }
    SyncPlan sync;
    graph::Plan down = graph::plan_revert(graph, database_heads, reverted);
    graph::Plan up = graph::plan_upgrade(graph, down.heads_after, wanted_heads);
    sync.down_steps = down.steps.size();
    for (const graph::PlanStep& step : down.steps) {
        sync.unknown.push_back(graph.at(step.revision).id);
    }
    sync.plan.heads_before = std::move(down.heads_before);
    sync.plan.heads_after = std::move(up.heads_after);
    sync.plan.steps = std::move(down.steps);
    sync.plan.steps.insert(sync.plan.steps.end(), up.steps.begin(), up.steps.end());
    return sync;
}

}  // namespace mig::workflow
