#include "graph/revision_graph.hpp"

#include "graph/errors.hpp"
#include "util/spelling.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

namespace mig::graph {

namespace {

using Index = RevisionGraph::Index;
using IdMap = std::unordered_map<std::string, Index>;
using Adjacency = std::vector<std::vector<Index>>;

// How a revision is named in messages: its file when it has one.
std::string label(const Revision& revision) {
    return revision.path.empty() ? revision.id
                                 : std::filesystem::path(revision.path).filename().string();
}

// The first revision with each id: later duplicates are reported, not indexed.
IdMap index_by_id(const std::vector<Revision>& revisions) {
    IdMap by_id;
    for (Index i = 0; i < revisions.size(); ++i) {
        by_id.try_emplace(revisions[i].id, i);
    }
    return by_id;
}

// Parent indices per revision; parents that do not exist are left out.
Adjacency resolve_parents(const std::vector<Revision>& revisions, const IdMap& by_id) {
    Adjacency parents(revisions.size());
    for (Index i = 0; i < revisions.size(); ++i) {
        for (const auto& parent_id : revisions[i].parents) {
            if (auto found = by_id.find(parent_id); found != by_id.end()) {
                parents[i].push_back(found->second);
            }
        }
    }
    return parents;
}

// A problem and the revision it is sorted by.
struct LocatedProblem {
    GraphProblem problem;
    std::string path;
    std::string id;
};

LocatedProblem located(GraphProblem::Kind kind, std::string message, const Revision& revision) {
    return {{kind, std::move(message)}, revision.path, revision.id};
}

bool sorts_before(const Revision& a, const Revision& b) {
    return std::tie(a.path, a.id) < std::tie(b.path, b.id);
}

void find_duplicates(const std::vector<Revision>& revisions, std::vector<LocatedProblem>& out) {
    std::unordered_map<std::string, std::vector<Index>> by_id;
    std::vector<std::string> ids_in_order;
    for (Index i = 0; i < revisions.size(); ++i) {
        auto& same = by_id[revisions[i].id];
        if (same.empty()) {
            ids_in_order.push_back(revisions[i].id);
        }
        same.push_back(i);
    }
    for (const auto& id : ids_in_order) {
        auto same = by_id[id];
        if (same.size() < 2) {
            continue;
        }
        std::sort(same.begin(), same.end(),
                  [&](Index a, Index b) { return sorts_before(revisions[a], revisions[b]); });
        std::vector<std::string> files;
        for (Index i : same) {
            files.push_back(label(revisions[i]));
        }
        out.push_back(located(GraphProblem::Kind::duplicate_id,
                              "duplicate revision id " + id + " in " + util::quoted_list(files),
                              revisions[same.front()]));
    }
}

std::string did_you_mean(const std::vector<std::string>& suggestions) {
    if (suggestions.empty()) {
        return {};
    }
    return "; did you mean " + util::join(suggestions, " or ") + "?";
}

void find_missing_parents(const std::vector<Revision>& revisions, const IdMap& by_id,
                          std::vector<LocatedProblem>& out) {
    std::vector<std::string> all_ids;
    all_ids.reserve(revisions.size());
    for (const auto& revision : revisions) {
        all_ids.push_back(revision.id);
    }
    for (const auto& revision : revisions) {
        for (const auto& parent_id : revision.parents) {
            if (by_id.contains(parent_id)) {
                continue;
            }
            // A revision is never its own parent's likely spelling.
            std::vector<std::string> suggestions = util::closest_matches(parent_id, all_ids, 4);
            std::erase(suggestions, revision.id);
            suggestions.resize(std::min<std::size_t>(suggestions.size(), 3));
            std::string message = label(revision) + ": parent " + parent_id + " of revision " +
                                  revision.id + " does not exist" + did_you_mean(suggestions);
            out.push_back(
                located(GraphProblem::Kind::missing_parent, std::move(message), revision));
        }
    }
}

// Rotates a cycle to start at the revision that sorts first, so that the message does not
// depend on where the search happened to enter it.
void rotate_to_first(const std::vector<Revision>& revisions, std::vector<Index>& cycle) {
    auto first = std::min_element(cycle.begin(), cycle.end(), [&](Index a, Index b) {
        return sorts_before(revisions[a], revisions[b]);
    });
    std::rotate(cycle.begin(), first, cycle.end());
}

// `cycle` lists each revision's child next (parent -> child order).
std::string describe_cycle(const std::vector<Revision>& revisions,
                           const std::vector<Index>& cycle) {
    if (cycle.size() == 1) {
        const Revision& revision = revisions[cycle.front()];
        return label(revision) + ": revision " + revision.id + " names itself as its parent";
    }
    std::string chain;
    std::vector<std::string> files;
    for (Index i : cycle) {
        chain += revisions[i].id + " -> ";
        files.push_back(label(revisions[i]));
    }
    chain += revisions[cycle.front()].id;
    return "revisions form a cycle: " + chain + " (" + util::join(files, ", ") + ")";
}

// Depth-first search along parent links with an explicit stack; every edge back to a
// revision still on the stack closes one cycle.
void find_cycles(const std::vector<Revision>& revisions, const Adjacency& parents,
                 std::vector<LocatedProblem>& out) {
    enum class Mark : unsigned char { unvisited, on_stack, done };
    std::vector<Mark> marks(revisions.size(), Mark::unvisited);
    struct Frame {
        Index revision;
        std::size_t next_parent;
    };
    std::vector<Frame> stack;
    for (Index root = 0; root < revisions.size(); ++root) {
        if (marks[root] != Mark::unvisited) {
            continue;
        }
        marks[root] = Mark::on_stack;
        stack.push_back({root, 0});
        while (!stack.empty()) {
            Frame& frame = stack.back();
            if (frame.next_parent == parents[frame.revision].size()) {
                marks[frame.revision] = Mark::done;
                stack.pop_back();
                continue;
            }
            Index parent = parents[frame.revision][frame.next_parent++];
            if (marks[parent] == Mark::unvisited) {
                marks[parent] = Mark::on_stack;
                stack.push_back({parent, 0});
            } else if (marks[parent] == Mark::on_stack) {
                // Each frame's revision is a parent of the one below it, and `parent` is a
                // parent of the top: read from the top down, the frames go parent -> child.
                std::vector<Index> cycle;
                for (auto it = stack.rbegin(); it->revision != parent; ++it) {
                    cycle.push_back(it->revision);
                }
                cycle.push_back(parent);
                rotate_to_first(revisions, cycle);
                out.push_back(located(GraphProblem::Kind::cycle, describe_cycle(revisions, cycle),
                                      revisions[cycle.front()]));
            }
        }
    }
}

std::string hint_for(GraphProblem::Kind kind) {
    switch (kind) {
        case GraphProblem::Kind::duplicate_id:
            return "give one of them a new id in its -- mig:revision line and file name";
        case GraphProblem::Kind::missing_parent:
            return "restore the missing revision or fix the -- mig:parents line";
        case GraphProblem::Kind::cycle:
            return "fix the -- mig:parents lines so that no revision descends from itself";
    }
    return {};
}

// Post-order of a depth-first walk along parent links, starting from `roots` in order:
// each revision comes after all of its parents.
std::vector<Index> parents_first_order(const Adjacency& parents, const std::vector<Index>& roots) {
    std::vector<Index> order;
    order.reserve(parents.size());
    std::vector<bool> seen(parents.size(), false);
    struct Frame {
        Index revision;
        std::size_t next_parent;
    };
    std::vector<Frame> stack;
    for (Index root : roots) {
        if (seen[root]) {
            continue;
        }
        seen[root] = true;
        stack.push_back({root, 0});
        while (!stack.empty()) {
            Frame& frame = stack.back();
            if (frame.next_parent == parents[frame.revision].size()) {
                order.push_back(frame.revision);
                stack.pop_back();
                continue;
            }
            Index parent = parents[frame.revision][frame.next_parent++];
            if (!seen[parent]) {
                seen[parent] = true;
                stack.push_back({parent, 0});
            }
        }
    }
    return order;
}

// Marks everything reachable from `starts` along `edges`, without recursion.
std::vector<bool> reachable(const Adjacency& edges, const std::vector<Index>& starts,
                            bool inclusive) {
    std::vector<bool> marks(edges.size(), false);
    std::vector<Index> pending;
    for (Index start : starts) {
        if (inclusive) {
            if (!marks[start]) {
                marks[start] = true;
                pending.push_back(start);
            }
        } else {
            pending.push_back(start);
        }
    }
    while (!pending.empty()) {
        Index current = pending.back();
        pending.pop_back();
        for (Index next : edges[current]) {
            if (!marks[next]) {
                marks[next] = true;
                pending.push_back(next);
            }
        }
    }
    return marks;
}

}  // namespace

std::vector<GraphProblem> RevisionGraph::find_problems(const std::vector<Revision>& revisions) {
    const IdMap by_id = index_by_id(revisions);
    std::vector<LocatedProblem> located_problems;
    find_duplicates(revisions, located_problems);
    find_missing_parents(revisions, by_id, located_problems);
    find_cycles(revisions, resolve_parents(revisions, by_id), located_problems);

    // Stable: problems of one revision keep the order they were found in.
    std::stable_sort(located_problems.begin(), located_problems.end(),
                     [](const LocatedProblem& a, const LocatedProblem& b) {
                         return std::tie(a.path, a.id) < std::tie(b.path, b.id);
                     });
    std::vector<GraphProblem> problems;
    problems.reserve(located_problems.size());
    for (auto& entry : located_problems) {
        problems.push_back(std::move(entry.problem));
    }
    return problems;
}

namespace {

// Every edge goes from an earlier to a later position: proves `order` is topological, which
// fails exactly when the graph has a cycle (or the order missed revisions).
bool is_parents_first(const Adjacency& parents, const std::vector<Index>& order) {
    if (order.size() != parents.size()) {
        return false;
    }
    std::vector<std::size_t> position(parents.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        position[order[i]] = i;
    }
    for (Index child = 0; child < parents.size(); ++child) {
        for (Index parent : parents[child]) {
            if (position[parent] >= position[child]) {
                return false;
            }
        }
    }
    return true;
}

std::size_t parent_references(const std::vector<Revision>& revisions) {
    std::size_t count = 0;
    for (const auto& revision : revisions) {
        count += revision.parents.size();
    }
    return count;
}

}  // namespace

RevisionGraph RevisionGraph::build(std::vector<Revision> revisions) {
    // The sound case is the common one: build directly and verify it cheaply; the full
    // problem search (which names every problem well) runs only when something is wrong.
    RevisionGraph graph;
    graph.m_revisions = std::move(revisions);
    graph.m_by_id = index_by_id(graph.m_revisions);
    graph.m_parents = resolve_parents(graph.m_revisions, graph.m_by_id);
    graph.m_children.resize(graph.size());
    std::size_t resolved = 0;
    for (Index i = 0; i < graph.size(); ++i) {
        resolved += graph.m_parents[i].size();
        for (Index parent : graph.m_parents[i]) {
            graph.m_children[parent].push_back(i);
        }
    }
    for (Index i = 0; i < graph.size(); ++i) {
        if (graph.is_head(i)) {
            graph.m_heads.push_back(i);
        }
        if (graph.is_base(i)) {
            graph.m_bases.push_back(i);
        }
    }
    graph.m_topological = parents_first_order(graph.m_parents, graph.m_heads);
    const bool sound = graph.m_by_id.size() == graph.size() &&
                       resolved == parent_references(graph.m_revisions) &&
                       is_parents_first(graph.m_parents, graph.m_topological);
    if (!sound) {
        auto problems = find_problems(graph.m_revisions);
        if (problems.empty()) {
            throw GraphError("the revision graph is inconsistent",
                             "run `mig history` to inspect it");
        }
        throw GraphError(problems.front().message, hint_for(problems.front().kind));
    }
    return graph;
}

std::optional<RevisionGraph::Index> RevisionGraph::find(std::string_view id) const {
    if (auto found = m_by_id.find(std::string(id)); found != m_by_id.end()) {
        return found->second;
    }
    return std::nullopt;
}

const Revision& RevisionGraph::get(std::string_view id) const {
    if (auto index = find(id)) {
        return m_revisions[*index];
    }
    auto suggestions = util::closest_matches(id, ids());
    std::string message = "unknown revision " + std::string(id) + did_you_mean(suggestions);
    throw ResolutionError(message, std::move(suggestions));
}

std::vector<bool> RevisionGraph::ancestors(const std::vector<Index>& starts, bool inclusive) const {
    return reachable(m_parents, starts, inclusive);
}

std::vector<bool> RevisionGraph::descendants(const std::vector<Index>& starts,
                                             bool inclusive) const {
    return reachable(m_children, starts, inclusive);
}

std::vector<std::string> RevisionGraph::ids() const {
    std::vector<std::string> out;
    out.reserve(m_revisions.size());
    for (const auto& revision : m_revisions) {
        out.push_back(revision.id);
    }
    return out;
}

}  // namespace mig::graph
