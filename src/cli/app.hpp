#pragma once

#include "cli/command.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mig::cli {

// The whole command line: the global options and one CLI11 subcommand per Command of the
// command table. Built once per run; tests build it to walk every option.
struct CommandLine {
    CLI::App app{"mig: safe database schema migrations in a git repository"};
    Globals globals;
    std::string chdir;  // -C DIR
    CommandList commands;
    std::vector<std::pair<CLI::App*, Command*>> table;  // subcommand -> its handler
};

std::unique_ptr<CommandLine> make_command_line();

}  // namespace mig::cli
