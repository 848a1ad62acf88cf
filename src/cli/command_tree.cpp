#include "cli/command_tree.hpp"

#include "util/strings.hpp"

#include <cctype>

namespace mig::cli {

namespace {

constexpr std::string_view k_example_heading = "Example:\n";

std::string upper(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return text;
}

OptionSpec describe_option(const CLI::Option& option) {
    OptionSpec spec;
    for (const std::string& name : option.get_snames()) {
        spec.names.push_back("-" + name);
    }
    for (const std::string& name : option.get_lnames()) {
        spec.names.push_back("--" + name);
    }
    spec.help = option.get_description();
    spec.required = option.get_required();
    if (option.get_expected_max() != 0) {
        spec.placeholder = option.get_option_text();
        if (spec.placeholder.empty()) {
            spec.placeholder = upper(option.get_name(false, false));
        }
        spec.kind = value_kind(spec.placeholder);
        spec.choices = value_choices(spec.placeholder);
    }
    const bool many_values = option.get_items_expected_max() > 1;
    spec.repeatable =
        many_values || (option.nonpositional() && option.get_expected_max() != 0 &&
                        option.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll);
    return spec;
}

std::string example_of(const CLI::App& app) {
    const std::string footer = app.get_footer();
    const std::size_t at = footer.find(k_example_heading);
    if (at == std::string::npos) {
        return "";
    }
    return std::string(util::trim(footer.substr(at + k_example_heading.size())));
}

CommandSpec describe(const CLI::App& app, const std::string& path) {
    CommandSpec spec;
    spec.name = app.get_name();
    spec.path = path;
    spec.help = app.get_description();
    spec.example = example_of(app);
    for (const CLI::Option* option : app.get_options()) {
        if (option == app.get_help_ptr()) {
            continue;
        }
        (option->nonpositional() ? spec.options : spec.arguments)
            .push_back(describe_option(*option));
    }
    for (const CLI::App* sub : app.get_subcommands({})) {
        if (!sub->get_group().empty()) {
            spec.commands.push_back(describe(*sub, path + " " + sub->get_name()));
        }
    }
    return spec;
}

}  // namespace

ValueKind value_kind(const std::string& placeholder) {
    if (placeholder == "TARGET" || placeholder == "REV" || placeholder == "REV..." ||
        placeholder == "A:B") {
        return ValueKind::target;
    }
    if (placeholder == "FILE" || placeholder == "PATH") {
        return ValueKind::file;
    }
    if (placeholder == "DIR") {
        return ValueKind::directory;
    }
    if (placeholder == "COMMAND...") {
        return ValueKind::command;  // mig help
    }
    if (!value_choices(placeholder).empty()) {
        return ValueKind::choice;
    }
    return ValueKind::any;
}

std::vector<std::string> value_choices(const std::string& placeholder) {
    if (placeholder == "WHEN") {
        return {"auto", "always", "never"};  // --color
    }
    if (placeholder == "SHELL") {
        return {"bash", "zsh", "fish"};  // mig completion
    }
    if (placeholder == "FORMAT") {
        return {"golang-migrate", "dbmate", "goose", "flyway", "sqitch", "alembic"};  // mig import
    }
    return {};
}

CommandSpec describe_commands(const CLI::App& app) {
    return describe(app, app.get_name());
}

namespace {

void collect(const CommandSpec& command, std::vector<const CommandSpec*>& out) {
    out.push_back(&command);
    for (const CommandSpec& sub : command.commands) {
        collect(sub, out);
    }
}

}  // namespace

std::vector<const CommandSpec*> all_commands(const CommandSpec& root) {
    std::vector<const CommandSpec*> out;
    collect(root, out);
    return out;
}

std::string kind_word(const OptionSpec& option) {
    switch (option.kind) {
        case ValueKind::none:
            return "";
        case ValueKind::target:
            return "target";
        case ValueKind::file:
            return "file";
        case ValueKind::directory:
            return "directory";
        case ValueKind::command:
            return "command";
        case ValueKind::choice:
            return "choice:" + util::join(option.choices, " ");
        case ValueKind::any:
            break;
    }
    return "any";
}

}  // namespace mig::cli
