// The command tree that the completions and the man page are rendered from is read from the
// parser's own command table: every command and option is there, hidden ones are not, and every
// command, nested ones included, carries an example in its --help.

#include "cli/command_tree.hpp"

#include "cli/app.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::test {
namespace {

using cli::CommandSpec;
using cli::OptionSpec;
using cli::ValueKind;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

const CommandSpec* find(const CommandSpec& parent, const std::string& name) {
    for (const CommandSpec& sub : parent.commands) {
        if (sub.name == name) {
            return &sub;
        }
    }
    return nullptr;
}

std::vector<std::string> names(const std::vector<CommandSpec>& commands) {
    std::vector<std::string> out;
    for (const CommandSpec& command : commands) {
        out.push_back(command.name);
    }
    return out;
}

const OptionSpec* option(const CommandSpec& command, const std::string& name) {
    for (const OptionSpec& spec : command.options) {
        for (const std::string& each : spec.names) {
            if (each == name) {
                return &spec;
            }
        }
    }
    return nullptr;
}

class CommandTree : public ::testing::Test {
protected:
    std::unique_ptr<cli::CommandLine> line = cli::make_command_line();
    CommandSpec tree = cli::describe_commands(line->app);
};

TEST_F(CommandTree, HasEveryVisibleCommandOfTheTableAndNoHiddenOne) {
    std::vector<std::string> visible;
    for (const auto& [sub, command] : line->table) {
        if (!sub->get_group().empty()) {
            visible.emplace_back(command->name());
        }
    }
    EXPECT_EQ(names(tree.commands), visible);
    EXPECT_THAT(names(tree.commands), Contains("upgrade"));
    EXPECT_THAT(names(tree.commands), Contains("completion"));
    EXPECT_THAT(names(tree.commands), Not(Contains("__complete")));
    EXPECT_THAT(names(tree.commands), Not(Contains("__man")));
    const CommandSpec* hooks = find(tree, "hooks");
    ASSERT_NE(hooks, nullptr);
    EXPECT_EQ(names(hooks->commands), (std::vector<std::string>{"install", "uninstall", "status"}));
    EXPECT_EQ(hooks->commands.front().path, "mig hooks install");
}

TEST_F(CommandTree, EveryCommandHasAnExampleThatRunsIt) {
    for (const CommandSpec* command : cli::all_commands(tree)) {
        if (command == &tree) {
            continue;
        }
        EXPECT_THAT(command->example, HasSubstr(command->path)) << command->path;
    }
}

TEST_F(CommandTree, OptionsCarryTheirNamesPlaceholdersAndKinds) {
    const CommandSpec* upgrade = find(tree, "upgrade");
    ASSERT_NE(upgrade, nullptr);
    const OptionSpec* sql = option(*upgrade, "--sql");
    ASSERT_NE(sql, nullptr);
    EXPECT_EQ(sql->kind, ValueKind::none);
    EXPECT_EQ(option(*upgrade, "--help"), nullptr);  // every command has it; not listed
    ASSERT_EQ(upgrade->arguments.size(), 1U);
    EXPECT_EQ(upgrade->arguments[0].placeholder, "TARGET");
    EXPECT_EQ(upgrade->arguments[0].kind, ValueKind::target);

    const OptionSpec* chdir = option(tree, "-C");
    ASSERT_NE(chdir, nullptr);
    EXPECT_EQ(chdir->kind, ValueKind::directory);
    const OptionSpec* color = option(tree, "--color");
    ASSERT_NE(color, nullptr);
    EXPECT_EQ(color->kind, ValueKind::choice);
    EXPECT_EQ(color->choices, (std::vector<std::string>{"auto", "always", "never"}));
    EXPECT_EQ(option(tree, "--config")->kind, ValueKind::file);

    const CommandSpec* merge = find(tree, "merge");
    ASSERT_NE(merge, nullptr);
    ASSERT_FALSE(merge->arguments.empty());
    EXPECT_TRUE(merge->arguments.back().repeatable);
    EXPECT_EQ(merge->arguments.back().kind, ValueKind::target);
    const OptionSpec* message = option(*merge, "-m");
    ASSERT_NE(message, nullptr);
    EXPECT_EQ(message->kind, ValueKind::any);
    EXPECT_EQ(message->names, (std::vector<std::string>{"-m", "--message"}));
}

TEST_F(CommandTree, EveryPlaceholderIsAKnownKind) {
    // A new placeholder must be added to value_kind deliberately: "any" completes nothing.
    const std::vector<std::string> free_text{"URL", "NAME", "MSG",  "ID",
                                             "A=B", "REF",  "KIND", "PROGRAM"};
    for (const CommandSpec* command : cli::all_commands(tree)) {
        std::vector<OptionSpec> all = command->options;
        all.insert(all.end(), command->arguments.begin(), command->arguments.end());
        for (const OptionSpec& spec : all) {
            if (spec.kind == ValueKind::any) {
                EXPECT_THAT(free_text, Contains(spec.placeholder)) << command->path;
            }
        }
    }
}

}  // namespace
}  // namespace mig::test
