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

// Revert exactly the applied revisions marked in `reverted` (indexed like the graph), children
// before parents, as plan_downgrade does. Every applied descendant of a marked revision must be
// marked too (`mig sync` marks the revisions a checkout does not know, whose descendants it
// cannot know either); unmarked and unapplied revisions are left alone.
Plan plan_revert(const RevisionGraph& graph, const std::vector<std::string>& current_heads,
                 const std::vector<bool>& reverted);

// Refuses (ResolutionError, exit 2) a relative TARGET that does not move the database in the
// command's direction, so that `mig upgrade -1` is never a silent "nothing to do". Call
// require_relative_sign before resolving (so that `upgrade -1` at base says "backwards", not
// "nothing below base"), then require_direction with what resolve_target returned.
//   +N / -N     the sign must match the command (upgrade +N, downgrade -N) and N be 1 or more;
//               resolve_target checks that N steps exist
//   REV+N/REV-N upgrade: the revision named must not be below the database (already applied
//               and not one of its heads); downgrade: it must be applied
// Any other target passes: `upgrade head` at head is simply nothing to do. `targets` is what
// resolve_target returned for `target` (empty = base).
void require_relative_sign(Direction direction, std::string_view target);
void require_direction(const RevisionGraph& graph, Direction direction, std::string_view target,
                       const std::vector<std::string>& current_heads,
                       const std::vector<RevisionGraph::Index>& targets);

// Refuses (ResolutionError, exit 2) an offline range FROM:TO that goes the other way: for
// `upgrade --sql FROM:TO` no revision of TO may lie below FROM (applied from FROM and not one of
// its heads; `head:base` is backwards), for `downgrade --sql FROM:TO` every revision of TO must
// be applied from FROM (`base:head` is forwards). The hint names the command that prints it.
// `from_heads` is FROM resolved as version rows, `targets` is TO resolved from them (empty =
// base).
void require_range_direction(const RevisionGraph& graph, Direction direction,
                             std::string_view range, const std::vector<std::string>& from_heads,
                             const std::vector<RevisionGraph::Index>& targets);

// Which version rows `mig stamp` replaces.
enum class StampScope {
    line,  // only the heads on the target's own line (its ancestors and descendants)
    all,   // every head (`--purge`)
};

// The version rows after `mig stamp` (Alembic's semantics): the targets replace the current
// heads that are ancestors or descendants of a target; heads on other branches stay, unless
// `scope` is all. Stamping base (no targets) clears every row. A current head this graph does
// not know cannot be placed on a line, so it is replaced (stamp is how such a database is
// repaired). Sorted.
std::vector<std::string> stamp_heads(const RevisionGraph& graph,
                                     const std::vector<std::string>& current_heads,
                                     const std::vector<RevisionGraph::Index>& targets,
                                     StampScope scope);

// The heads of an applied set given by its heads (normalises: drops ids that are
// ancestors of other ids). Used by stamp.
std::vector<std::string> normalise_heads(const RevisionGraph& graph,
                                         const std::vector<RevisionGraph::Index>& revisions);

}  // namespace mig::graph
