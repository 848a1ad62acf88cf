#include "workflow/schemas.hpp"

#include "util/error.hpp"

#include <SQLiteCpp/Exception.h>

#include <filesystem>

namespace mig::workflow {

namespace {

// As for migrations: a writer holding the database briefly should not fail a read.
constexpr int k_busy_timeout_ms = 5000;

}  // namespace

runtime::ReplayedSchema head_schema(Project& project, std::string_view target) {
    runtime::ReplayOptions options;
    options.cache_dir = project.cache_dir();
    options.display_base = project.config().root;
    return runtime::replay_head_schema(project.scripts(), target, options);
}

std::unique_ptr<SQLite::Database> live_schema(const Project& project) {
    if (!project.is_sqlite()) {
        throw InputError("--from-db supports SQLite databases only so far, not " +
                             project.database_url().redacted(),
                         "leave out --from-db to compare with the migrations' head");
    }
    const std::filesystem::path& file = project.database_url().sqlite_path;
    std::error_code error;
    if (!std::filesystem::exists(file, error)) {
        throw InputError("the database " + project.display(file) + " does not exist",
                         "run `mig upgrade` to create it, or leave out --from-db to compare "
                         "with the migrations' head");
    }
    try {
        return std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READONLY,
                                                  k_busy_timeout_ms);
    } catch (const SQLite::Exception& failure) {
        throw FailedError("cannot open the SQLite database " + file.string() + ": " +
                          failure.what());
    }
}

}  // namespace mig::workflow
