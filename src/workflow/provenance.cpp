#include "workflow/provenance.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace mig::workflow {

namespace {

// The latest row that put `revision` into the database (an upgrade or a stamp).
const db::HistoryEntry* applying_row(const std::vector<db::HistoryEntry>& history,
                                     const std::string& revision) {
    for (auto row = history.rbegin(); row != history.rend(); ++row) {
        if (row->record.revision == revision && row->record.direction != "downgrade") {
            return &*row;
        }
    }
    return nullptr;
}

// The newest ancestor of `revision` (by the parents mig_history recorded) that the checkout
// knows, or "base" when none is.
std::string known_ancestor(const std::string& revision,
                           const std::vector<db::HistoryEntry>& history,
                           const graph::RevisionGraph& checkout) {
    std::vector<std::string> todo{revision};
    std::vector<std::string> seen;
    while (!todo.empty()) {
        std::string id = todo.front();
        todo.erase(todo.begin());
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) {
            continue;
        }
        seen.push_back(id);
        if (id != revision && checkout.find(id)) {
            return id;
        }
        if (const db::HistoryEntry* row = applying_row(history, id)) {
            todo.insert(todo.end(), row->record.parents.begin(), row->record.parents.end());
        }
    }
    return "base";
}

}  // namespace

std::vector<AppliedFrom> applied_from(const vcs::Repository* repository,
                                      const std::vector<std::string>& heads,
                                      const std::vector<db::HistoryEntry>& history) {
    std::optional<std::string> head;
    if (repository != nullptr) {
        head = repository->head().commit;
    }
    std::vector<AppliedFrom> result;
    for (const std::string& revision : heads) {
        AppliedFrom from;
        from.revision = revision;
        if (const db::HistoryEntry* row = applying_row(history, revision)) {
            from.message = row->record.message;
            from.applied_at = row->record.applied_at;
            from.commit = row->record.git_commit;
            from.dirty = row->record.dirty;
        }
        if (repository != nullptr && head && from.commit) {
            try {
                from.commit_info = repository->commit(*from.commit);
                from.in_head_history = repository->is_ancestor(*from.commit, *head);
                from.branches = repository->branches_containing(*from.commit);
            } catch (const Error&) {
                from.in_head_history = false;  // a commit this repository does not have
            }
        }
        result.push_back(std::move(from));
    }
    return result;
}

std::string describe_applied_elsewhere(const AppliedFrom& from,
                                       const std::vector<db::HistoryEntry>& history,
                                       const graph::RevisionGraph& checkout) {
    std::string origin;
    if (from.commit_info) {
        origin = "commit " + from.commit_info->short_id + " \"" + from.commit_info->subject + "\"";
        if (!from.branches.empty()) {
            origin += " on " + util::join(from.branches, ", ");
        }
    } else {
        origin = "commit " + from.commit->substr(0, 7) + " (not in this repository)";
    }
    std::string line = "the database is at " + from.revision + ", applied from " + origin +
                       ", which is not in the history of this checkout";
    if (checkout.find(from.revision)) {
        return line + "; this checkout has that revision too, so there is nothing to run";
    }
    return line + "; run `mig sync` to bring it to this checkout (or `mig downgrade " +
           known_ancestor(from.revision, history, checkout) +
           "` to revert it alone), with the SQL stored when it was applied";
}

}  // namespace mig::workflow
