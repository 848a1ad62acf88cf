#include "graph/plan.hpp"

#include "graph/errors.hpp"
#include "graph/target.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace mig::graph {

namespace {

using Index = RevisionGraph::Index;

// The rows of mig_version while a plan is being built, step by step.
class VersionRows {
public:
    explicit VersionRows(const std::vector<std::string>& rows) : m_rows(rows.begin(), rows.end()) {}

    bool contains(const std::string& id) const { return m_rows.contains(id); }

    // Records the change in `step` as well as applying it.
    void remove(const std::string& id, PlanStep& step) {
        if (m_rows.erase(id) > 0) {
            step.heads_removed.push_back(id);
        }
    }
    void add(const std::string& id, PlanStep& step) {
        if (m_rows.insert(id).second) {
            step.heads_added.push_back(id);
        }
    }

    std::vector<std::string> sorted() const { return {m_rows.begin(), m_rows.end()}; }

private:
    std::set<std::string> m_rows;
};

std::vector<std::string> sorted_copy(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// Applying `revision` replaces those of its parents that are version rows. A parent that
// is not a row is already covered by another applied child, and stays covered.
PlanStep upgrade_step(const RevisionGraph& graph, Index revision, VersionRows& rows) {
    PlanStep step{Direction::up, revision, {}, {}};
    for (Index parent : graph.parents_of(revision)) {
        rows.remove(graph.at(parent).id, step);
    }
    rows.add(graph.at(revision).id, step);
    return step;
}

bool has_applied_child(const RevisionGraph& graph, Index revision,
                       const std::vector<bool>& applied) {
    const auto& children = graph.children_of(revision);
    return std::any_of(children.begin(), children.end(), [&](Index c) { return applied[c]; });
}

// Reverting `revision` (whose applied children are already reverted) makes each parent a
// version row again, unless another applied child still covers it.
PlanStep downgrade_step(const RevisionGraph& graph, Index revision, std::vector<bool>& applied,
                        VersionRows& rows) {
    PlanStep step{Direction::down, revision, {}, {}};
    applied[revision] = false;
    rows.remove(graph.at(revision).id, step);
    for (Index parent : graph.parents_of(revision)) {
        if (!has_applied_child(graph, parent, applied)) {
            rows.add(graph.at(parent).id, step);
        }
    }
    return step;
}

std::string describe_heads(const std::vector<std::string>& heads) {
    return heads.empty() ? std::string("base") : util::join(sorted_copy(heads), ", ");
}

void require_applied(const RevisionGraph& graph, const std::vector<std::string>& current_heads,
                     const std::vector<Index>& targets, const std::vector<bool>& applied) {
    for (Index target : targets) {
        if (applied[target]) {
            continue;
        }
        const std::string& id = graph.at(target).id;
        throw ResolutionError("revision " + id + " is not applied; the database is at " +
                                  describe_heads(current_heads),
                              sorted_copy(current_heads), "to apply it, use mig upgrade " + id);
    }
}

std::string_view verb(Direction direction) {
    return direction == Direction::up ? "upgrade" : "downgrade";
}

// `upgrade -2` / `downgrade +2` / `upgrade +0`.
void require_database_relative(Direction direction, std::string_view target,
                               const RelativeTarget& relative) {
    const std::string command(verb(direction));
    if (relative.steps == 0) {
        throw ResolutionError(
            command + " " + std::string(target) + " moves nothing; give a count of 1 or more", {});
    }
    const bool forward = direction == Direction::up;
    if (relative.forward == forward) {
        return;
    }
    const std::string count = std::to_string(relative.steps);
    const std::string noun = relative.steps == 1 ? " revision" : " revisions";
    const std::string opposite = forward ? "downgrade -" : "upgrade +";
    throw ResolutionError(command + " " + std::string(target) + " goes " +
                              (forward ? "backwards" : "forwards") + "; to " +
                              (forward ? "revert " : "apply ") + count + noun + ", use mig " +
                              opposite + count,
                          {});
}

std::string describe_targets(const RevisionGraph& graph, const std::vector<Index>& targets) {
    std::vector<std::string> ids;
    ids.reserve(targets.size());
    for (Index target : targets) {
        ids.push_back(graph.at(target).id);
    }
    return ids.empty() ? std::string("base") : util::join(ids, ", ");
}

}  // namespace

void require_relative_sign(Direction direction, std::string_view target) {
    const std::optional<RelativeTarget> relative = parse_relative_target(target);
    if (relative && relative->anchor.empty()) {
        require_database_relative(direction, target, *relative);
    }
}

void require_direction(const RevisionGraph& graph, Direction direction, std::string_view target,
                       const std::vector<std::string>& current_heads,
                       const std::vector<Index>& targets) {
    const std::optional<RelativeTarget> relative = parse_relative_target(target);
    if (!relative) {
        return;
    }
    if (relative->anchor.empty()) {
        require_database_relative(direction, target, *relative);
        return;
    }
    const std::vector<Index> current = current_indices(graph, current_heads);
    const std::vector<bool> applied = graph.ancestors(current);
    const std::string named = std::string(target) + " is " + describe_targets(graph, targets);
    const std::string where = "the database is at " + describe_heads(current_heads);
    const std::string command = std::string(verb(direction)) + " " + std::string(target);
    if (direction == Direction::up) {
        auto below = [&](Index t) {
            return applied[t] && std::find(current.begin(), current.end(), t) == current.end();
        };
        const bool backwards =
            targets.empty() ? !current.empty() : std::any_of(targets.begin(), targets.end(), below);
        if (backwards) {
            throw ResolutionError(command + " goes backwards: " + named +
                                      ", which is below the database (" + where + ")",
                                  sorted_copy(current_heads),
                                  "to go back to it, use mig downgrade " + std::string(target));
        }
        return;
    }
    for (Index t : targets) {
        if (!applied[t]) {
            std::string message = command;
            message += " goes forwards: ";
            message += named;
            message += ", which is not applied (";
            message += where;
            message += ")";
            throw ResolutionError(message, sorted_copy(current_heads),
                                  "to apply it, use mig upgrade " + std::string(target));
        }
    }
}

void require_range_direction(const RevisionGraph& graph, Direction direction,
                             std::string_view range, const std::vector<std::string>& from_heads,
                             const std::vector<Index>& targets) {
    const std::vector<Index> from = current_indices(graph, from_heads);
    const std::vector<bool> below_from = graph.ancestors(from);
    const auto is_from = [&](Index t) {
        return std::find(from.begin(), from.end(), t) != from.end();
    };
    bool wrong_way = false;
    if (direction == Direction::up) {
        wrong_way = targets.empty() ? !from.empty()
                                    : std::any_of(targets.begin(), targets.end(), [&](Index t) {
                                          return below_from[t] && !is_from(t);
                                      });
    } else {
        wrong_way =
            std::any_of(targets.begin(), targets.end(), [&](Index t) { return !below_from[t]; });
    }
    if (!wrong_way) {
        return;
    }
    const std::string command = std::string(verb(direction)) + " --sql " + std::string(range);
    const std::string other = direction == Direction::up ? "downgrade" : "upgrade";
    throw ResolutionError(
        command + " goes " + (direction == Direction::up ? "backwards" : "forwards") + ": " +
            describe_targets(graph, targets) + " is " +
            (direction == Direction::up ? "below " : "not below ") + describe_heads(from_heads),
        {}, "to print that, use mig " + other + " --sql " + std::string(range));
}

std::vector<std::string> stamp_heads(const RevisionGraph& graph,
                                     const std::vector<std::string>& current_heads,
                                     const std::vector<Index>& targets, StampScope scope) {
    std::vector<std::string> after;
    if (targets.empty()) {
        return after;  // base: no revision is applied, on any line
    }
    if (scope == StampScope::line) {
        const std::vector<bool> below = graph.ancestors(targets);
        const std::vector<bool> above = graph.descendants(targets);
        for (const std::string& id : current_heads) {
            const std::optional<Index> head = graph.find(id);
            if (head && !below[*head] && !above[*head]) {
                after.push_back(id);  // another branch: what it says was applied still is
            }
        }
    }
    // A kept head is neither above nor below any target, so only the targets themselves can
    // cover one another (they never do for `heads`, nor for the parents of a merge).
    for (const std::string& id : normalise_heads(graph, targets)) {
        after.push_back(id);
    }
    return sorted_copy(std::move(after));
}

std::vector<Index> current_indices(const RevisionGraph& graph,
                                   const std::vector<std::string>& current_heads) {
    std::vector<Index> indices;
    std::vector<std::string> unknown;
    for (const auto& id : current_heads) {
        if (auto index = graph.find(id)) {
            indices.push_back(*index);
        } else {
            unknown.push_back(id);
        }
    }
    if (!unknown.empty()) {
        const bool one = unknown.size() == 1;
        std::string message = std::string("the database is at ") +
                              (one ? "revision " : "revisions ") + util::quoted_list(unknown) +
                              (one ? ", which is" : ", which are") + " not in migrations/versions";
        throw ResolutionError(message, std::move(unknown),
                              one ? "check out the code that has it, or revert it with `mig "
                                    "downgrade` (mig kept its downgrade SQL)"
                                  : "check out the code that has them, or revert them with `mig "
                                    "downgrade` (mig kept their downgrade SQL)");
    }
    return indices;
}

Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current_heads,
                  const std::vector<Index>& targets) {
    const std::vector<bool> applied = graph.ancestors(current_indices(graph, current_heads));
    const std::vector<bool> wanted = graph.ancestors(targets);
    VersionRows rows(current_heads);
    Plan plan;
    plan.heads_before = rows.sorted();
    for (Index revision : graph.topological_order()) {
        if (wanted[revision] && !applied[revision]) {
            plan.steps.push_back(upgrade_step(graph, revision, rows));
        }
    }
    plan.heads_after = rows.sorted();
    return plan;
}

