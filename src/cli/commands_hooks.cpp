// `mig hooks install | uninstall | status`, and the hidden `mig hooks report HOOK` that the
// installed post-checkout and post-merge scripts call.

#include "cli/command.hpp"
#include "cli/commands_sync.hpp"
#include "util/file_io.hpp"
#include "workflow/hooks.hpp"

#include <cstddef>
#include <filesystem>
#include <string>

namespace mig::cli {

namespace {

namespace fs = std::filesystem;
using workflow::HookChange;

// The running mig, baked into the scripts so that a hook runs the mig that installed it
// even where PATH has none (a GUI client, a virtualenv not activated). Empty when unknown:
// the scripts then look on PATH.
fs::path running_binary() {
    std::error_code error;
    fs::path binary = fs::read_symlink("/proc/self/exe", error);
    return error ? fs::path() : binary;
}

std::string change_text(HookChange change, const std::string& name) {
    const std::string chained = name + std::string(workflow::k_chained_suffix);
    switch (change) {
        case HookChange::installed:
            return "installed";
        case HookChange::installed_chained:
            return "installed; the hook that was there is kept as " + chained + " and runs first";
        case HookChange::updated:
            return "updated";
        case HookChange::unchanged:
            return "already installed";
        case HookChange::removed:
            return "removed";
        case HookChange::restored:
            return "removed; " + chained + " is back as " + name;
        case HookChange::not_installed:
            return "not installed";
        case HookChange::left_alone:
            break;
    }
    return "not mig's, left alone";
}

// "Hooks in .git/hooks:" and one aligned line per hook.
std::string heading(const fs::path& dir) {
    return "Hooks in " + util::display_path(dir, fs::current_path()) + ":";
}

std::string padded(const std::string& name) {
    constexpr std::size_t k_width = 15;  // "post-checkout" and two spaces
    return "  " + name + std::string(k_width - std::min(k_width - 1, name.size()), ' ');
}

void print_result(const Output& output, const workflow::HooksResult& result) {
    output.line(heading(result.dir));
    for (const workflow::HookResult& hook : result.hooks) {
        output.line(padded(hook.name) + change_text(hook.change, hook.name));
    }
}

class HooksCommand final : public Command {
public:
    const char* name() const override { return "hooks"; }
    const char* help() const override {
        return "Install, remove or list the git hooks that run mig check (pre-commit, pre-push) "
               "and report after checkouts and merges";
    }
    const char* example() const override {
        return "mig hooks install   # then: mig hooks status, mig hooks uninstall";
    }
    void add_options(CLI::App& app) override {
        app.require_subcommand(1, 1);
        m_install = app.add_subcommand(
            "install",
            "Install pre-commit, pre-push, post-checkout and post-merge; a hook already there "
            "is kept and runs first");
        m_uninstall = app.add_subcommand("uninstall",
                                         "Remove mig's hooks and put back the hooks they chained");
        m_status =
            app.add_subcommand("status", "List each hook as mig, chained, foreign or missing");
        m_report = app.add_subcommand("report", "What the post-checkout and post-merge hooks say");
        m_install->footer(
            "Example:\n  mig hooks install   # then commit as usual: the hooks check");
        m_uninstall->footer("Example:\n  mig hooks uninstall");
        m_status->footer("Example:\n  mig hooks status");
        m_report->footer("Example:\n  mig hooks report post-checkout");
        m_report->group("");  // hidden: the installed scripts call it
        m_report->add_option("hook", m_hook, "post-checkout or post-merge")
            ->required()
            ->check(CLI::IsMember({"post-checkout", "post-merge"}));
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        if (m_install->parsed()) {
            print_result(context.output, workflow::install_hooks(project, running_binary()));
        } else if (m_uninstall->parsed()) {
            print_result(context.output, workflow::uninstall_hooks(project));
        } else if (m_status->parsed()) {
            const workflow::HooksStatus status = workflow::hooks_status(project);
            context.output.line(heading(status.dir));
            for (const workflow::HookStatus& hook : status.hooks) {
                context.output.line(padded(hook.name) +
                                    std::string(workflow::hook_state_name(hook.state)));
            }
        } else if (m_hook == "post-checkout" && project.config().hooks_sync) {
            return sync_after_checkout(context, project);  // [hooks] sync = true: act, not report
        } else {
            const auto event = m_hook == "post-merge" ? workflow::HookEvent::post_merge
                                                      : workflow::HookEvent::post_checkout;
            for (const std::string& line : workflow::hook_report(project, event)) {
                context.output.line("mig: " + line);
            }
        }
        return 0;
    }

private:
    CLI::App* m_install = nullptr;
    CLI::App* m_uninstall = nullptr;
    CLI::App* m_status = nullptr;
    CLI::App* m_report = nullptr;
    std::string m_hook;
};

}  // namespace

void add_hooks_commands(CommandList& commands) {
    commands.push_back(std::make_unique<HooksCommand>());
}

}  // namespace mig::cli
