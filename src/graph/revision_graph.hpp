#pragma once

#include "graph/revision.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mig::graph {

// A problem that makes a set of revisions unusable as a graph.
struct GraphProblem {
    enum class Kind { duplicate_id, missing_parent, cycle };
    Kind kind;
    std::string message;  // one line naming the revisions and their files
};

// The revision graph: revisions chained by parent ids into a DAG, with heads, bases,
// branch points and merge points. Immutable once built; all queries are pure.
//
// Indices are positions in `revisions()`, which keeps the input order.
class RevisionGraph {
public:
    using Index = std::size_t;

    // Every problem in the input, in a deterministic order (sorted by file path, then id).
    static std::vector<GraphProblem> find_problems(const std::vector<Revision>& revisions);

    // Builds the graph; throws GraphError (exit 2) naming the first problem found.
    static RevisionGraph build(std::vector<Revision> revisions);

    const std::vector<Revision>& revisions() const { return m_revisions; }
    std::size_t size() const { return m_revisions.size(); }
    bool empty() const { return m_revisions.empty(); }

    const Revision& at(Index index) const { return m_revisions[index]; }
    std::optional<Index> find(std::string_view id) const;  // exact id
    const Revision& get(std::string_view id) const;        // exact id; throws if unknown

    const std::vector<Index>& parents_of(Index index) const { return m_parents[index]; }
    const std::vector<Index>& children_of(Index index) const { return m_children[index]; }

    // Revisions without children / without parents, in input order.
    const std::vector<Index>& heads() const { return m_heads; }
    const std::vector<Index>& bases() const { return m_bases; }
    bool is_head(Index index) const { return m_children[index].empty(); }
    bool is_base(Index index) const { return m_parents[index].empty(); }
    bool is_branch_point(Index index) const { return m_children[index].size() > 1; }
    bool is_merge_point(Index index) const { return m_parents[index].size() > 1; }

    // Parents before children. Ties are broken so that the order is deterministic and each
    // branch is walked as far as possible before the next one starts (DFS post-order from the
    // heads, visiting parents in the order the script lists them). Iterative: no recursion,
    // so a 100,000-long chain is fine.
    const std::vector<Index>& topological_order() const { return m_topological; }

    // Every ancestor of `starts` (the starts included when `inclusive`). Iterative.
    std::vector<bool> ancestors(const std::vector<Index>& starts, bool inclusive = true) const;
    // Every descendant of `starts` (the starts included when `inclusive`). Iterative.
    std::vector<bool> descendants(const std::vector<Index>& starts, bool inclusive = true) const;

    // All revision ids (for suggestions), in input order.
    std::vector<std::string> ids() const;

private:
    std::vector<Revision> m_revisions;
    std::unordered_map<std::string, Index> m_by_id;
    std::vector<std::vector<Index>> m_parents;
    std::vector<std::vector<Index>> m_children;
    std::vector<Index> m_heads;
    std::vector<Index> m_bases;
    std::vector<Index> m_topological;
};

}  // namespace mig::graph
