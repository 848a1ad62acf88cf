#pragma once

#include "cli/status_line.hpp"
#include "db/backups.hpp"
#include "runtime/runner.hpp"
#include "workflow/inspect.hpp"
#include "workflow/migrate.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace mig::cli {

// Where command output goes; `quiet` drops the chatter but never the data asked for.
struct Output {
    std::FILE* out = stdout;
    bool quiet = false;
    void line(const std::string& text) const;     // always printed
    void chatter(const std::string& text) const;  // not with -q
};

std::string revision_label(const std::string& id);  // "<base>" for an empty id
void print_history_line(const Output& output, const workflow::RevisionInfo& info);
void print_revision_details(const Output& output, const workflow::RevisionInfo& info);
void print_backups(const Output& output, const std::vector<db::BackupInfo>& backups);
void print_migrate_summary(const Output& output, const workflow::MigrateResult& result,
                           bool upgrading);

// Prints each step as it completes: "upgrade <base> -> 3f2a9c1d7b4e  Add age column  (3 ms)";
// on a terminal, while a step runs, a status line on stderr says which revision of how many it
// is and how long the run has taken ("revision 3 of 40  upgrade 3f2a9c1d7b4e ...  12.3 s").
class ProgressPrinter final : public workflow::MigrateObserver {
public:
    ProgressPrinter(const Output& output, const workflow::Project& project)
        : m_output(output), m_project(project), m_status(progress_wanted(output.quiet)) {}
    void backup_taken(const db::BackupInfo& backup) override;
    void no_backup_available(const std::string& database) override;
    void backup_command_ran(double seconds) override;
    void run_started(const graph::Plan& plan) override;
    void step_started(const graph::PlanStep& step, const graph::Revision& revision) override;
    void step_finished(const graph::PlanStep& step, const graph::Revision& revision,
                       std::chrono::nanoseconds elapsed) override;

private:
    const Output& m_output;
    const workflow::Project& m_project;
    StatusLine m_status;
    std::size_t m_total = 0;
    std::size_t m_started = 0;
    std::chrono::steady_clock::time_point m_run_start = std::chrono::steady_clock::now();
};

}  // namespace mig::cli
