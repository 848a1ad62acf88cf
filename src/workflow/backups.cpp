#include "workflow/backups.hpp"

#include "util/error.hpp"
#include "workflow/backup_command.hpp"
#include "workflow/migrate.hpp"

#include <filesystem>
#include <vector>

namespace mig::workflow {

namespace {

// Without connecting: a restore must work when the database itself cannot be read.
std::unique_ptr<db::Backups> backups_of(const Project& project) {
    std::unique_ptr<db::Backups> backups = db::open_backups(project.database_url());
    if (!backups) {
        throw InputError("backups are taken for SQLite databases only; " +
                             project.database_url().redacted() + " is " +
                             project.database_url().scheme,
                         "use the database server's own backup tools (pg_dump for PostgreSQL)");
    }
    return backups;
}

}  // namespace

std::vector<db::BackupInfo> list_backups(Project& project) {
    return backups_of(project)->list();
}

RestoreResult restore_backup(Project& project, const std::optional<std::string>& name) {
    const std::unique_ptr<db::Backups> owned = backups_of(project);
    db::Backups& backups = *owned;
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
    auto lock = project.lock_database();
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

std::optional<db::BackupInfo> take_automatic_backup(const Project& project, db::Database& database,
                                                    std::string_view reason,
                                                    MigrateObserver& observer) {
    if (!project.config().backup || database.created_by_this_open()) {
        return std::nullopt;
    }
    db::Backups* backups = database.backups();
    if (const auto& command = project.config().backup_command) {
        if (backups == nullptr || !backups->nothing_to_back_up()) {
            observer.backup_command_ran(run_backup_command(project, *command, reason));
        }
        return std::nullopt;
    }
    if (backups == nullptr) {
        observer.no_backup_available(project.database_url().redacted());
        return std::nullopt;
    }
    if (backups->nothing_to_back_up()) {
        return std::nullopt;
    }
    db::BackupInfo backup = backups->create(reason, project.config().backup_keep);
    observer.backup_taken(backup);
    return backup;
}

}  // namespace mig::workflow
