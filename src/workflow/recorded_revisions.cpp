#include "workflow/recorded_revisions.hpp"

#include "runtime/runner.hpp"
#include "util/error.hpp"

#include <map>
#include <set>

namespace mig::workflow {

namespace {

// The newest row that applied (or stamped) each revision: its parents and downgrade SQL are
// what the database actually holds.
std::map<std::string, const dialect::HistoryRecord*> latest_application(
    const std::vector<db::HistoryEntry>& history) {
    std::map<std::string, const dialect::HistoryRecord*> latest;
    for (const auto& entry : history) {
        const auto& record = entry.record;
        if (!record.revision.empty() &&
            (record.direction == "upgrade" || record.direction == "stamp")) {
            latest[record.revision] = &record;
        }
    }
    return latest;
}

script::RevisionScript from_record(const dialect::HistoryRecord& record) {
    script::RevisionScript script;
    script.revision.id = record.revision;
    script.revision.parents = record.parents;
    script.revision.message = record.message;
    script.downgrade.sql = record.downgrade_sql.value_or("");
    script.transactional = !runtime::recorded_without_transaction(script.downgrade.sql);
    script.downgrade.first_line = 1;
    script.upgrade.first_line = 1;
    script.sha256 = record.sha256.empty() ? "unknown" : record.sha256;
    return script;
}

}  // namespace

std::vector<script::RevisionScript> recorded_revisions(
    const graph::RevisionGraph& graph, const std::vector<std::string>& current_heads,
    const std::vector<db::HistoryEntry>& history) {
    auto latest = latest_application(history);
    std::vector<script::RevisionScript> recorded;
    std::set<std::string> seen;
    std::vector<std::string> pending(current_heads.begin(), current_heads.end());
    while (!pending.empty()) {
        std::string id = pending.back();
        pending.pop_back();
        if (graph.find(id) || !seen.insert(id).second) {
            continue;
        }
        auto found = latest.find(id);
        if (found == latest.end()) {
            throw InputError(
                "the database is at revision " + id +
                    ", which is neither in migrations/versions nor recorded in mig_history",
                "check out the code that has it, or set the version with `mig stamp REV`");
        }
        recorded.push_back(from_record(*found->second));
        for (const auto& parent : found->second->parents) {
            pending.push_back(parent);
        }
    }
    return recorded;
}

}  // namespace mig::workflow
