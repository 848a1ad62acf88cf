#pragma once

#include "graph/revision_graph.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mig::graph {

enum class Direction { up, down };

// One revision to apply or revert, and how the version table changes when it commits.
struct PlanStep {
    Direction direction;
    RevisionGraph::Index revision;
    std::vector<std::string> heads_removed;  // rows to delete from mig_version
    std::vector<std::string> heads_added;    // rows to insert into mig_version
};

struct Plan {
    std::vector<PlanStep> steps;
    std::vector<std::string> heads_before;  // the database's heads when planning
    std::vector<std::string> heads_after;   // the heads once every step has run
};

// The database's version rows as graph indices. Ids the graph does not know throw a
// ResolutionError naming them (the database is ahead of this checkout).
std::vector<RevisionGraph::Index> current_indices(const RevisionGraph& graph,
                                                  const std::vector<std::string>& current_heads);

// Upgrade: apply every ancestor-or-self of the targets that is not applied yet, parents
// before children (in RevisionGraph::topological_order). Applied = ancestors-or-self of
// `current_heads`. An empty plan means nothing to do.
Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current_heads,
                  const std::vector<RevisionGraph::Index>& targets);

// Downgrade: revert every applied strict descendant of the targets (every applied
// revision for base = empty targets), children before parents. A target that is not
// applied is a ResolutionError ("not applied; the database is at ...").
Plan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current_heads,
                    const std::vector<RevisionGraph::Index>& targets);

// The heads of an applied set given by its heads (normalises: drops ids that are
// ancestors of other ids). Used by stamp.
std::vector<std::string> normalise_heads(const RevisionGraph& graph,
                                         const std::vector<RevisionGraph::Index>& revisions);

}  // namespace mig::graph
