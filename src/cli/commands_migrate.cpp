#include "cli/command.hpp"
#include "cli/standard_output.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"
#include "workflow/backups.hpp"
#include "workflow/migrate.hpp"
#include "workflow/stamp.hpp"

#include <iostream>

namespace mig::cli {

namespace {

// upgrade and downgrade share their options and their output.
class MigrateCommand : public Command {
public:
    explicit MigrateCommand(bool upgrading) : m_upgrading(upgrading) {
        m_options.target = upgrading ? "head" : "-1";
    }
    void add_options(CLI::App& app) override {
        app.add_option("target", m_options.target,
                       m_upgrading ? "head (default), heads, REV, +N, REV+N; FROM:TO with --sql"
                                   : "-1 (default), base, REV, -N, REV-N; FROM:TO with --sql")
            ->option_text("TARGET");
        app.add_flag("--sql", m_options.offline,
                     "Print the SQL (with the version bookkeeping); touch nothing");
        app.add_flag("--no-backup", m_no_backup,
                     "Skip the automatic backup (the SQLite copy, or [database] backup_command)");
        app.add_flag("--one-transaction", m_options.one_transaction,
                     "Run every revision of the run in one transaction, all or nothing");
        if (m_upgrading) {
            app.add_flag("--allow-dirty", m_options.allow_dirty,
                         "Upgrade even though revision files are not committed to git");
        }
    }
    int run(Context& context) override {
        m_options.backup = !m_no_backup;
        workflow::Project project = context.load_project();
        ProgressPrinter progress(context.output, project);
        workflow::MigrateResult result = m_upgrading
                                             ? workflow::upgrade(project, m_options, progress)
                                             : workflow::downgrade(project, m_options, progress);
        if (m_options.offline) {
            write_output(stdout, result.offline_sql);
            return 0;
        }
        print_migrate_summary(context.output, result, m_upgrading);
        return 0;
    }

private:
    bool m_upgrading;
    bool m_no_backup = false;
    workflow::MigrateOptions m_options;
};

class UpgradeCommand final : public MigrateCommand {
public:
    UpgradeCommand() : MigrateCommand(true) {}
    const char* name() const override { return "upgrade"; }
    const char* help() const override {
        return "Apply revisions up to TARGET, one transaction each";
    }
    const char* example() const override {
        return "mig upgrade            # or: mig upgrade +1, mig upgrade head --sql";
    }
};

class DowngradeCommand final : public MigrateCommand {
public:
    DowngradeCommand() : MigrateCommand(false) {}
    const char* name() const override { return "downgrade"; }
    const char* help() const override {
        return "Revert revisions down to TARGET, one transaction each";
    }
    const char* example() const override {
        return "mig downgrade          # or: mig downgrade base, mig downgrade head:base --sql";
    }
};

class StampCommand final : public Command {
public:
    const char* name() const override { return "stamp"; }
    const char* help() const override {
        return "Set the database's revision without running any script";
    }
    const char* example() const override { return "mig stamp head"; }
    void add_options(CLI::App& app) override {
        app.add_option("target", m_options.target, "head, heads, base, REV, +N, -N")
            ->required()
            ->option_text("TARGET");
        app.add_flag("--purge", m_options.purge,
                     "Replace every head, not only those on TARGET's line");
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        workflow::StampResult result = workflow::stamp(project, m_options);
        auto label = [](const std::vector<std::string>& heads) {
            return heads.empty() ? std::string("<base>") : util::join(heads, ", ");
        };
        if (result.heads_before == result.heads_after) {
            context.output.chatter("The database is already at " + label(result.heads_after) + ".");
        } else {
            context.output.chatter("Stamped the database: " + label(result.heads_before) + " -> " +
                                   label(result.heads_after) + " (no script ran).");
        }
        return 0;
    }

private:
    workflow::StampOptions m_options;
};

class BackupsCommand final : public Command {
public:
    const char* name() const override { return "backups"; }
    const char* help() const override { return "List the automatic SQLite backups, newest first"; }
    const char* example() const override { return "mig backups"; }
    void add_options(CLI::App& /*app*/) override {}
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        print_backups(context.output, workflow::list_backups(project));
        return 0;
    }
};

class RestoreCommand final : public Command {
public:
    const char* name() const override { return "restore"; }
    const char* help() const override {
        return "Put a backup back (the newest by default), saving the current file first";
    }
    const char* example() const override {
        return "mig restore app.db.20261121T100000123Z.upgrade.bak";
    }
    void add_options(CLI::App& app) override {
        app.add_option("name", m_name, "A name from `mig backups` (or a unique prefix)")
            ->option_text("NAME");
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        std::optional<std::string> name;
        if (!m_name.empty()) {
            name = m_name;
        }
        workflow::RestoreResult result = workflow::restore_backup(project, name);
        context.output.chatter("Restored " + project.display(project.database_url().sqlite_path) +
                               " from " + result.restored.name + " (at " +
                               revision_label(util::join(result.restored.heads, ", ")) + ")" +
                               (result.safety_copy
                                    ? "; the previous state is saved as " + result.safety_copy->name
                                    : std::string("; there was no database to save first")));
        return 0;
    }

private:
    std::string m_name;
};

}  // namespace

void add_migrate_commands(CommandList& commands) {
    commands.push_back(std::make_unique<UpgradeCommand>());
    commands.push_back(std::make_unique<DowngradeCommand>());
    commands.push_back(std::make_unique<StampCommand>());
    commands.push_back(std::make_unique<BackupsCommand>());
    commands.push_back(std::make_unique<RestoreCommand>());
}

}  // namespace mig::cli
