// Every option and argument that takes a value refuses an empty one (exit 2, one line naming
// it), whatever the command. The options are read from the command table itself, so an option
// added later is covered without touching this test; each case runs the real binary in an empty
// folder, so a regression that lets a command run cannot write into the test's own folder.

#include "cli/app.hpp"
#include "support/run_mig.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

bool is_positional(const CLI::Option& option) {
    return option.get_lnames().empty() && option.get_snames().empty();
}

bool takes_value(const CLI::Option& option) {
    return option.get_expected_max() != 0;
}

// How the error names the option: its first long or short name, or its placeholder.
std::string shown_name(const CLI::Option& option) {
    if (!option.get_lnames().empty()) {
        return "--" + option.get_lnames().front();
    }
    if (!option.get_snames().empty()) {
        return "-" + option.get_snames().front();
    }
    return option.get_option_text();
}

// The command line `mig [COMMAND] ... OPTION ""`, with every other required option and
// argument of the command given a harmless value so that only the empty one is wrong.
std::vector<std::string> empty_value_args(const CLI::App* command, const CLI::Option& tested) {
    std::vector<std::string> args;
    if (command == nullptr) {
        return {tested.get_name(), ""};
    }
    args.push_back(command->get_name());
    for (const CLI::Option* option : command->get_options()) {
        if (option == &tested || !option->get_required() || !takes_value(*option)) {
            continue;
        }
        if (!is_positional(*option)) {
            args.push_back(option->get_name());
        }
        args.emplace_back("x");
    }
    if (!is_positional(tested)) {
        args.push_back(tested.get_name());
    }
    args.emplace_back("");
    return args;
}

struct Case {
    std::vector<std::string> args;
    std::string name;
};

std::vector<Case> every_option_with_a_value() {
    auto line = mig::cli::make_command_line();
    std::vector<Case> cases;
    auto add = [&](const CLI::App* command, const CLI::App& owner) {
        for (const CLI::Option* option : owner.get_options()) {
            if (takes_value(*option)) {
                cases.push_back({empty_value_args(command, *option), shown_name(*option)});
            }
        }
    };
    add(nullptr, line->app);
    for (const auto& [sub, handler] : line->table) {
        add(sub, *sub);
    }
    return cases;
}

TEST(EmptyValues, EveryOptionOfEveryCommandRefusesAnEmptyValue) {
    const std::vector<Case> cases = every_option_with_a_value();
    // -C, --config, --database-url, --env and the commands' own: a test that found none
    // would prove nothing.
    ASSERT_GE(cases.size(), 20U);
    for (const Case& c : cases) {
        TempDir dir;
        MigResult result = run_mig(dir.path(), c.args, {{"MIG_DATABASE_URL", ""}, {"MIG_ENV", ""}});
        std::string shown;
        for (const auto& arg : c.args) {
            shown += arg.empty() ? " ''" : " " + arg;
        }
        EXPECT_EQ(result.exit_code, 2) << "mig" << shown << "\n" << result.err;
        EXPECT_THAT(result.err, StartsWith("mig: error: ")) << "mig" << shown;
        EXPECT_THAT(result.err, HasSubstr(c.name)) << "mig" << shown;
        EXPECT_THAT(result.err, HasSubstr(" is empty; pass ")) << "mig" << shown;
        EXPECT_THAT(result.err, EndsWith("\n"));
        EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
        EXPECT_EQ(result.out, "");
        EXPECT_TRUE(fs::is_empty(dir.path())) << "mig" << shown << " wrote something";
    }
}

TEST(EmptyValues, TheMessageSaysWhatToPass) {
    TempDir dir;
    MigResult url = run_mig(dir.path(), {"--database-url", "", "upgrade"});
    EXPECT_EQ(url.exit_code, 2);
    EXPECT_EQ(url.err,
              "mig: error: --database-url is empty; pass a URL such as sqlite:///app.db, or "
              "leave the option out\n");
    MigResult against = run_mig(dir.path(), {"check", "--against", ""});
    EXPECT_EQ(against.exit_code, 2);
    EXPECT_EQ(against.err,
              "mig: error: --against is empty; pass a git ref such as origin/main, or leave the "
              "option out\n");
    // `--against=` is CLI11's "no value at all": refused too, naming the option.
    MigResult equals = run_mig(dir.path(), {"check", "--against="});
    EXPECT_EQ(equals.exit_code, 2);
    EXPECT_EQ(equals.err,
              "mig: error: --against REF needs a value for mig check; run `mig check --help` for "
              "an example\n");
    MigResult target = run_mig(dir.path(), {"stamp", ""});
    EXPECT_EQ(target.exit_code, 2);
    EXPECT_EQ(target.err,
              "mig: error: TARGET is empty; pass a target such as head, base or a revision id\n");
    MigResult message = run_mig(dir.path(), {"revision", "-m", ""});
    EXPECT_EQ(message.exit_code, 2);
    EXPECT_EQ(message.err,
              "mig: error: -m/--message is empty; pass a message such as \"add users\"\n");
}

}  // namespace
}  // namespace mig::test
