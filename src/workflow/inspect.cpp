#include "workflow/inspect.hpp"

#include "graph/errors.hpp"
#include "graph/plan.hpp"
#include "graph/target.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace mig::workflow {

namespace {

using Index = graph::RevisionGraph::Index;

RevisionInfo describe(Project& project, Index index) {
    const graph::RevisionGraph& graph = project.graph();
    RevisionInfo info;
    info.revision = &graph.at(index);
    for (Index child : graph.children_of(index)) {
        info.children.push_back(graph.at(child).id);
    }
    info.is_head = graph.is_head(index);
    info.is_base = graph.is_base(index);
    info.is_branch_point = graph.is_branch_point(index);
    info.is_merge_point = graph.is_merge_point(index);
    info.file = project.display(info.revision->path);
    return info;
}

// One end of a history range as a set of revisions; nullopt for an open end.
std::optional<std::vector<Index>> resolve_end(Project& project, const std::string& spec) {
    if (spec.empty()) {
        return std::nullopt;
    }
    const graph::RevisionGraph& graph = project.graph();
    if (spec == "current") {
        return graph::current_indices(graph, current_revisions(project));
    }
    // In a range, `-N` and `+N` count from the head (there is no database to count from).
    const auto relative = graph::parse_relative_target(spec);
    if (relative && relative->anchor.empty() && graph.heads().size() > 1) {
        std::vector<std::string> heads;
        for (Index head : graph.heads()) {
            heads.push_back(graph.at(head).id);
        }
        throw graph::ResolutionError(
            "history range end " + spec + " counts from the head, but the graph has " +
                std::to_string(heads.size()) + " heads (" + util::join(heads, ", ") + ")",
            heads, "name the head to count from, e.g. -r " + heads.front() + spec + ":");
    }
    return graph::resolve_target(graph, spec, graph.heads());
}

std::string describe_end(const graph::RevisionGraph& graph, const std::string& spec,
                         const std::vector<Index>& resolved) {
    std::vector<std::string> ids;
    ids.reserve(resolved.size());
    for (Index index : resolved) {
        ids.push_back(graph.at(index).id);
    }
    const std::string named = ids.empty() ? std::string("base") : util::join(ids, ", ");
    return named == spec ? spec : spec + " (" + named + ")";
}

// FROM:TO lists the revisions between FROM and TO, so each FROM must be TO or below it; a
// range that names nothing is a mistake, not an empty history.
void require_ordered(const graph::RevisionGraph& graph, const std::string& range,
                     const std::string& lower_spec, const std::vector<Index>& lower,
                     const std::string& upper_spec, const std::vector<Index>& upper) {
    const std::vector<bool> below_upper = graph.ancestors(upper);
    for (Index from : lower) {
        if (below_upper[from]) {
            continue;
        }
        const std::vector<bool> below_from = graph.ancestors({from});
        const bool reversed =
            upper.empty() ||
            std::any_of(upper.begin(), upper.end(), [&](Index to) { return below_from[to]; });
        std::string message = "history range " + range;
        message += " names no revision: ";
        message += describe_end(graph, lower_spec, {from});
        message += " is not an ancestor of ";
        message += describe_end(graph, upper_spec, upper);
        std::string hint;
        if (reversed) {
            hint = "FROM comes first and is the older end: did you mean -r ";
            hint += upper_spec;
            hint += ":";
            hint += lower_spec;
            hint += "?";
        } else {
            hint = "they are on different branches; run `mig history` to list every revision";
        }
        throw InputError(message, hint);
    }
}

}  // namespace

std::vector<std::string> current_revisions(Project& project) {
    return project.open_database(db::OpenMode::read_only)->current_heads();
}

CurrentResult current(Project& project) {
    CurrentResult result;
    result.database = project.database_url().redacted();
    const std::unique_ptr<db::Database> database = project.open_database(db::OpenMode::read_only);
    for (std::string& id : database->current_heads()) {
        result.revisions.push_back(CurrentRevision{std::move(id), {}, {}, {}, false});
    }
    if (result.revisions.empty()) {
        return result;
    }
    // The latest row that moved the database to each revision (a downgrade row records the
    // revision it left, not one it reached), read per head: the whole history, downgrade SQL
    // included, would cost a long-lived database more than everything else `current` does.
    for (CurrentRevision& revision : result.revisions) {
        if (const std::optional<db::HistoryEntry> entry = database->arrival(revision.id)) {
            revision.message = entry->record.message;
            revision.applied_at = entry->record.applied_at;
            revision.git_commit = entry->record.git_commit;
            revision.dirty = entry->record.dirty;
        }
    }
    return result;
}

std::vector<RevisionInfo> heads(Project& project) {
    std::vector<RevisionInfo> out;
    for (Index head : project.graph().heads()) {
        out.push_back(describe(project, head));
    }
    return out;
}

std::vector<RevisionInfo> history(Project& project, const std::optional<std::string>& range) {
    const graph::RevisionGraph& graph = project.graph();
    std::vector<bool> selected(graph.size(), true);
    if (range) {
        auto colon = range->find(':');
        if (colon == std::string::npos) {
            throw InputError("history range '" + *range + "' has no ':'",
                             "use -r FROM:TO, e.g. -r base:head, -r 3f2a:, or -r :current");
        }
        const std::string lower_spec = range->substr(0, colon);
        const std::string upper_spec = range->substr(colon + 1);
        auto lower = resolve_end(project, lower_spec);
        auto upper = resolve_end(project, upper_spec);
        if (lower && upper) {
            require_ordered(graph, *range, lower_spec, *lower, upper_spec, *upper);
        }
        if (lower) {
            // `base` as the lower end resolves to nothing: that means everything.
            if (!lower->empty()) {
                selected = graph.descendants(*lower, true);
            }
        }
        if (upper) {
            std::vector<bool> below = graph.ancestors(*upper, true);
            for (Index i = 0; i < graph.size(); ++i) {
                selected[i] = selected[i] && below[i];
            }
        }
    }
    std::vector<RevisionInfo> out;
    const auto& order = graph.topological_order();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        if (selected[*it]) {
            out.push_back(describe(project, *it));
        }
    }
    return out;
}

ShowResult show(Project& project, const std::string& target) {
    const script::ScriptDirectory& scripts = project.scripts();
    Index index = graph::resolve_single(scripts.graph(), target, scripts.graph().heads());
    return ShowResult{describe(project, index), scripts.script(index)};
}

std::vector<BranchInfo> branches(Project& project) {
    const graph::RevisionGraph& graph = project.graph();
    std::vector<BranchInfo> out;
    for (Index index : graph.topological_order()) {
        if (!graph.is_branch_point(index)) {
            continue;
        }
        BranchInfo branch{describe(project, index), {}};
        for (Index child : graph.children_of(index)) {
            branch.children.push_back(describe(project, child));
        }
        out.push_back(std::move(branch));
    }
    return out;
}

}  // namespace mig::workflow
