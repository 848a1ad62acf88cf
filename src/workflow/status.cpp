#include "workflow/status.hpp"

#include "autogen/compare.hpp"
#include "db/sqlite_introspect.hpp"
#include "graph/errors.hpp"
#include "graph/plan.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "workflow/difference_lines.hpp"
#include "workflow/hooks.hpp"
#include "workflow/model.hpp"
#include "workflow/schemas.hpp"

#include <spdlog/spdlog.h>

#include <sstream>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

using Index = graph::RevisionGraph::Index;

RevisionSummary summary(const graph::Revision& revision) {
    return {revision.id, revision.message};
}

void read_database(Project& project, StatusReport& report) {
    auto database = project.open_database(db::OpenMode::read_only);
    const std::vector<std::string> heads = database->current_heads();
    report.database_exists = !project.is_sqlite() || fs::exists(project.database_url().sqlite_path);
    const std::vector<db::HistoryEntry> history =
        heads.empty() ? std::vector<db::HistoryEntry>{} : database->history();
    const graph::RevisionGraph& graph = project.scripts().graph();
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
    const graph::Plan pending = graph::plan_upgrade(graph, heads, graph.heads());
    for (const graph::PlanStep& step : pending.steps) {
        report.pending.push_back(summary(graph.at(step.revision)));
    }
    report.changed = runtime::find_changed_revisions(project.scripts(), heads, history);
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

// The differences between the two schemas, kept in `.mig/cache/model-drift` under the keys of
// both: introspecting and comparing two large schemas is most of what status would cost, and
// between commits neither changes.
std::vector<std::string> cached_differences(const Project& project,
                                            const runtime::ReplayedSchema& head,
                                            const LoadedModel& model) {
    const fs::path file = project.cache_dir() / "model-drift";
    const std::string header = "mig-model-drift 1 " + head.key + " " + model.key + "\n";
    const bool cacheable = !head.key.empty() && !model.key.empty();
    if (cacheable) {
        std::optional<std::string> cached;
        try {
            cached = util::read_file_if_exists(file);
        } catch (const Error&) {
            cached.reset();  // unreadable: compute
        }
        if (cached && cached->starts_with(header) && cached->back() == '\n') {
            std::vector<std::string> lines;
            std::istringstream text(cached->substr(header.size()));
            for (std::string line; std::getline(text, line);) {
                lines.push_back(std::move(line));
            }
            return lines;
        }
    }
    std::vector<std::string> differences;
    const schema::Catalog current = db::introspect(*head.database);
    const schema::Catalog desired = db::introspect(*model.database);
    for (const auto& operation : autogen::compare(current, desired).upgrade) {
        for (auto& line : difference_lines(operation, {"migrations", "model"})) {
            differences.push_back(std::move(line));
        }
    }
    if (cacheable) {
        std::string content = header;
        for (const std::string& line : differences) {
            content += line + "\n";
        }
        try {
            util::write_file_atomically(file, content, std::nullopt, util::Durability::cache);
        } catch (const std::exception& failure) {
            spdlog::debug("cannot write {}: {}", file.string(), failure.what());  // only slower
        }
    }
    return differences;
}

ModelDrift model_drift(Project& project) {
    ModelDrift drift;
    const graph::RevisionGraph& graph = project.scripts().graph();
    if (graph.heads().size() > 1) {
        drift.why_unknown = "the migrations have several heads; run `mig check`";
        return drift;
    }
    if (project.config().model_command) {
        drift.why_unknown = "the model is a command, which status does not run; run `mig check`";
        return drift;
    }
    runtime::ReplayedSchema head = cached_head_schema(project);
    if (!head.database) {
        drift.why_unknown = "the migrations' head schema is not cached yet; run `mig check`";
        return drift;
    }
    try {
        const LoadedModel model = load_model(project);
        drift.differences = cached_differences(project, head, model);
    } catch (const Error& failure) {
        drift.why_unknown = std::string(failure.what()) + "; run `mig check`";
        return drift;
    }
    drift.state = drift.differences.empty() ? ModelDrift::State::none : ModelDrift::State::differs;
    return drift;
}

}  // namespace

StatusReport status(Project& project) {
    project.scripts();  // a broken graph is bad input (exit 2), before anything else
    StatusReport report;
    report.database = project.database_url().redacted();
    for (Index head : project.scripts().graph().heads()) {
        report.code_heads.push_back(summary(project.scripts().graph().at(head)));
    }
    read_database(project, report);
    read_git(project, report);
    report.drift = model_drift(project);
    return report;
}

}  // namespace mig::workflow
