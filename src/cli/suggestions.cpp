#include "cli/suggestions.hpp"

#include "util/spelling.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace mig::cli {

namespace {

// A word CLI11 left over, and the (sub)command that was parsing when it did.
struct Unexpected {
    const CLI::App* where = nullptr;
    std::string word;
};

// The deepest command the user named: mig itself, `upgrade`, or `hooks install`.
const CLI::App* deepest_parsed(const CLI::App& app) {
    const std::vector<CLI::App*> parsed = app.get_subcommands();
    return parsed.empty() ? &app : deepest_parsed(*parsed.front());
}

// The first left-over word of `app` or of the commands parsed under it; mig's own first.
std::optional<Unexpected> first_unexpected(const CLI::App& app) {
    const std::vector<std::string> words = app.remaining(false);
    if (!words.empty()) {
        return Unexpected{&app, words.front()};
    }
    for (const CLI::App* sub : app.get_subcommands()) {
        if (std::optional<Unexpected> found = first_unexpected(*sub)) {
            return found;
        }
    }
    return std::nullopt;
}

bool is_option_word(const std::string& word) {
    return word.size() > 1 && word[0] == '-';
}

// Every option name that `command` accepts, its ancestors' included ("--sql", "-C", ...).
std::vector<std::string> option_names(const CLI::App* command) {
    std::vector<std::string> names;
    for (const CLI::App* at = command; at != nullptr; at = at->get_parent()) {
        for (const CLI::Option* option : at->get_options()) {
            for (const std::string& name : option->get_lnames()) {
                names.push_back("--" + name);
            }
            for (const std::string& name : option->get_snames()) {
                names.push_back("-" + name);
            }
        }
    }
    return names;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    const std::vector<std::string> close = util::closest_matches(word, candidates, 2);
    return close.empty() ? "" : "; did you mean " + util::join(close, " or ") + "?";
}

std::string help_hint(const CLI::App& command, const char* what) {
    return "run `" + command_path(command) + " --help` for " + what;
}

ParseFailure unknown_option(const CLI::App& command, const std::string& word) {
    const std::string name = word.substr(0, word.find('='));  // --frob=1 names --frob
    const std::string path = command_path(command);
    std::string message = "unknown option " + name;
    if (command.get_parent() != nullptr) {
        message += " for " + path;
    }
    return {message + did_you_mean(name, option_names(&command)),
            help_hint(command, command.get_parent() != nullptr ? "its options" : "the options")};
}

ParseFailure unknown_word(const CLI::App& command, const std::string& word) {
    const std::vector<std::string> commands = visible_command_names(command);
    if (!commands.empty()) {  // mig and `hooks` take commands, never free arguments
        std::string message = "unknown command " + word;
        if (command.get_parent() != nullptr) {
            message = "unknown command " + command_path(command) + " " + word;
        }
        return {message + did_you_mean(word, commands),
                help_hint(command, command.get_parent() != nullptr ? "its commands"
                                                                   : "the list of commands")};
    }
    return {"unexpected argument " + word + " for " + command_path(command),
            help_hint(command, "its arguments")};
}

// "-m/--message MSG" for an option, "REV" for an argument.
std::string shown(const CLI::Option& option) {
    std::vector<std::string> names;
    for (const std::string& name : option.get_snames()) {
        names.push_back("-" + name);
    }
    for (const std::string& name : option.get_lnames()) {
        names.push_back("--" + name);
    }
    if (names.empty()) {
        std::string text = option.get_option_text();
        if (text.empty()) {  // an argument without a placeholder: its name, as --help shows it
            for (const char c : option.get_name()) {
                text += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
        }
        return text;
    }
    std::string text = util::join(names, "/");
    if (option.get_expected_max() != 0 && !option.get_option_text().empty()) {
        text += " " + option.get_option_text();
    }
    return text;
}

// "TARGET: head, heads, base, REV, +N, -N": what is missing and what it is.
std::string described(const CLI::Option& option) {
    std::string help = option.get_description();
    // "What the merge is for" continues the sentence; "REV, a unique prefix" keeps its case.
    if (help.size() > 1 && std::islower(static_cast<unsigned char>(help[1])) != 0) {
        help[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(help[0])));
    }
    return shown(option) + (help.empty() ? "" : ": " + help);
}

std::string or_list(const std::vector<std::string>& words) {
    if (words.size() < 2) {
        return util::join(words, "");
    }
    return util::join(std::vector<std::string>(words.begin(), words.end() - 1), ", ") + " or " +
           words.back();
}

// A command named without the subcommand, argument or option it needs, or an option given
// without its value: said in the command's words rather than CLI11's ("rev is required").
std::optional<ParseFailure> describe_missing(const CLI::App& command,
                                             const CLI::ParseError& error) {
    const std::string path = command_path(command);
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        const std::vector<std::string> commands = visible_command_names(command);
        if (!commands.empty() && command.get_subcommands().empty() &&
            command.get_require_subcommand_min() > 0) {
            return ParseFailure{path + " needs a command: " + or_list(commands),
                                help_hint(command, "its commands")};
        }
        for (const CLI::Option* option : command.get_options()) {
            if (option->get_required() && option->count() == 0) {
                return ParseFailure{path + " needs " + described(*option),
                                    help_hint(command, "an example")};
            }
        }
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
        const std::string what = error.what();
        for (const CLI::App* at = &command; at != nullptr; at = at->get_parent()) {
            for (const CLI::Option* option : at->get_options()) {
                if (option->nonpositional() && what.rfind(option->get_name() + ":", 0) == 0) {
                    return ParseFailure{shown(*option) + " needs a value" +
                                            (at->get_parent() != nullptr ? " for " + path : ""),
                                        help_hint(command, "an example")};
                }
            }
        }
    }
    return std::nullopt;
}

