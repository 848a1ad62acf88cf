#include "workflow/schemas.hpp"

#include "db/sqlite_reader.hpp"
#include "runtime/replay_cache.hpp"
#include "util/error.hpp"
#include "workflow/model_differences.hpp"

#include <filesystem>

namespace mig::workflow {

namespace {

// As for migrations: a writer holding the database briefly should not fail a read.
constexpr int k_busy_timeout_ms = 5000;

runtime::ReplayOptions replay_options(const Project& project) {
    runtime::ReplayOptions options;
    options.cache_dir = project.cache_dir();
    options.display_base = project.config().root;
    options.observer = project.replay_observer();
    return options;
}

}  // namespace

runtime::ReplayedSchema head_schema(Project& project, std::string_view target) {
    return runtime::replay_head_schema(project.scripts(), target, replay_options(project));
}

runtime::ReplayedSchema cached_head_schema(Project& project) {
    // Only the head's own key can hit (a cached prefix would need a replay): it comes from
    // the headers and checksums, kept under the content cache's generation, so a miss costs
    // neither the sections of every revision nor the key of every prefix.
    const std::string key = head_schema_key(project);
    if (key.empty() || project.cache_dir().empty()) {
        runtime::ReplayOptions options = replay_options(project);
        options.cache_only = true;
        return runtime::replay_head_schema(project.scripts(), "head", options);  // base
    }
    runtime::ReplayedSchema result;
    result.key = key;
    result.database = runtime::ReplayCache(project.cache_dir()).load(key);
    if (result.database) {
        result.source = runtime::ReplayedSchema::Source::cache;
    }
    return result;
}

runtime::ReplayedSchema schema_at(Project& project,
                                  const std::vector<graph::RevisionGraph::Index>& revisions) {
    return runtime::replay_schema(project.scripts(), revisions, replay_options(project));
}

std::unique_ptr<SQLite::Database> live_schema(const Project& project, std::string_view option) {
    const std::string flag(option);
    const std::string leave_out = option == "--from-db"
                                      ? "leave out --from-db to compare with the migrations' head"
                                      : "leave out " + flag;
    const std::filesystem::path& file = project.database_url().sqlite_path;
    std::error_code error;
    if (!std::filesystem::exists(file, error)) {
        throw InputError("the database " + project.display(file) + " does not exist",
                         "run `mig upgrade` to create it, or " + leave_out);
    }
    // Rolls back a hot journal a crashed writer left, and names environment failures.
    return db::open_for_reading(file, k_busy_timeout_ms);
}

}  // namespace mig::workflow
