#include "cli/rollback_printer.hpp"

#include "cli/color.hpp"
#include "util/strings.hpp"

namespace mig::cli {

namespace {

using workflow::CodeAction;

std::string heads_label(const std::vector<std::string>& heads) {
    return heads.empty() ? "<base>" : util::join(heads, " ");
}

std::string count(std::size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string commit_line(const vcs::CommitInfo& commit, const workflow::CodePlan& code) {
    std::string line = "  " + commit.short_id + " " + commit.subject;
    for (const vcs::CommitInfo& pushed : code.pushed) {
        if (pushed.id == commit.id) {
            line += "  (already on " + code.upstream.value_or("the upstream") + ")";
        }
    }
    return line;
}

void print_revisions(const Output& output, const workflow::RollbackResult& result) {
    output.line("Database: " + heads_label(result.plan.heads_before) + " -> " +
                heads_label(result.plan.heads_after) + ", reverting " +
                count(result.undone.size(), "revision") + ":");
    for (const workflow::AppliedRevision& revision : result.undone) {
        std::string line = "  " + revision.id + "  " + revision.message;
        if (revision.file.empty()) {
            line += "  (not in this checkout: the downgrade SQL stored when it was applied)";
        }
        output.line(line);
        for (const std::string& step : revision.destructive) {
            output.line("    " + highlight_destructive("destructive: " + step));
        }
    }
}

void print_code_plan(const Output& output, const workflow::RollbackResult& result) {
    const workflow::CodePlan& code = result.code;
    if (code.action == CodeAction::none) {
        output.line("Code: unchanged (" + code.why_unchanged + ").");
        return;
    }
    const std::string target = code.target->short_id + " \"" + code.target->subject + "\"";
    if (code.action == CodeAction::reset) {
        output.line("Code: reset " + code.branch + " to " + target + "; " +
                    count(code.leaving.size(), "commit") + " would leave the branch:");
    } else {
        output.line("Code: a new commit on " + code.branch + " reverting " +
                    count(code.leaving.size(), "commit") + ", back to the files of " + target +
                    ":");
    }
    for (const vcs::CommitInfo& commit : code.leaving) {
        output.line(commit_line(commit, code));
    }
}

}  // namespace

void print_rollback_plan(const Output& output, const workflow::RollbackResult& result) {
    output.line("Rollback plan for " + result.database + " (--dry-run: nothing changed)");
    if (result.plan.steps.empty()) {
        output.line("Nothing to roll back: the database is at " +
                    heads_label(result.plan.heads_before) + ".");
        return;
    }
    print_revisions(output, result);
    print_code_plan(output, result);
}

void print_rollback_summary(const Output& output, const workflow::RollbackResult& result) {
    if (result.plan.steps.empty()) {
        output.chatter("Nothing to roll back: the database is at " +
                       heads_label(result.plan.heads_before) + ".");
        return;
    }
    output.chatter("Database is now at " + heads_label(result.plan.heads_after) + " (" +
                   count(result.step_ids.size(), "revision") + " reverted).");
    const workflow::CodePlan& code = result.code;
    std::string undo;
    switch (code.action) {
        case CodeAction::none:
            output.chatter("Code: unchanged (" + code.why_unchanged + ").");
            undo = "mig upgrade " + (result.plan.heads_before.size() == 1
                                         ? result.plan.heads_before.front()
                                         : std::string("heads"));
            break;
        case CodeAction::reset:
            output.chatter("Code: " + code.branch + " reset to " + code.target->short_id + " \"" +
                           code.target->subject + "\"; " + count(code.leaving.size(), "commit") +
                           " left the branch, kept as " + result.recovery_ref + ".");
            undo = "git reset --hard " + result.recovery_ref + " && mig upgrade";
            break;
        case CodeAction::revert:
            output.chatter("Code: committed " + result.new_commit->substr(0, 7) + " on " +
                           code.branch + ", reverting " + count(code.leaving.size(), "commit") +
                           " (nothing pushed); the old HEAD is kept as " + result.recovery_ref +
                           ".");
            // The reverting commit may be pushed next: undo it with another commit.
            undo = "git revert --no-edit " + result.new_commit->substr(0, 7) + " && mig upgrade";
            break;
    }
    output.chatter("To undo: " + undo);
}

}  // namespace mig::cli
