#pragma once

#include "workflow/project.hpp"

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mig::workflow {

// The git hooks mig installs, in the order it lists them.
inline constexpr std::array<std::string_view, 4> k_hook_names = {"pre-commit", "pre-push",
                                                                 "post-checkout", "post-merge"};

// A hook that was in place before mig's is kept under this suffix (`pre-commit.mig-chained`)
// in the same folder, and mig's script runs it first.
inline constexpr std::string_view k_chained_suffix = ".mig-chained";

// What is at one hook's name.
enum class HookState {
    mig,      // mig's script
    chained,  // mig's script, with the hook that was there before kept and run first
    foreign,  // someone else's hook (mig's is not installed over it)
    missing,  // nothing
};

std::string_view hook_state_name(HookState state);

struct HookStatus {
    std::string name;
    HookState state = HookState::missing;
};

struct HooksStatus {
    std::filesystem::path dir;  // where git looks for the hooks
    std::vector<HookStatus> hooks;
};

// What install or uninstall did to one hook.
enum class HookChange {
    installed,          // mig's script written where there was none
    installed_chained,  // the hook that was there renamed to <name>.mig-chained, mig's written
    updated,            // mig's script rewritten (another mig binary, or an older script)
    unchanged,          // already byte for byte what install writes
    removed,            // mig's script deleted
    restored,           // mig's script deleted and the chained hook put back under its name
    not_installed,      // uninstall: mig's script was not there
    left_alone,         // uninstall: someone else's hook, not touched
};

struct HookResult {
    std::string name;
    HookChange change = HookChange::unchanged;
};

struct HooksResult {
    std::filesystem::path dir;
    std::vector<HookResult> hooks;
};

// What the installed scripts are filled in with.
struct HookSettings {
    std::filesystem::path mig_binary;  // absolute; empty: the scripts use `mig` on PATH
    std::string project_dir = ".";     // mig.toml's folder, relative to the work tree root
};

// The script mig installs as `name` (one of k_hook_names): hooks/<name>.sh of this repository,
// compiled in, with `settings` filled in. Installing twice gives the same bytes.
std::string render_hook(std::string_view name, const HookSettings& settings);

// --- on a hooks folder (the functions below find it from the project's repository) ----------

HooksStatus hooks_status_in(const std::filesystem::path& dir);

// Writes mig's four scripts into `dir` (created if needed), each atomically and with mode
// 0755. A hook that is not mig's is renamed to <name>.mig-chained, kept byte for byte with its
// mode. RefusedError, before anything changes, when such a hook's <name>.mig-chained is
// already taken.
HooksResult install_hooks_in(const std::filesystem::path& dir, const HookSettings& settings);

// Deletes mig's scripts from `dir` and renames each <name>.mig-chained back to <name>.
// Other hooks are left alone.
HooksResult uninstall_hooks_in(const std::filesystem::path& dir);

// --- on the project's git repository ---------------------------------------------------------

// The hooks of the repository holding the project (its hooks folder honours core.hooksPath
// and linked worktrees). InputError (exit 2) outside git.
HooksStatus hooks_status(const Project& project);
HooksResult install_hooks(const Project& project, const std::filesystem::path& mig_binary);
HooksResult uninstall_hooks(const Project& project);

// One phrase for `mig status`: "installed (pre-commit, pre-push, post-checkout, post-merge)",
// "not installed", or each hook with its state.
std::string hooks_summary(const HooksStatus& status);

// What the post-checkout and post-merge hooks say, one line each (empty: nothing to say): a
// database at a revision this checkout does not have and what to run, several migration heads
// and the `mig merge` that joins them, pending upgrades. Reads only (see status()); with
// `[hooks] sync = true` the post-checkout hook runs `mig sync` instead (cli/commands_sync.hpp).
enum class HookEvent { post_checkout, post_merge };
std::vector<std::string> hook_report(Project& project, HookEvent event);

}  // namespace mig::workflow
