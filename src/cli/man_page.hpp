#pragma once

#include "cli/command_tree.hpp"

#include <string>
#include <string_view>

namespace mig::cli {

// mig(1) in man(7) roff: every command with its usage, help, options, arguments and example,
// rendered from the command tree that --help shows (so they never drift), and the facts of the
// contract no option carries: exit status, environment, files. `mig __man` prints it; the build
// writes it to mig.1 and `cmake --install` puts it in share/man/man1.
std::string man_page(const CommandSpec& root, std::string_view version);

// `text` safe as roff body text: backslashes as \e, a leading . or ' guarded, and with
// `literal` every - as \- (option names and examples, which a reader copies).
std::string roff_escape(std::string_view text, bool literal = false);

}  // namespace mig::cli
