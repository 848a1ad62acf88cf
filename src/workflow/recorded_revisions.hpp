#pragma once

#include "db/database.hpp"
#include "graph/revision_graph.hpp"
#include "script/revision_script.hpp"

#include <string>
#include <vector>

namespace mig::workflow {

// The revisions the database is at (and their ancestors) that `graph` does not know, rebuilt
// from mig_history: id, parents, message and the downgrade SQL stored when each was applied.
// This is what lets `mig downgrade` revert a revision whose file left the checkout (after a
// `git checkout` of older code, say). InputError when the history has no record of one.
std::vector<script::RevisionScript> recorded_revisions(
    const graph::RevisionGraph& graph, const std::vector<std::string>& current_heads,
    const std::vector<db::HistoryEntry>& history);

}  // namespace mig::workflow
