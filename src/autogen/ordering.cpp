#include "autogen/compare_detail.hpp"
#include "schema/identifier.hpp"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <queue>

namespace mig::autogen::detail {

namespace {

// Edges referenced -> referencing between members of `nodes` (sorted folded names).
std::vector<std::vector<std::size_t>> reference_edges(
    const std::map<std::string, schema::Table>& tables, const std::vector<std::string>& nodes) {
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        position.emplace(nodes[i], i);
    }
    std::vector<std::vector<std::size_t>> edges(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        auto table = tables.find(nodes[i]);
        if (table == tables.end()) {
            continue;
        }
        for (const schema::ForeignKey& key : table->second.foreign_keys) {
            auto referenced = position.find(schema::fold_identifier(key.referenced_table));
            if (referenced != position.end() && referenced->second != i) {
                edges[referenced->second].push_back(i);
            }
        }
    }
    return edges;
}

}  // namespace

std::vector<std::string> dependency_order(const std::map<std::string, schema::Table>& tables,
                                          const std::vector<std::string>& subset) {
    std::vector<std::string> nodes;
    nodes.reserve(subset.size());
    for (const std::string& name : subset) {
        nodes.push_back(schema::fold_identifier(name));
    }
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    auto edges = reference_edges(tables, nodes);

    std::vector<std::size_t> in_degree(nodes.size(), 0);
    for (const auto& targets : edges) {
        for (std::size_t target : targets) {
            ++in_degree[target];
        }
    }
    // Node indexes follow name order, so the smallest ready index is the tie-break by name.
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (in_degree[i] == 0) {
            ready.push(i);
        }
    }
    std::vector<bool> emitted(nodes.size(), false);
    std::vector<std::string> order;
    std::size_t next_unemitted = 0;
    while (order.size() < nodes.size()) {
        if (ready.empty()) {
            // Only cycles (and what depends on them) remain: SQLite does not check foreign
            // keys during a migration, so take the first remaining table by name.
            while (emitted[next_unemitted]) {
                ++next_unemitted;
            }
            ready.push(next_unemitted);
        }
        std::size_t node = ready.top();
        ready.pop();
        if (emitted[node]) {
            continue;
        }
        emitted[node] = true;
        order.push_back(nodes[node]);
        for (std::size_t target : edges[node]) {
            if (--in_degree[target] == 0 && !emitted[target]) {
                ready.push(target);
            }
        }
    }
    return order;
}

}  // namespace mig::autogen::detail