Plan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current_heads,
                    const std::vector<Index>& targets) {
    std::vector<bool> applied = graph.ancestors(current_indices(graph, current_heads));
    require_applied(graph, current_heads, targets, applied);
    // Base (no targets) reverts everything applied.
    const std::vector<bool> reverted =
        targets.empty() ? applied : graph.descendants(targets, /*inclusive=*/false);
    return plan_revert(graph, current_heads, reverted);
}

Plan plan_revert(const RevisionGraph& graph, const std::vector<std::string>& current_heads,
                 const std::vector<bool>& reverted) {
    std::vector<bool> applied = graph.ancestors(current_indices(graph, current_heads));
    VersionRows rows(current_heads);
    Plan plan;
    plan.heads_before = rows.sorted();
    const auto& order = graph.topological_order();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        if (applied[*it] && reverted[*it]) {
            plan.steps.push_back(downgrade_step(graph, *it, applied, rows));
        }
    }
    plan.heads_after = rows.sorted();
    return plan;
}

std::vector<std::string> normalise_heads(const RevisionGraph& graph,
                                         const std::vector<Index>& revisions) {
    const std::vector<bool> below_another = graph.ancestors(revisions, /*inclusive=*/false);
    std::vector<std::string> heads;
    for (Index revision : revisions) {
        if (!below_another[revision]) {
            heads.push_back(graph.at(revision).id);
        }
    }
    return sorted_copy(std::move(heads));
}

}  // namespace mig::graph
