#include "workflow/status.hpp"

#include "graph/errors.hpp"
#include "graph/plan.hpp"
#include "util/error.hpp"
#include "workflow/hooks.hpp"
#include "workflow/schema_engine.hpp"
#include "workflow/version_tables.hpp"

#include <algorithm>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

using Index = graph::RevisionGraph::Index;

RevisionSummary summary(const graph::Revision& revision) {
    return {revision.id, revision.message};
}

// Whether the database's revisions are exactly the code's heads: then nothing is pending.
bool at_code_heads(const graph::RevisionGraph& graph, const std::vector<std::string>& heads) {
    std::vector<std::string> code;
    for (Index head : graph.heads()) {
        code.push_back(graph.at(head).id);
    }
    std::vector<std::string> database = heads;
    std::sort(code.begin(), code.end());
    std::sort(database.begin(), database.end());
    return code == database;
}

void read_database(Project& project, StatusReport& report) {
    const VersionTables tables = read_version_tables(project);
    const std::vector<std::string>& heads = tables.heads;
    const std::optional<fs::path> file = project.database_url().database_file();
    report.database_exists = !file || fs::exists(*file);
    const std::vector<db::HistoryEntry>& history = tables.history;
    const graph::RevisionGraph& graph = project.graph();
    report.current = applied_from(project.git(), heads, history);
    for (const AppliedFrom& from : report.current) {
        if (!graph.find(from.revision)) {
            report.unknown_revisions.push_back(from.revision);
        }
        if (!from.in_head_history) {
            report.applied_elsewhere.push_back(describe_applied_elsewhere(from, history, graph));
        }
    }
    if (!report.unknown_revisions.empty()) {
        return;  // nothing can be planned from a revision the graph lacks
    }
    if (!at_code_heads(graph, heads)) {  // the usual case needs no plan
        const graph::Plan pending = graph::plan_upgrade(graph, heads, graph.heads());
        for (const graph::PlanStep& step : pending.steps) {
            report.pending.push_back(summary(graph.at(step.revision)));
        }
    }
    report.changed = runtime::find_changed_revisions(project.script_headers(), heads, history);
}

void read_git(Project& project, StatusReport& report) {
    const vcs::GitRepository* repository = project.git();
    report.in_git = repository != nullptr;
    if (repository == nullptr) {
        return;
    }
    report.head = repository->head();
    report.hooks = hooks_summary(hooks_status(project));
    for (const vcs::UncommittedFile& file :
         repository->uncommitted_files(project.config().migrations_dir / "versions")) {
        if (file.path.extension() == ".sql") {
            report.uncommitted.push_back({project.display(file.path), file.state});
        }
    }
}

ModelDrift model_drift(Project& project) {
    ModelDrift drift;
    const graph::RevisionGraph& graph = project.graph();
    if (graph.heads().size() > 1) {
        drift.why_unknown = "the migrations have several heads; run `mig check`";
        return drift;
    }
    if (project.config().model_command) {
        drift.why_unknown = "the model is a command, which status does not run; run `mig check`";
        return drift;
    }
    try {
        CachedDifferences cached = make_schema_engine(project)->cached_model_differences(project);
        if (!cached.lines) {
            drift.why_unknown = std::move(cached.why_unknown);
            return drift;
        }
        drift.differences = std::move(*cached.lines);
    } catch (const Error& failure) {
        drift.why_unknown = std::string(failure.what()) + "; run `mig check`";
        return drift;
    }
    drift.state = drift.differences.empty() ? ModelDrift::State::none : ModelDrift::State::differs;
    return drift;
}

}  // namespace

StatusReport status(Project& project) {
    // A broken graph is bad input (exit 2), before anything else. Headers only: status runs
    // no SQL, and the checksums it compares come with them.
    const graph::RevisionGraph& graph = project.graph();
    StatusReport report;
    report.database = project.database_url().redacted();
    for (Index head : graph.heads()) {
        report.code_heads.push_back(summary(graph.at(head)));
    }
    read_database(project, report);
    read_git(project, report);
    report.drift = model_drift(project);
    return report;
}

}  // namespace mig::workflow
