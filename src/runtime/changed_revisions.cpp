#include "runtime/changed_revisions.hpp"

#include "graph/plan.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"

#include <unordered_map>

namespace mig::runtime {

namespace {

// How many hex digits of a checksum a message shows: enough to tell two apart.
constexpr std::size_t k_short_sha = 12;

std::string short_sha(const std::string& sha) {
    return sha.size() > k_short_sha ? sha.substr(0, k_short_sha) + "..." : sha;
}

// The latest row that recorded each revision's bytes as applied. A later downgrade row
// means the bytes of the next upgrade count, so only upgrade and stamp rows are kept.
std::unordered_map<std::string, const dialect::HistoryRecord*> applied_records(
    const std::vector<db::HistoryEntry>& history) {
    std::unordered_map<std::string, const dialect::HistoryRecord*> latest;
    for (const auto& entry : history) {  // oldest first: later rows win
        const dialect::HistoryRecord& record = entry.record;
        if (!record.revision.empty() &&
            (record.direction == "upgrade" || record.direction == "stamp")) {
            latest[record.revision] = &record;
        }
    }
    return latest;
}

}  // namespace

std::vector<ChangedRevision> find_changed_revisions(const script::ScriptDirectory& scripts,
                                                    const std::vector<std::string>& current_heads,
                                                    const std::vector<db::HistoryEntry>& history) {
    std::vector<ChangedRevision> changed;
    if (history.empty()) {
        return changed;
    }
    const graph::RevisionGraph& graph = scripts.graph();
    const std::vector<bool> applied = graph.ancestors(graph::current_indices(graph, current_heads));
    const auto records = applied_records(history);
    for (graph::RevisionGraph::Index index : graph.topological_order()) {
        const graph::Revision& revision = graph.at(index);
        if (!applied[index] || revision.path.empty()) {
            continue;  // not applied, or known only from mig_history: no file to compare
        }
        auto found = records.find(revision.id);
        if (found == records.end() || found->second->sha256.empty()) {
            continue;
        }
        std::string now = scripts.checksum(index);
        if (now != found->second->sha256) {
            changed.push_back(ChangedRevision{revision.id, revision.path, found->second->applied_at,
                                              found->second->sha256, std::move(now)});
        }
    }
    return changed;
}

std::string describe_changed_revision(const ChangedRevision& changed,
                                      const std::filesystem::path& display_base) {
    return "revision " + changed.id + " (" + util::display_path(changed.file, display_base) +
           ") was changed after it was applied on " + changed.applied_at + " (sha256 " +
           short_sha(changed.recorded_sha256) + " -> " + short_sha(changed.current_sha256) +
           "); databases that already ran it will not run the change; write a new revision "
           "instead";
}

}  // namespace mig::runtime
