#include "cli/printers.hpp"

#include "cli/color.hpp"
#include "cli/standard_output.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace mig::cli {

void Output::line(const std::string& text) const {
    write_output(out, text);
    write_output(out, "\n");
}

void Output::chatter(const std::string& text) const {
    if (!quiet) {
        line(text);
    }
}

std::string revision_label(const std::string& id) {
    return id.empty() ? "<base>" : id;
}

namespace {

std::string flags(const workflow::RevisionInfo& info) {
    std::string out;
    if (info.is_head) {
        out += " (head)";
    }
    if (info.is_branch_point) {
        out += " (branchpoint)";
    }
    if (info.is_merge_point) {
        out += " (mergepoint)";
    }
    return out;
}

std::string parents_label(const std::vector<std::string>& parents) {
    return parents.empty() ? "<base>" : util::join(parents, ", ");
}

std::string heads_label(const std::vector<std::string>& heads) {
    return heads.empty() ? "<base>" : util::join(heads, ", ");
}

}  // namespace

void print_history_line(const Output& output, const workflow::RevisionInfo& info) {
    std::string message = info.revision->message.empty() ? "" : ", " + info.revision->message;
    output.line(parents_label(info.revision->parents) + " -> " + highlight_id(info.revision->id) +
                flags(info) + message);
}

void print_revision_details(const Output& output, const workflow::RevisionInfo& info) {
    output.line("Revision: " + highlight_id(info.revision->id) + flags(info));
    output.line("Parents:  " + parents_label(info.revision->parents));
    if (!info.children.empty()) {
        output.line("Children: " + util::join(info.children, ", "));
    }
    output.line("Path:     " + info.file);
    if (!info.revision->created.empty()) {
        output.line("Created:  " + info.revision->created);
    }
    output.line("Message:  " + info.revision->message);
}

void print_backups(const Output& output, const std::vector<db::BackupInfo>& backups) {
    if (backups.empty()) {
        output.chatter(
            "No backups yet: mig takes one before every upgrade or downgrade that runs scripts.");
        return;
    }
    for (const auto& backup : backups) {
        output.line(backup.name + "  " + backup.taken_at + "  before " + backup.reason + "  " +
                    std::to_string((backup.size + 1023) / 1024) + " KiB  at " +
                    heads_label(backup.heads));
    }
}

void print_migrate_summary(const Output& output, const workflow::MigrateResult& result,
                           bool upgrading) {
    if (result.plan.steps.empty()) {
        output.chatter(std::string(upgrading ? "Nothing to upgrade" : "Nothing to downgrade") +
                       ": the database is at " + heads_label(result.plan.heads_before) + ".");
        return;
    }
    output.chatter("Database is now at " + heads_label(result.plan.heads_after) + " (" +
                   std::to_string(result.plan.steps.size()) +
                   (result.plan.steps.size() == 1 ? " revision " : " revisions ") +
                   (upgrading ? "applied" : "reverted") + ").");
}

void ProgressPrinter::backup_taken(const db::BackupInfo& backup) {
    m_output.chatter("Backed up the database to " + m_project.display(backup.path));
}

void ProgressPrinter::backup_command_ran(double seconds) {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.1f", seconds);
    m_output.chatter(std::string("Backed up the database with [database] backup_command (") +
                     text.data() + " s)");
}

void ProgressPrinter::no_backup_available(const std::string& database) {
    m_output.chatter("no backup taken: " + database +
                     " has no built-in backup; set [database] backup_command (e.g. pg_dump) "
                     "to take one before every run");
}

void ProgressPrinter::run_started(const graph::Plan& plan) {
    m_total = plan.steps.size();
    m_started = 0;
    m_run_start = std::chrono::steady_clock::now();
}

void ProgressPrinter::step_started(const graph::PlanStep& step, const graph::Revision& revision) {
    ++m_started;
    std::string text = "revision " + std::to_string(m_started) + " of " +
                       std::to_string(std::max(m_total, m_started)) + "  " +
                       (step.direction == graph::Direction::up ? "upgrade " : "downgrade ") +
                       revision.id;
    if (!revision.message.empty()) {
        text += "  " + revision.message;
    }
    // Called again every second from the status line's thread: copies only.
    m_status.show([text, start = m_run_start] {
        return text + "  " + elapsed_text(std::chrono::steady_clock::now() - start);
    });
}

void ProgressPrinter::step_finished(const graph::PlanStep& step, const graph::Revision& revision,
                                    std::chrono::nanoseconds elapsed) {
    m_status.clear();
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    std::string from = parents_label(revision.parents);
    std::string text = step.direction == graph::Direction::up
                           ? "upgrade   " + from + " -> " + highlight_id(revision.id)
                           : "downgrade " + highlight_id(revision.id) + " -> " + from;
    if (!revision.message.empty()) {
        text += "  " + revision.message;
    }
    m_output.chatter(text + "  (" + std::to_string(millis) + " ms)");
}

}  // namespace mig::cli