// With fallthrough, a word no command takes lands on mig itself wherever it was typed: it
// belongs to the deepest command named before it on the command line.
const CLI::App* owner_of(const CLI::App& app, const std::vector<std::string>& args,
                         const std::string& word) {
    const auto word_at = std::find(args.begin(), args.end(), word);
    const CLI::App* owner = &app;
    auto searched_from = args.begin();
    for (const CLI::App* at = &app;;) {
        const std::vector<CLI::App*> parsed = at->get_subcommands();
        if (parsed.empty()) {
            return owner;
        }
        const auto named_at = std::find(searched_from, args.end(), parsed.front()->get_name());
        if (named_at >= word_at) {
            return owner;
        }
        owner = at = parsed.front();
        searched_from = named_at + 1;
    }
}

}  // namespace

std::vector<std::string> visible_command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) {
        if (!sub->get_group().empty()) {
            names.push_back(sub->get_name());
        }
    }
    return names;
}

std::string command_path(const CLI::App& app) {
    return app.get_parent() == nullptr ? app.get_name()
                                       : command_path(*app.get_parent()) + " " + app.get_name();
}

ParseFailure describe_parse_error(const CLI::App& app, const CLI::ParseError& error,
                                  const std::vector<std::string>& args) {
    const std::optional<Unexpected> unexpected = first_unexpected(app);
    if (!unexpected) {
        const CLI::App& command = *deepest_parsed(app);
        if (std::optional<ParseFailure> missing = describe_missing(command, error)) {
            return *missing;
        }
        return {error.what(), "run `" + command_path(command) + " --help` for usage"};
    }
    // With fallthrough a command's unknown option lands on mig itself: suggest from the
    // command the user named, whose options include mig's.
    if (is_option_word(unexpected->word)) {
        return unknown_option(*deepest_parsed(app), unexpected->word);
    }
    const CLI::App* where =
        unexpected->where == &app ? owner_of(app, args, unexpected->word) : unexpected->where;
    return unknown_word(*where, unexpected->word);
}

}  // namespace mig::cli
