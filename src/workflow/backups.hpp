#pragma once

#include "db/backups.hpp"
#include "db/database.hpp"
#include "workflow/project.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::workflow {

class MigrateObserver;

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

// The automatic backup before a run that changes `database` ("upgrade", "downgrade",
// "sync"), keeping [database] backup_keep of them; the observer hears of it. With [database]
// backup_command, that command runs instead (see run_backup_command) and nothing is returned. None
// when [database] backup is off, when this run created the database or it holds nothing yet, and
// none when the database has no backups inside mig: then the observer hears
// no_backup_available, so the CLI can point at the server's own tools. The caller holds the
// migration lock.
std::optional<db::BackupInfo> take_automatic_backup(const Project& project, db::Database& database,
                                                    std::string_view reason,
                                                    MigrateObserver& observer);

}  // namespace mig::workflow
