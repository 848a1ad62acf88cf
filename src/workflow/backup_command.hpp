#pragma once

#include "workflow/project.hpp"

#include <string>
#include <string_view>

namespace mig::workflow {

// Runs [database] backup_command before a run that changes the database: `/bin/sh -c
// COMMAND` in mig.toml's folder, with stdin from /dev/null, under the migration lock, with
// these variables added to its environment:
//   MIG_DATABASE_URL     the database URL as configured, password included (the command
//                        needs it to connect; mig itself never prints it)
//   MIG_DATABASE_PATH    a SQLite database's file (absolute); unset for a server
//   MIG_BACKUP_REASON    why: upgrade, downgrade or sync
// Returns how many seconds it took. A command that fails, is killed or outlives
// [database] backup_command_timeout throws FailedError (exit 1) naming its exit and the last
// line it wrote to stderr (passwords of the URL hidden), before anything ran.
double run_backup_command(const Project& project, const std::string& command,
                          std::string_view reason);

}  // namespace mig::workflow
