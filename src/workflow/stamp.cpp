#include "workflow/stamp.hpp"

#include "graph/plan.hpp"
#include "graph/target.hpp"
#include "util/clock.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace mig::workflow {

namespace {

using Index = graph::RevisionGraph::Index;

std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
    std::vector<std::string> out;
    std::copy_if(a.begin(), a.end(), std::back_inserter(out), [&](const std::string& id) {
        return std::find(b.begin(), b.end(), id) == b.end();
    });
    return out;
}

// The database's heads that this checkout knows, as indices (relative targets count from them).
std::vector<Index> known_heads(const graph::RevisionGraph& graph,
                               const std::vector<std::string>& heads) {
    std::vector<Index> out;
    for (const std::string& id : heads) {
        if (auto index = graph.find(id)) {
            out.push_back(*index);
        }
    }
    return out;
}

dialect::HistoryRecord stamp_record(const script::ScriptDirectory& scripts,
                                    std::optional<Index> index,
                                    const runtime::RunContext& context) {
    dialect::HistoryRecord record;
    record.direction = "stamp";
    record.applied_at = util::utc_timestamp();
    record.git_commit = context.git_commit;
    record.dirty = context.dirty;
    if (index) {
        const graph::Revision& revision = scripts.graph().at(*index);
        const script::RevisionScript& script = scripts.script(*index);
        record.revision = revision.id;
        record.parents = revision.parents;
        record.message = revision.message;
        record.sha256 = script.sha256.empty() ? util::sha256_hex(script.content) : script.sha256;
        record.downgrade_sql = runtime::recorded_downgrade_sql(script);  // as upgrade does
    }
    return record;
}

}  // namespace

StampResult stamp(Project& project, const StampOptions& options) {
    const script::ScriptDirectory& scripts = project.scripts();
    const graph::RevisionGraph& graph = scripts.graph();
    // Read-only until there is something to write, so that a stamp which fails or changes
    // nothing never leaves an empty database file behind.
    auto lock = project.lock_database();
    auto reader = project.open_database(db::OpenMode::read_only);

    StampResult result;
    result.heads_before = reader->current_heads();
    std::vector<Index> targets =
        graph::resolve_target(graph, options.target, known_heads(graph, result.heads_before));
    result.heads_after =
        graph::stamp_heads(graph, result.heads_before, targets,
                           options.purge ? graph::StampScope::all : graph::StampScope::line);

    std::vector<std::string> removed = minus(result.heads_before, result.heads_after);
    std::vector<std::string> added = minus(result.heads_after, result.heads_before);
    if (removed.empty() && added.empty()) {
        return result;
    }
    runtime::RunContext context = project.run_context();
    std::vector<dialect::HistoryRecord> records;
    records.reserve(added.size() + 1);
    for (const std::string& id : added) {
        records.push_back(stamp_record(scripts, graph.find(id), context));
    }
    if (added.empty()) {
        records.push_back(stamp_record(scripts, std::nullopt, context));
    }
    project.open_database(db::OpenMode::read_write)->stamp(removed, added, records);
    return result;
}

}  // namespace mig::workflow
