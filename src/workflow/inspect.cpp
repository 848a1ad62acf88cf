#include "workflow/inspect.hpp"

#include "graph/plan.hpp"
#include "graph/target.hpp"
#include "util/error.hpp"

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
    return graph::resolve_target(graph, spec, graph.heads());
}

}  // namespace

std::vector<std::string> current_revisions(Project& project) {
    return project.open_database(db::OpenMode::read_only)->current_heads();
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
        auto lower = resolve_end(project, range->substr(0, colon));
        auto upper = resolve_end(project, range->substr(colon + 1));
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
