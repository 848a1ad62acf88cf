#include "workflow/backups.hpp"

#include "util/error.hpp"

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
    auto database = project.open_database(db::OpenMode::read_write);
    auto lock = database->lock(project.config().lock_timeout);
    // Keep one more than configured so the safety copy never pushes out the one being restored.
    RestoreResult result{chosen, backups.create("restore", project.config().backup_keep + 1)};
    backups.restore(chosen);
    return result;
}

}  // namespace mig::workflow
