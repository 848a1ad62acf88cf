// The case tables shared by the bash and zsh scripts (completion_scripts.hpp).

#include "cli/completion_scripts.hpp"

#include <vector>

namespace mig::cli {

namespace {

// "name:help" for zsh's _describe (a colon inside the name is escaped); bash cuts at the colon.
std::string described(const std::string& name, const std::string& help) {
    std::string escaped;
    for (char c : name) {
        if (c == ':') {
            escaped += '\\';
        }
        escaped += c;
    }
    return escaped + ":" + help;
}

void add_case(std::string& out, const std::string& pattern, const std::vector<std::string>& lines) {
    if (lines.empty()) {
        return;
    }
    out += "        " + pattern + ") printf '%s\\n'";
    for (const std::string& line : lines) {
        out += " \\\n            " + sh_quote(line);
    }
    out += " ;;\n";
}

std::string commands_table(const std::vector<const CommandSpec*>& commands) {
    std::string out =
        "# The commands under a command path, as name:help.\n_mig_commands() {\n"
        "    case \"$1\" in\n";
    for (const CommandSpec* command : commands) {
        std::vector<std::string> lines;
        for (const CommandSpec& sub : command->commands) {
            lines.push_back(described(sub.name, sub.help));
        }
        add_case(out, sh_quote(command->path), lines);
    }
    return out + "    esac\n}\n\n";
}

// A command's own options, then mig's (accepted after any command).
std::string options_table(const CommandSpec& root,
                          const std::vector<const CommandSpec*>& commands) {
    std::string out =
        "# The options of a command path (its own, then mig's), as name:help.\n"
        "_mig_options() {\n    case \"$1\" in\n";
    for (const CommandSpec* command : commands) {
        if (command == &root) {
            continue;
        }
        std::vector<std::string> lines;
        for (const OptionSpec& option : command->options) {
            for (const std::string& name : option.names) {
                lines.push_back(described(name, option.help));
            }
        }
        add_case(out, sh_quote(command->path), lines);
    }
    out += "    esac\n";
    std::vector<std::string> global;
    for (const OptionSpec& option : root.options) {
        for (const std::string& name : option.names) {
            global.push_back(described(name, option.help));
        }
    }
    out += "    printf '%s\\n'";
    for (const std::string& line : global) {
        out += " \\\n        " + sh_quote(line);
    }
    return out + "\n}\n\n";
}

std::string values_table(const CommandSpec& root, const std::vector<const CommandSpec*>& commands) {
    std::string out =
        "# The value an option (WORD) or the Nth argument (WORD #N) of a command path takes:\n"
        "# target, file, directory, command, any or choice:WORDS; nothing for a flag.\n"
        "_mig_value() {\n    case \"$1 $2\" in\n";
    for (const CommandSpec* command : commands) {
        if (command == &root) {
            continue;
        }
        for (const OptionSpec& option : command->options) {
            const std::string kind = kind_word(option);
            for (const std::string& name : option.names) {
                if (!kind.empty()) {
                    out += "        " + sh_quote(command->path + " " + name) + ") echo " +
                           sh_quote(kind) + "; return ;;\n";
                }
            }
        }
        for (std::size_t i = 0; i < command->arguments.size(); ++i) {
            const OptionSpec& argument = command->arguments[i];
            // A repeatable argument (REV...) takes every word from its position on.
            const std::string pattern =
                argument.repeatable ? sh_quote(command->path + " #") + "*"
                                    : sh_quote(command->path + " #" + std::to_string(i + 1));
            out +=
                "        " + pattern + ") echo " + sh_quote(kind_word(argument)) + "; return ;;\n";
        }
    }
    out += "    esac\n    case \"$2\" in\n";
    for (const OptionSpec& option : root.options) {
        const std::string kind = kind_word(option);
        for (const std::string& name : option.names) {
            if (!kind.empty()) {
                out += "        " + sh_quote(name) + ") echo " + sh_quote(kind) + " ;;\n";
            }
        }
    }
    return out + "    esac\n}\n\n";
}

}  // namespace

std::string sh_quote(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string fish_quote(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

std::string sh_tables(const CommandSpec& root) {
    const std::vector<const CommandSpec*> commands = all_commands(root);
    return commands_table(commands) + options_table(root, commands) + values_table(root, commands);
}

}  // namespace mig::cli
