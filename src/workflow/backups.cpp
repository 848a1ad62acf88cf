#include "workflow/backups.hpp"

#include "util/error.hpp"

#include <filesystem>
#include <vector>

namespace mig::workflow {

namespace {

db::SqliteBackups backups_of(const Project& project) {
    if (!project.is_sqlite()) {
        throw InputError("backups are taken for SQLite databases only; " +
                             project.database_url().redacted() + " is " +
                             project.database_url().scheme,
                         "use the database server's own backup tools (pg_dump for PostgreSQL)");
    }
    return db::SqliteBackups(project.database_url().sqlite_path);
}

}  // namespace

std::vector<db::BackupInfo> list_backups(Project& project) {
    return backups_of(project).list();
}

RestoreResult restore_backup(Project& project, const std::optional<std::string>& name) {
    db::SqliteBackups backups = backups_of(project);
    db::BackupInfo chosen;
    if (name) {
        chosen = backups.find(*name);
    } else {
        auto all = backups.list();
        if (all.empty()) {
            throw InputError("no backups of " +
                                 project.display(project.database_url().sqlite_path) + " in " +
                                 project.display(backups.directory()),
                             "mig takes one before every upgrade or downgrade that runs scripts");
        }
        chosen = all.front();
    }
    auto lock = project.open_database(db::OpenMode::read_only)->lock(project.config().lock_timeout);
    backups.check_readable(chosen);  // before anything is written
    // The safety copy is taken without pruning, and old backups are pruned only once the
    // restore succeeded, never the one restored: a restore that fails (the database locked
    // by an application, a full disk) can simply be run again.
    RestoreResult result{chosen, std::nullopt};
    std::vector<std::filesystem::path> kept{chosen.path};
    std::error_code ignored;
    if (std::filesystem::exists(project.database_url().sqlite_path, ignored)) {
        result.safety_copy = backups.take("restore");
        kept.push_back(result.safety_copy->path);
    }
    try {
        backups.restore(chosen);
    } catch (...) {
        if (result.safety_copy) {  // the database is unchanged: its copy is not needed
            std::filesystem::remove(result.safety_copy->path, ignored);
        }
        throw;
    }
    backups.prune(project.config().backup_keep, kept);
    return result;
}

}  // namespace mig::workflow
