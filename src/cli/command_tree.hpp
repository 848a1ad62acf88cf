#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace mig::cli {

// What a value of an option or argument is, for completion: the shells complete revisions
// through `mig __complete targets`, paths with their own functions, choices from the list.
enum class ValueKind { none, any, target, file, directory, choice, command };

struct OptionSpec {
    std::vector<std::string> names;  // "-C", "--config"; empty for a positional argument
    std::string placeholder;         // "FILE", "TARGET"; empty for a flag
    std::string help;
    ValueKind kind = ValueKind::none;  // none: a flag, which takes no value
    std::vector<std::string> choices;  // for ValueKind::choice
    bool required = false;
    bool repeatable = false;  // may be given (or, as an argument, take words) more than once
};

// A command as --help shows it. The shell completions and the man page are rendered from
// this tree, which is read from the very CLI::App that parses the command line, so none of
// them can name an option the parser does not know.
struct CommandSpec {
    std::string name;                   // "upgrade"; "mig" at the root
    std::string path;                   // "mig hooks install"
    std::string help;                   // the one-line description
    std::string example;                // the text under "Example:" in the footer
    std::vector<OptionSpec> options;    // -h,--help left out (every command has it)
    std::vector<OptionSpec> arguments;  // positionals, in order
    std::vector<CommandSpec> commands;  // visible subcommands, in the table's order
};

// The tree under `app`; hidden commands (group "") are left out, since nobody types them.
CommandSpec describe_commands(const CLI::App& app);

// The placeholder's kind and choices, e.g. TARGET -> target, DIR -> directory,
// WHEN -> choice {auto, always, never}. One table for every option of every command.
ValueKind value_kind(const std::string& placeholder);
std::vector<std::string> value_choices(const std::string& placeholder);

// Every command of the tree, the root first, parents before their children.
std::vector<const CommandSpec*> all_commands(const CommandSpec& root);

// "target", "file", "directory", "command", "any", "choice:auto always never"; "" for a flag:
// the words the completion scripts switch on.
std::string kind_word(const OptionSpec& option);

}  // namespace mig::cli
