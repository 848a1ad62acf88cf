// The hook scripts and the install/uninstall/status decisions on a plain folder (no git):
// rendering fills in the two lines safely for sh, the four scripts share their preamble, and
// the states and changes each situation gives.
#include "workflow/hooks.hpp"

#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace mig::workflow {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using ::testing::HasSubstr;

std::vector<std::string> states(const HooksStatus& status) {
    std::vector<std::string> words;
    for (const HookStatus& hook : status.hooks) {
        words.emplace_back(hook_state_name(hook.state));
    }
    return words;
}

std::vector<HookChange> changes(const HooksResult& result) {
    std::vector<HookChange> all;
    for (const HookResult& hook : result.hooks) {
        all.push_back(hook.change);
    }
    return all;
}

TEST(RenderHook, FillsInTheBinaryAndTheProjectQuotedForSh) {
    HookSettings settings;
    settings.mig_binary = "/opt/it's here/mig";
    settings.project_dir = "services/api $HOME";
    const std::string script = render_hook("pre-commit", settings);
    EXPECT_THAT(script, HasSubstr("\nmig_binary='/opt/it'\\''s here/mig'\n"));
    EXPECT_THAT(script, HasSubstr("\nmig_project='services/api $HOME'\n"));
    EXPECT_EQ(render_hook("pre-commit", settings), script) << "the same bytes every time";

    // sh reads the values back exactly.
    TempDir dir;
    const fs::path file = dir.write("values.sh", script.substr(0, script.find("\nhook_dir=")) +
                                                     "\nprintf '%s|%s' \"$mig_binary\" "
                                                     "\"$mig_project\" > values.txt\n");
    const std::string command = "cd '" + dir.path().string() + "' && sh " + file.string();
    ASSERT_EQ(std::system(command.c_str()), 0);
    EXPECT_EQ(dir.read("values.txt"), "/opt/it's here/mig|services/api $HOME");
}

TEST(RenderHook, TheFourScriptsShareHowTheyFindMig) {
    const HookSettings settings;
    const auto preamble = [&](std::string_view name) {
        const std::string script = render_hook(name, settings);
        const auto from = script.find("\n# Filled in by `mig hooks install`");
        const auto to = script.find("\n}\n", from);
        return script.substr(from, to - from);
    };
    for (std::string_view name : k_hook_names) {
        EXPECT_EQ(preamble(name), preamble("pre-commit")) << name;
        EXPECT_THAT(render_hook(name, settings),
                    HasSubstr("\n# mig-hook: " + std::string(name) + "\n"));
    }
}

TEST(HooksIn, InstallChainsForeignHooksAndUninstallPutsThemBack) {
    TempDir dir;
    const fs::path hooks = dir / "hooks";
    EXPECT_THAT(states(hooks_status_in(hooks)),
                ::testing::ElementsAre("missing", "missing", "missing", "missing"));
    dir.write("hooks/post-merge", "#!/bin/sh\n");
    dir.write("hooks/pre-commit.sample", "not a hook");

    const HooksResult installed = install_hooks_in(hooks, {});
    EXPECT_THAT(changes(installed),
                ::testing::ElementsAre(HookChange::installed, HookChange::installed,
                                       HookChange::installed, HookChange::installed_chained));
    EXPECT_THAT(states(hooks_status_in(hooks)),
                ::testing::ElementsAre("mig", "mig", "mig", "chained"));
    EXPECT_EQ(hooks_summary(hooks_status_in(hooks)),
              "installed (pre-commit, pre-push, post-checkout, post-merge)");
    EXPECT_THAT(changes(install_hooks_in(hooks, {})), ::testing::Each(HookChange::unchanged));
    HookSettings moved;
    moved.mig_binary = "/usr/local/bin/mig";
    EXPECT_THAT(changes(install_hooks_in(hooks, moved)), ::testing::Each(HookChange::updated));

    EXPECT_THAT(changes(uninstall_hooks_in(hooks)),
                ::testing::ElementsAre(HookChange::removed, HookChange::removed,
                                       HookChange::removed, HookChange::restored));
    EXPECT_EQ(dir.read("hooks/post-merge"), "#!/bin/sh\n");
    EXPECT_EQ(dir.read("hooks/pre-commit.sample"), "not a hook");
    EXPECT_THAT(states(hooks_status_in(hooks)),
                ::testing::ElementsAre("missing", "missing", "missing", "foreign"));
    EXPECT_EQ(hooks_summary(hooks_status_in(hooks)), "not installed");
}

TEST(HooksIn, AHookThatOnlyMentionsMigIsNotMigs) {
    TempDir dir;
    dir.write("hooks/pre-commit", "#!/bin/sh\n# runs mig check --staged, mig-hook: pre-commit\n");
    EXPECT_EQ(hooks_status_in(dir / "hooks").hooks.at(0).state, HookState::foreign);
    dir.write("hooks/pre-push", "#!/bin/sh\n# mig-hook: pre-commit\n");  // another hook's marker
    EXPECT_EQ(hooks_status_in(dir / "hooks").hooks.at(1).state, HookState::foreign);
}

TEST(HooksIn, AKeptHookIsRestoredEvenWhenMigsScriptWasDeletedByHand) {
    TempDir dir;
    dir.write("hooks/pre-commit", "#!/bin/sh\nexit 3\n");
    install_hooks_in(dir / "hooks", {});
    fs::remove(dir / "hooks/pre-commit");
    EXPECT_EQ(uninstall_hooks_in(dir / "hooks").hooks.at(0).change, HookChange::restored);
    EXPECT_EQ(dir.read("hooks/pre-commit"), "#!/bin/sh\nexit 3\n");
    EXPECT_FALSE(fs::exists(dir / "hooks/pre-commit.mig-chained"));
}

}  // namespace
}  // namespace mig::workflow
