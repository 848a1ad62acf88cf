#pragma once

// Tiny literal graphs for the graph tests: revisions from {id, parents} pairs, no files.

#include "graph/revision_graph.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace mig::graph::test {

using Index = RevisionGraph::Index;
using Ids = std::vector<std::string>;

struct Node {
    std::string id;
    Ids parents;
};

// Each revision gets a script path whose file name differs from its id ("a" lives in
// "a_step.sql"), so that tests can tell which of the two a message shows.
inline std::vector<Revision> revisions_of(std::initializer_list<Node> nodes) {
    std::vector<Revision> revisions;
    for (const auto& node : nodes) {
        revisions.push_back(
            {node.id, node.parents, "", "", "migrations/versions/" + node.id + "_step.sql"});
    }
    return revisions;
}

inline RevisionGraph graph_of(std::initializer_list<Node> nodes) {
    return RevisionGraph::build(revisions_of(nodes));
}

// A chain r0 <- r1 <- ... of `length` revisions, listed newest first when `newest_first`.
enum class Listing { oldest_first, newest_first };
inline std::vector<Revision> chain_of(std::size_t length, Listing listing) {
    std::vector<Revision> revisions(length);
    for (std::size_t i = 0; i < length; ++i) {
        Revision& revision = revisions[listing == Listing::oldest_first ? i : length - 1 - i];
        revision.id = "r" + std::to_string(i);
        if (i > 0) {
            revision.parents = {"r" + std::to_string(i - 1)};
        }
    }
    return revisions;
}

inline Index index_of(const RevisionGraph& graph, const std::string& id) {
    auto index = graph.find(id);
    if (!index) {
        throw std::logic_error("test graph has no revision " + id);
    }
    return *index;
}

inline std::vector<Index> indices_of(const RevisionGraph& graph, const Ids& ids) {
    std::vector<Index> indices;
    for (const auto& id : ids) {
        indices.push_back(index_of(graph, id));
    }
    return indices;
}

inline Ids ids_of(const RevisionGraph& graph, const std::vector<Index>& indices) {
    Ids ids;
    for (Index index : indices) {
        ids.push_back(graph.at(index).id);
    }
    return ids;
}

// The ids of the marked revisions, in input order.
inline Ids marked_ids(const RevisionGraph& graph, const std::vector<bool>& marks) {
    Ids ids;
    for (Index index = 0; index < marks.size(); ++index) {
        if (marks[index]) {
            ids.push_back(graph.at(index).id);
        }
    }
    return ids;
}

// Runs `action`, which must throw `Error`, and returns the error for inspection.
template <typename Error, typename Action>
Error thrown_by(Action&& action) {
    try {
        action();
    } catch (const Error& error) {
        return error;
    }
    ADD_FAILURE() << "expected an exception";
    throw std::logic_error("expected an exception");
}

}  // namespace mig::graph::test
