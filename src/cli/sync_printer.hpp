#pragma once

#include "cli/printers.hpp"
#include "workflow/sync.hpp"

#include <string>

namespace mig::cli {

// Progress of `mig sync`: each step as upgrade and downgrade print it, and each note (a
// snapshot kept, why one is not restored) as it happens.
class SyncProgressPrinter final : public workflow::SyncObserver {
public:
    SyncProgressPrinter(const Output& output, const workflow::Project& project)
        : m_output(output), m_steps(output, project) {}
    void backup_taken(const db::BackupInfo& backup) override { m_steps.backup_taken(backup); }
    void no_backup_available(const std::string& database) override {
        m_steps.no_backup_available(database);
    }
    void run_started(const graph::Plan& plan) override { m_steps.run_started(plan); }
    void step_started(const graph::PlanStep& step, const graph::Revision& revision) override {
        m_steps.step_started(step, revision);
    }
    void step_finished(const graph::PlanStep& step, const graph::Revision& revision,
                       std::chrono::nanoseconds elapsed) override {
        m_steps.step_finished(step, revision, elapsed);
    }
    void note(const std::string& line) override { m_output.chatter(line); }

private:
    const Output& m_output;
    ProgressPrinter m_steps;
};

// `mig sync --dry-run`: each revision down then up, the statements that drop data, what
// would refuse the sync, and what the snapshots would do.
void print_sync_plan(const Output& output, workflow::Project& project,
                     const workflow::SyncResult& result);

// After `mig sync` (and for its no-op cases): one line saying where the database is now.
void print_sync_summary(const Output& output, const workflow::SyncResult& result);

// "revision a, statement 1 (line 7): DROP TABLE t: drops table t, which holds 3 rows".
std::string data_loss_line(const workflow::DataLoss& loss);

}  // namespace mig::cli
