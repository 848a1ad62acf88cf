#include "cli/app.hpp"

namespace mig::cli {

namespace {

void add_global_options(CLI::App& app, Globals& globals, std::string& chdir) {
    app.add_option("-C", chdir, "Run as if mig was started in DIR")->option_text("DIR");
    app.add_option("--config", globals.config_file,
                   "Use this mig.toml instead of searching for one")
        ->option_text("FILE");
    app.add_option("--database-url", globals.database_url,
                   "Database URL (overrides MIG_DATABASE_URL, --env and mig.toml)")
        ->option_text("URL");
    app.add_option("--env", globals.env, "Use the [env.NAME] table of mig.toml (default: $MIG_ENV)")
        ->option_text("NAME");
    app.add_flag("-v,--verbose", globals.verbosity, "More diagnostics on stderr (-vv: debug)");
    app.add_flag("-q,--quiet", globals.quiet, "Only errors and the data asked for");
    app.add_option("--color", globals.color,
                   "Colour errors and warnings, and on a terminal revision ids and destructive "
                   "marks: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or "
                   "never")
        ->option_text("WHEN");
    app.set_version_flag("--version", std::string("mig ") + MIG_VERSION);
}

}  // namespace

std::unique_ptr<CommandLine> make_command_line() {
    auto line = std::make_unique<CommandLine>();
    CLI::App& app = line->app;
    app.name("mig");
    app.fallthrough();  // global options may follow the command: `mig upgrade -C dir`
    // One command per run, so that a later word naming another command is an argument:
    // `mig upgrade heads` is the target `heads`, not the `heads` command.
    app.require_subcommand(0, 1);
    app.footer("Run `mig COMMAND --help` for a command's options and an example.");
    add_global_options(app, line->globals, line->chdir);

    add_setup_commands(line->commands);
    add_migrate_commands(line->commands);
    add_read_commands(line->commands);
    add_autogen_commands(line->commands);
    add_git_commands(line->commands);
    add_sync_commands(line->commands);
    add_hooks_commands(line->commands);
    add_import_commands(line->commands);
    add_help_commands(line->commands, app);  // help, completion: they read the table above
    for (auto& command : line->commands) {
        CLI::App* sub = app.add_subcommand(command->name(), command->help());
        sub->footer(std::string("Example:\n  ") + command->example());
        command->add_options(*sub);
        line->table.emplace_back(sub, command.get());
    }
    return line;
}

}  // namespace mig::cli
