#include "workflow/backup_command.hpp"

#include "db/database_url.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

#include <chrono>
#include <string>

namespace mig::workflow {

namespace {

// The last non-empty line the command wrote to stderr, without any password: a backup tool
// may well echo the URL it was given.
std::string last_error_line(const std::string& err) {
    std::size_t end = err.find_last_not_of(" \t\r\n");
    if (end == std::string::npos) {
        return "";
    }
    std::size_t start = err.find_last_of('\n', end);
    start = start == std::string::npos ? 0 : start + 1;
    return db::redact_secrets(err.substr(start, end + 1 - start));
}

std::string ending_of(const util::CommandResult& result, std::chrono::milliseconds timeout) {
    switch (result.ending) {
        case util::CommandResult::Ending::timed_out:
            return "did not finish within " +
                   std::to_string(
                       std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) +
                   " s and was stopped";
        case util::CommandResult::Ending::signalled:
            return "was killed by signal " + std::to_string(result.status);
        case util::CommandResult::Ending::exited:
            break;
    }
    return "failed with exit status " + std::to_string(result.status);
}

}  // namespace

double run_backup_command(const Project& project, const std::string& command,
                          std::string_view reason) {
    const db::DatabaseUrl& url = project.database_url();
    util::Environment environment{{"MIG_DATABASE_URL", url.original},
                                  {"MIG_BACKUP_REASON", std::string(reason)}};
    if (!url.sqlite_path.empty()) {
        environment.emplace_back("MIG_DATABASE_PATH", url.sqlite_path.string());
    }
    const std::chrono::milliseconds timeout = project.config().backup_command_timeout;
    const auto started = std::chrono::steady_clock::now();
    const util::CommandResult result =
        util::run_shell_command(command, project.config().root, timeout, environment);
    if (!result.succeeded()) {
        std::string line = last_error_line(result.err);
        throw FailedError(
            "[database] backup_command " + ending_of(result, timeout) +
                (line.empty() ? "" : ": " + line) + "; nothing was run before the " +
                std::string(reason),
            "fix the command in " + project.display(project.config().file) + " (it runs in " +
                project.config().root.string() +
                "), or go on without a backup: --no-backup (upgrade, downgrade, rollback) or "
                "[database] backup = false");
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace mig::workflow
