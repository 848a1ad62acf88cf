// `mig sync [--dry-run] [--yes]`, and the same run from the post-checkout hook.

#include "cli/commands_sync.hpp"

#include "cli/sync_printer.hpp"
#include "workflow/sync.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace mig::cli {

namespace {

// Every statement that would drop data, on stderr above the one `mig: error:` line.
void list_data_loss(const workflow::DataLossRefused& refusal) {
    for (const workflow::DataLoss& loss : refusal.losses()) {
        spdlog::warn("would drop data: {}", data_loss_line(loss));
    }
}

class SyncCommand final : public Command {
public:
    const char* name() const override { return "sync"; }
    const char* help() const override {
        return "Bring the database to the checked-out code: revert what it does not know, then "
               "upgrade";
    }
    const char* example() const override {
        return "mig sync --dry-run   # after git checkout; then: mig sync";
    }
    void add_options(CLI::App& app) override {
        app.add_flag("--dry-run", m_options.dry_run,
                     "Print each revision to revert and apply, and what would refuse; change "
                     "nothing");
        app.add_flag("--yes", m_options.yes,
                     "Run downgrades that drop data (a table or column holding rows, or marked "
                     "-- mig:destructive)");
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        SyncProgressPrinter progress(context.output, project);
        workflow::SyncResult result;
        try {
            result = workflow::sync(project, m_options, progress);
        } catch (const workflow::DataLossRefused& refusal) {
            list_data_loss(refusal);
            throw;
        }
        if (m_options.dry_run) {
            print_sync_plan(context.output, project, result);
        } else {
            print_sync_summary(context.output, result);
        }
        return 0;
    }

private:
    workflow::SyncOptions m_options;
};

}  // namespace

int sync_after_checkout(Context& context, workflow::Project& project) {
    SyncProgressPrinter progress(context.output, project);
    try {
        workflow::SyncResult result = workflow::sync(project, {}, progress);
        if (result.outcome != workflow::SyncOutcome::no_database &&
            result.outcome != workflow::SyncOutcome::in_sync) {
            print_sync_summary(context.output, result);
        }
    } catch (const Error& error) {
        // The checkout is done either way: say why the database was not brought along, and how.
        std::string line = "mig: the database was not synced to this checkout: ";
        line += error.what();
        if (!error.hint().empty()) {
            line += "; " + error.hint();
        }
        std::replace(line.begin(), line.end(), '\n', ' ');
        context.output.line(line);
    }
    return 0;
}

void add_sync_commands(CommandList& commands) {
    commands.push_back(std::make_unique<SyncCommand>());
}

}  // namespace mig::cli
