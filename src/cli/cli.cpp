#include "cli/cli.hpp"

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/command.hpp"
#include "cli/empty_values.hpp"
#include "cli/logging.hpp"
#include "cli/standard_output.hpp"
#include "cli/suggestions.hpp"
#include "db/database_url.hpp"
#include "util/error.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

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
    // Passwords never reach the terminal, whichever layer let a URL into the message. (Hints
    // are mig's own advice, with example URLs such as postgresql://user:password@host.)
    std::string line = stderr_prefix("error") + " " + one_line(db::redact_secrets(message));
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

// Decided as soon as the command line is read, so that an error about the command line itself
// is coloured as asked. A --color value that is not a choice counts as auto until
// require_color_choice refuses it.
void choose_color(const Globals& globals) {
    const std::optional<ColorChoice> choice = parse_color_choice(globals.color);
    set_stderr_color(use_color(choice.value_or(ColorChoice::automatic), current_terminal()));
    // Standard output is coloured on a terminal only, whatever --color says: a pipe or a file
    // gets data, and `always` means "even with NO_COLOR or TERM=dumb" there.
    const ColorTerminal out = current_terminal_of_stdout();
    set_stdout_color(out.is_terminal && use_color(choice.value_or(ColorChoice::automatic), out));
}

void require_color_choice(const std::string& value) {
    if (!parse_color_choice(value)) {
        throw InputError("--color " + value + " is not one of auto, always, never",
                         "pass --color auto (the default), always or never");
    }
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

// `--help` and `--version`: CLI11's text, written like any output so that a failure to write
// it is reported with its cause.
int print_and_exit(const CLI::App& app, const CLI::Error& request) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = app.exit(request, out, err);
    write_output(stdout, out.str());
    std::fputs(err.str().c_str(), stderr);
    return finish_output(code);
}

}  // namespace

int run(int argc, char** argv) {
    prepare_standard_output();
    std::unique_ptr<CommandLine> line = make_command_line();
    CLI::App& app = line->app;
    const Globals& globals = line->globals;
    const std::string& chdir = line->chdir;

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return print_and_exit(app, help);
    } catch (const CLI::CallForAllHelp& help) {
        return print_and_exit(app, help);
    } catch (const CLI::CallForVersion& version) {
        return print_and_exit(app, version);
    } catch (const CLI::ParseError& error) {
        choose_color(globals);
        const ParseFailure failure =
            describe_parse_error(app, error, std::vector<std::string>(argv + 1, argv + argc));
        return report(ExitCode::bad_input, failure.message, failure.hint);
    }

    choose_color(globals);
    configure_logging(globals.verbosity, globals.quiet);
    try {
        refuse_empty_values(app);
        require_color_choice(globals.color);
        if (!chdir.empty()) {
            if (!fs::is_directory(chdir)) {
                throw InputError("-C " + chdir + ": no such directory",
                                 "check the path given to -C");
            }
            fs::current_path(chdir);  // like `git -C`: everything after is relative to DIR
        }
        for (auto& [sub, command] : line->table) {
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
