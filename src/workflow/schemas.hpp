#pragma once

#include "runtime/replay.hpp"
#include "workflow/project.hpp"

#include <SQLiteCpp/Database.h>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace mig::workflow {

// The schemas autogenerate compares the model with (the model itself: model.hpp).

// The schema the migrations produce at `target` (default `head`: MultipleHeadsError when
// there are several), replayed from base into an in-memory database and cached under the
// project's `.mig/cache/` (see runtime::replay_schema). Needs no live database, so it works
// on a fresh clone.
runtime::ReplayedSchema head_schema(Project& project, std::string_view target = "head");

// head_schema only when the cache holds it whole (nothing is replayed): database is nullptr
// otherwise. For `mig status`, which reports drift as unknown rather than replaying.
runtime::ReplayedSchema cached_head_schema(Project& project);

// The schema the migrations produce with exactly `revisions` and their ancestors applied
// (what a database whose mig_version holds them should have), replayed and cached likewise.
runtime::ReplayedSchema schema_at(Project& project,
                                  const std::vector<graph::RevisionGraph::Index>& revisions);

// The live database, opened read-only (never created), for `--from-db` and `check --db`
// (`option`, for messages). It holds mig's own mig_version and mig_history tables, which a
// comparison must leave out. InputError when the database does not exist;
// FailedError when it cannot be opened.
std::unique_ptr<SQLite::Database> live_schema(const Project& project,
                                              std::string_view option = "--from-db");

}  // namespace mig::workflow
