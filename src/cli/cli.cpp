#include "cli/cli.hpp"

#include "cli/command.hpp"
#include "cli/logging.hpp"
#include "cli/standard_output.hpp"
#include "util/error.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace mig::cli {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
}

// Errors are one line: fold any newline a lower layer let through.
std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

int report(ExitCode code, const std::string& message, const std::string& hint) {
    std::string line = "mig: error: " + one_line(message);
    if (!hint.empty()) {
        std::string next = one_line(hint);
        // "did you mean x?" already ends a sentence: the hint starts the next one, no "?;".
        if (line.back() == '?' || line.back() == '.') {
            next[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(next[0])));
            line += " " + next;
        } else {
            line += "; " + next;
        }
    }
    std::cerr << line << '\n';
    return static_cast<int>(code);
}

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
    app.set_version_flag("--version", std::string("mig ") + MIG_VERSION);
}

}  // namespace

config::ConfigRequest Context::config_request() const {
    config::ConfigRequest request;
    request.start_dir = fs::current_path();
    if (!globals.config_file.empty()) {
        request.config_file = globals.config_file;
    }
    if (!globals.database_url.empty()) {
        request.database_url = globals.database_url;
    }
    request.env_database_url = environment("MIG_DATABASE_URL");
    request.env_name =
        !globals.env.empty() ? std::optional<std::string>(globals.env) : environment("MIG_ENV");
    if (request.env_name && request.env_name->empty()) {
        request.env_name.reset();
    }
    return request;
}

workflow::Project Context::load_project() const {
    workflow::Project project = workflow::Project::load(config_request());
    for (const auto& warning : project.config().warnings) {
        spdlog::warn("{}", warning);
    }
    spdlog::info("database {} (from {})", project.database_url().redacted(),
                 project.config().database_url_source);
    return project;
}

namespace {

// A command that succeeded but whose output did not all reach standard output failed
// (exit 1), with a message unless the reader closed the pipe.
int finish_output(int code) {
    std::optional<std::string> failure = standard_output_failure();
    if (!failure) {
        return code;
    }
    if (code == 0 && !failure->empty()) {
        report(ExitCode::failed, *failure, "");
    }
    return code == 0 ? static_cast<int>(ExitCode::failed) : code;
}

}  // namespace

int run(int argc, char** argv) {
    prepare_standard_output();
    CLI::App app{"mig: safe database schema migrations in a git repository"};
    app.name("mig");
    app.fallthrough();  // global options may follow the command: `mig upgrade -C dir`
    // One command per run, so that a later word naming another command is an argument:
    // `mig upgrade heads` is the target `heads`, not the `heads` command.
    app.require_subcommand(0, 1);
    app.footer("Run `mig COMMAND --help` for a command's options and an example.");
    Globals globals;
    std::string chdir;
    add_global_options(app, globals, chdir);

    CommandList commands;
    add_setup_commands(commands);
    add_migrate_commands(commands);
    add_read_commands(commands);
    add_autogen_commands(commands);
    std::vector<std::pair<CLI::App*, Command*>> table;
    for (auto& command : commands) {
        CLI::App* sub = app.add_subcommand(command->name(), command->help());
        sub->footer(std::string("Example:\n  ") + command->example());
        command->add_options(*sub);
        table.emplace_back(sub, command.get());
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        return report(ExitCode::bad_input, error.what(), "run `mig --help` for usage");
    }

    configure_logging(globals.verbosity, globals.quiet);
    try {
        if (!chdir.empty()) {
            if (!fs::is_directory(chdir)) {
                throw InputError("-C " + chdir + ": no such directory",
                                 "check the path given to -C");
            }
            fs::current_path(chdir);  // like `git -C`: everything after is relative to DIR
        }
        for (auto& [sub, command] : table) {
            if (sub->parsed()) {
                Context context{globals, Output{stdout, globals.quiet}};
                return finish_output(command->run(context));
            }
        }
        return report(ExitCode::bad_input, "no command given",
                      "run `mig --help` for the list of commands");
    } catch (const Error& error) {
        std::fflush(stdout);
        return report(error.code(), error.what(), error.hint());
    } catch (const fs::filesystem_error& error) {
        std::fflush(stdout);
        return report(ExitCode::failed, error.what(), "");
    } catch (const std::exception& error) {
        std::fflush(stdout);
        return report(ExitCode::failed, std::string("unexpected: ") + error.what(),
                      "please report this with the command you ran");
    }
}

}  // namespace mig::cli
