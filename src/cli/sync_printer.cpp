#include "cli/sync_printer.hpp"

#include "util/strings.hpp"

namespace mig::cli {

namespace {

using workflow::SyncOutcome;

std::string heads_label(const std::vector<std::string>& heads) {
    return heads.empty() ? std::string("<base>") : util::join(heads, " ");
}

std::string plural(std::size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string short_commit(const std::string& commit) {
    return commit.substr(0, 12);
}

void print_steps(const Output& output, workflow::Project& project,
                 const workflow::SyncResult& result) {
    const graph::RevisionGraph& graph = project.scripts().graph();
    for (std::size_t i = 0; i < result.plan.steps.size(); ++i) {
        const graph::PlanStep& step = result.plan.steps[i];
        const graph::Revision& revision = graph.at(step.revision);
        const bool down = i < result.down_steps;
        std::string line = std::string(down ? "  downgrade " : "  upgrade   ") + revision.id;
        if (!revision.message.empty()) {
            line += "  " + revision.message;
        }
        if (down && revision.path.empty()) {
            line += "  (not in this checkout: the downgrade SQL stored when it was applied)";
        }
        output.line(line);
        for (const workflow::DataLoss& loss : result.data_loss) {
            if (down && loss.revision == revision.id) {
                output.line("    drops data: statement " + std::to_string(loss.statement) +
                            " (line " + std::to_string(loss.line) + "): " + loss.sql + ": " +
                            loss.why);
            }
        }
    }
}

}  // namespace

std::string data_loss_line(const workflow::DataLoss& loss) {
    return "revision " + loss.revision + ", statement " + std::to_string(loss.statement) +
           " (line " + std::to_string(loss.line) + "): " + loss.sql + ": " + loss.why;
}

void print_sync_plan(const Output& output, workflow::Project& project,
                     const workflow::SyncResult& result) {
    if (result.outcome != SyncOutcome::planned) {
        print_sync_summary(output, result);
        return;
    }
    output.line("Sync plan for " + result.database + " (--dry-run: nothing changed)");
    output.line("Database: " + heads_label(result.plan.heads_before) + " -> " +
                heads_label(result.plan.heads_after) + ", " +
                plural(result.down_steps, "revision") + " to revert, " +
                plural(result.plan.steps.size() - result.down_steps, "revision") + " to apply:");
    print_steps(output, project, result);
    if (result.snapshot_for) {
        output.line("Snapshot: would keep the database at " +
                    heads_label(result.plan.heads_before) + " for commit " +
                    short_commit(*result.snapshot_for) + " first");
    }
    if (result.restored) {
        output.line("Snapshot: would restore " + project.display(result.restored->path) +
                    " (commit " + short_commit(result.restored->commit) +
                    ") instead of running these steps");
    } else if (!result.data_loss.empty()) {
        output.line("Refused without --yes: " + plural(result.data_loss.size(), "statement") +
                    " would drop data.");
    }
    for (const std::string& refusal : result.refusals) {
        output.line("Refused: " + refusal);
    }
    for (const std::string& note : result.notes) {
        output.line("Note: " + note);
    }
}

void print_sync_summary(const Output& output, const workflow::SyncResult& result) {
    switch (result.outcome) {
        case SyncOutcome::no_database:
            output.chatter("Nothing to sync: " + result.database +
                           " has no mig tables yet (`mig upgrade` creates them).");
            return;
        case SyncOutcome::in_sync:
            output.chatter("Database is in sync with the code at " +
                           heads_label(result.plan.heads_before) + ".");
            return;
        case SyncOutcome::restored:
            output.chatter("Restored the snapshot of commit " +
                           short_commit(result.restored->commit) + " instead of replaying " +
                           plural(result.plan.steps.size(), "revision") + ": the database is at " +
                           heads_label(result.plan.heads_after) + " with the rows it had there.");
            return;
        case SyncOutcome::planned:
        case SyncOutcome::replayed:
            break;
    }
    std::vector<std::string> counts;
    if (result.down_steps > 0) {
        counts.push_back(plural(result.down_steps, "revision") + " reverted");
    }
    if (result.plan.steps.size() > result.down_steps) {
        counts.push_back(plural(result.plan.steps.size() - result.down_steps, "revision") +
                         " applied");
    }
    output.chatter("Database is now at " + heads_label(result.plan.heads_after) + " (" +
                   util::join(counts, ", ") + ").");
}

}  // namespace mig::cli
