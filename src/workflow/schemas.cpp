#include "workflow/schemas.hpp"

#include "db/sqlite_reader.hpp"
#include "util/error.hpp"

#include <filesystem>

namespace mig::workflow {

namespace {

// As for migrations: a writer holding the database briefly should not fail a read.
constexpr int k_busy_timeout_ms = 5000;

runtime::ReplayOptions replay_options(const Project& project) {
    runtime::ReplayOptions options;
    options.cache_dir = project.cache_dir();
    options.display_base = project.config().root;
    return options;
}

}  // namespace

runtime::ReplayedSchema head_schema(Project& project, std::string_view target) {
    return runtime::replay_head_schema(project.scripts(), target, replay_options(project));
}

runtime::ReplayedSchema cached_head_schema(Project& project) {
    runtime::ReplayOptions options = replay_options(project);
    options.cache_only = true;
    return runtime::replay_head_schema(project.scripts(), "head", options);
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
    if (!project.is_sqlite()) {
        throw InputError(flag + " supports SQLite databases only so far, not " +
                             project.database_url().redacted(),
                         leave_out);
    }
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
