#include "cli/empty_values.hpp"

#include "util/error.hpp"

#include <map>
#include <string>

namespace mig::cli {

namespace {

// What a value looks like, by the placeholder the option shows in --help.
std::string example_value(const std::string& placeholder) {
    static const std::map<std::string, std::string> k_examples = {
        {"URL", "a URL such as sqlite:///app.db"},
        {"MSG", "a message such as \"add users\""},
        {"DIR", "a folder"},
        {"FILE", "a file such as mig.toml"},
        {"NAME", "a name"},
        {"REF", "a git ref such as origin/main"},
        {"REV", "a revision id, head or base"},
        {"REV...", "revision ids, or heads"},
        {"TARGET", "a target such as head, base or a revision id"},
        {"ID", "an id of letters, digits and _"},
        {"PATH", "a path"},
        {"A=B", "old=new"},
        {"A:B", "a range such as base:head"},
        {"WHEN", "auto, always or never"},
    };
    auto found = k_examples.find(placeholder);
    return found != k_examples.end() ? found->second : "a value";
}

// `-r/--rev-range`, or `TARGET` for a positional argument.
std::string display_name(const CLI::Option& option) {
    if (option.get_lnames().empty() && option.get_snames().empty()) {
        return option.get_option_text().empty() ? option.get_name(true) : option.get_option_text();
    }
    std::string name;
    for (const auto& short_name : option.get_snames()) {
        name += (name.empty() ? "-" : "/-") + short_name;
    }
    for (const auto& long_name : option.get_lnames()) {
        name += (name.empty() ? "--" : "/--") + long_name;
    }
    return name;
}

void check_options(const CLI::App& app) {
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_expected_max() == 0) {
            continue;  // a flag: it takes no value
        }
        for (const std::string& value : option->results()) {
            if (!value.empty()) {
                continue;
            }
            const bool positional = option->get_lnames().empty() && option->get_snames().empty();
            std::string hint = "pass " + example_value(option->get_option_text());
            if (!option->get_required()) {
                hint += positional ? ", or leave it out" : ", or leave the option out";
            }
            throw InputError(display_name(*option) + " is empty", hint);
        }
    }
}

}  // namespace

void refuse_empty_values(const CLI::App& app) {
    check_options(app);
    for (const CLI::App* sub : app.get_subcommands()) {
        refuse_empty_values(*sub);
    }
}

}  // namespace mig::cli
