#pragma once

#include "graph/revision_graph.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::graph {

// TARGET syntax (contract): `head`, `heads`, `base`, a revision id or unique prefix,
// `+N`, `-N`, `REV+N`, `REV-N` (REV may itself be `head`, `base` or a prefix).
//
// Resolves a target to the set of revisions it names. An empty result means `base`.
//   head      the single head; MultipleHeadsError naming them when there are several
//   heads     every head
//   base      {}
//   id/prefix that revision; ResolutionError listing candidates when ambiguous, or the
//             closest ids when unknown
//   +N        N steps forward from `current` (the database's heads; empty = base)
//   -N        N steps back from `current`
//   REV+N     N steps forward from REV; REV-N: N steps back from REV
// Stepping forward needs a single child at each step and stepping back a single parent,
// except that the last step back may land on several parents (the parents of a merge);
// otherwise a ResolutionError names the fork and suggests an explicit revision. Stepping
// past a head or below base is a ResolutionError saying how many steps there are.
// Relative targets with several current heads are ambiguous: ResolutionError suggesting REV+N.
std::vector<RevisionGraph::Index> resolve_target(const RevisionGraph& graph,
                                                 std::string_view target,
                                                 const std::vector<RevisionGraph::Index>& current);

// A relative TARGET split into its parts: `+N`, `-N`, `REV+N`, `REV-N`.
struct RelativeTarget {
    std::string_view anchor;  // empty: relative to the database's current heads
    bool forward = true;      // `+`
    std::size_t steps = 0;
};

// The parts of a relative target; nullopt for any other spec. ResolutionError when N does
// not fit in a size_t.
std::optional<RelativeTarget> parse_relative_target(std::string_view target);

// Resolves a target that must name exactly one revision (for `show`, `--head`, `merge`).
// `base` and `heads` with several heads are errors.
RevisionGraph::Index resolve_single(const RevisionGraph& graph, std::string_view target,
                                    const std::vector<RevisionGraph::Index>& current);

// Looks up an id or unique prefix only (no keywords, no arithmetic).
RevisionGraph::Index resolve_id(const RevisionGraph& graph, std::string_view id_or_prefix);

}  // namespace mig::graph
