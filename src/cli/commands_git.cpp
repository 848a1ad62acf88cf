#include "cli/command.hpp"
#include "cli/rollback_printer.hpp"
#include "cli/status_printer.hpp"
#include "workflow/rollback.hpp"

namespace mig::cli {

namespace {

class RollbackCommand final : public Command {
public:
    const char* name() const override { return "rollback"; }
    const char* help() const override {
        return "Downgrade the database and move the code back to the matching commit";
    }
    const char* example() const override {
        return "mig rollback --dry-run   # then: mig rollback, mig rollback -2, mig rollback "
               "--revert";
    }
    void add_options(CLI::App& app) override {
        app.add_option("target", m_options.target, "-1 (default), base, REV, -N, REV-N")
            ->option_text("TARGET");
        app.add_flag("--dry-run", m_options.dry_run,
                     "Print what would be reverted and where the code would go; change nothing");
        auto* revert = app.add_flag(
            "--revert", m_options.revert,
            "Move the code with a new commit that reverts the commits instead of a reset "
            "(for pushed history)");
        app.add_flag("--force", m_options.force,
                     "Reset even though commits that leave the branch are already pushed");
        app.add_flag("--no-code", m_options.no_code, "Roll back only the database")
            ->excludes(revert);
        app.add_flag("--no-backup", m_no_backup,
                     "Skip the automatic backup (the SQLite copy, or [database] backup_command)");
    }
    int run(Context& context) override {
        m_options.backup = !m_no_backup;
        workflow::Project project = context.load_project();
        ProgressPrinter progress(context.output, project);
        workflow::RollbackResult result =
            workflow::rollback(project, project.git(), m_options, progress);
        if (m_options.dry_run) {
            print_rollback_plan(context.output, result);
        } else {
            print_rollback_summary(context.output, result);
        }
        return 0;
    }

private:
    workflow::RollbackOptions m_options;
    bool m_no_backup = false;
};

class StatusCommand final : public Command {
public:
    const char* name() const override { return "status"; }
    const char* help() const override {
        return "Show the database's revision and its commit, the code's heads, pending and "
               "uncommitted revisions, drift and hooks";
    }
    const char* example() const override { return "mig status   # or: mig status --json"; }
    void add_options(CLI::App& app) override {
        app.add_flag("--json", m_json, "Print one JSON document for scripts and CI");
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        const workflow::StatusReport report = workflow::status(project);
        if (m_json) {
            print_json(context.output, status_json(report, project));
        } else {
            print_status(context.output, report, project);
        }
        return 0;  // whatever it finds: status reports, `mig check` judges
    }

private:
    bool m_json = false;
};

}  // namespace

void add_git_commands(CommandList& commands) {
    commands.push_back(std::make_unique<RollbackCommand>());
    commands.push_back(std::make_unique<StatusCommand>());
}

}  // namespace mig::cli
