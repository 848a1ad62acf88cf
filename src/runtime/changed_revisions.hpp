#pragma once

#include "db/database.hpp"
#include "script/script_directory.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace mig::runtime {

// An applied revision whose file no longer has the bytes it had when it was applied: the
// databases that ran it will never run the edit (Flyway's `validate` finds the same).
struct ChangedRevision {
    std::string id;
    std::string file;        // the script's path
    std::string applied_at;  // of the history row that recorded the old bytes
    std::string recorded_sha256;
    std::string current_sha256;
};

// The revisions applied to a database at `current_heads` (every one must be in the graph)
// whose file's SHA-256 differs from the one in their latest `upgrade` or `stamp` row of
// `history`, in the graph's topological order. Rows without a checksum are skipped. Needs a
// full load (the file bytes or their cached digest).
std::vector<ChangedRevision> find_changed_revisions(const script::ScriptDirectory& scripts,
                                                    const std::vector<std::string>& current_heads,
                                                    const std::vector<db::HistoryEntry>& history);

// One line for `mig: warning: `, naming the file relative to `display_base`.
std::string describe_changed_revision(const ChangedRevision& changed,
                                      const std::filesystem::path& display_base);

}  // namespace mig::runtime
