#pragma once

#include "db/sqlite_backups.hpp"
#include "workflow/project.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// `mig backups`: the automatic SQLite backups of this project's database, newest first.
std::vector<db::BackupInfo> list_backups(Project& project);

struct RestoreResult {
    db::BackupInfo restored;
    // The database as it was just before the restore; nullopt when there was no database.
    std::optional<db::BackupInfo> safety_copy;
};

// `mig restore [NAME]`: puts a backup back (the newest when NAME is absent), after first
// backing up the current file, under the migration lock. Old backups are pruned only after
// the restore succeeded, and never the one restored, so a failed restore can be retried.
RestoreResult restore_backup(Project& project, const std::optional<std::string>& name);

}  // namespace mig::workflow
