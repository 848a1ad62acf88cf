#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace mig::cli {

// What to print for a command line CLI11 refused (exit 2): one message and the hint to act on.
struct ParseFailure {
    std::string message;
    std::string hint;
};

// Names the first word nobody expected, with the closest names it could have meant: an unknown
// command ("unknown command upgade; did you mean upgrade?"), an unknown option of the command
// given or of mig itself (fallthrough sends a command's unknown options to mig), or a stray
// argument. Any other parse error keeps CLI11's message. `app` is the root, after parse threw;
// `args` the command line without argv[0].
ParseFailure describe_parse_error(const CLI::App& app, const CLI::ParseError& error,
                                  const std::vector<std::string>& args);

// The visible commands under `app` ("init", "upgrade", ...), in the order of the table.
std::vector<std::string> visible_command_names(const CLI::App& app);

// "mig", "mig upgrade", "mig hooks install": how a (sub)command is typed.
std::string command_path(const CLI::App& app);

}  // namespace mig::cli
