#pragma once

#include "cli/command_tree.hpp"

#include <string>
#include <string_view>

namespace mig::cli {

// `mig completion SHELL`: scripts rendered from the command tree (command_tree.hpp), so they
// complete exactly the commands and options --help shows. Revision ids and targets come at
// completion time from `mig [-C DIR] [--config FILE] __complete targets` (one "id<TAB>message"
// a line), run with the binary the user typed and silent on any error.
std::string bash_completion(const CommandSpec& root);
std::string zsh_completion(const CommandSpec& root);
std::string fish_completion(const CommandSpec& root);

// The shell functions bash and zsh share: `_mig_commands PATH` and `_mig_options PATH` print
// "name:help" lines, `_mig_value PATH WORD` prints the kind of value an option (WORD) or the
// Nth argument (WORD "#N") takes, nothing for a flag. Plain `case` tables.
std::string sh_tables(const CommandSpec& root);

// `text` in single quotes for sh (bash, zsh) and for fish, which escape differently.
std::string sh_quote(std::string_view text);
std::string fish_quote(std::string_view text);

}  // namespace mig::cli
