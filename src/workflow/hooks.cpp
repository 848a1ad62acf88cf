#include "workflow/hooks.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"
#include "workflow/embedded_hooks.hpp"
#include "workflow/status.hpp"

#include <algorithm>
#include <optional>
#include <system_error>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr fs::perms k_hook_mode = fs::perms::owner_all | fs::perms::group_read |
                                  fs::perms::group_exec | fs::perms::others_read |
                                  fs::perms::others_exec;

std::string_view embedded_script(std::string_view name) {
    if (name == "pre-commit") {
        return k_embedded_pre_commit;
    }
    if (name == "pre-push") {
        return k_embedded_pre_push;
    }
    if (name == "post-checkout") {
        return k_embedded_post_checkout;
    }
    if (name == "post-merge") {
        return k_embedded_post_merge;
    }
    throw std::logic_error("no mig hook named " + std::string(name));
}

// A word for sh between single quotes: each ' becomes '\''.
std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

// Replaces the whole line `line` of `script` (it must be there: the scripts are ours).
void fill_in(std::string& script, const std::string& line, const std::string& replacement) {
    const std::string needle = "\n" + line + "\n";
    const auto at = script.find(needle);
    if (at == std::string::npos) {
        throw std::logic_error("hook script without the line " + line);
    }
    script.replace(at + 1, line.size(), replacement);
}

fs::path hook_path(const fs::path& dir, std::string_view name) {
    return dir / std::string(name);
}

fs::path chained_path(const fs::path& dir, std::string_view name) {
    return dir / (std::string(name) + std::string(k_chained_suffix));
}

// Something (a file, a link, even a dangling one) is at `path`.
bool occupied(const fs::path& path) {
    std::error_code error;
    return fs::symlink_status(path, error).type() != fs::file_type::not_found && !error;
}

// mig's scripts carry a `# mig-hook: NAME` line; a symbolic link is never mig's (mig writes
// files), whatever it points to.
bool is_mig_script(const fs::path& path, std::string_view name) {
    std::error_code error;
    if (!fs::is_regular_file(fs::symlink_status(path, error))) {
        return false;
    }
    const std::optional<std::string> content = util::read_file_if_exists(path);
    return content &&
           content->find("\n# mig-hook: " + std::string(name) + "\n") != std::string::npos;
}

HookState state_of(const fs::path& dir, std::string_view name) {
    const fs::path path = hook_path(dir, name);
    if (!occupied(path)) {
        return HookState::missing;
    }
    if (!is_mig_script(path, name)) {
        return HookState::foreign;
    }
    return occupied(chained_path(dir, name)) ? HookState::chained : HookState::mig;
}

void rename_or_throw(const fs::path& from, const fs::path& to) {
    std::error_code error;
    fs::rename(from, to, error);
    if (error) {
        throw FailedError(
            "cannot rename " + from.string() + " to " + to.string() + ": " + error.message(),
            "check the permissions of " + from.parent_path().string());
    }
}

bool already_written(const fs::path& path, const std::string& content) {
    std::error_code error;
    const auto status = fs::symlink_status(path, error);
    if (error || !fs::is_regular_file(status) ||
        (status.permissions() & fs::perms::mask) != k_hook_mode) {
        return false;
    }
    return util::read_file_if_exists(path) == content;
}

// Renames the hook at `name` out of the way, writes mig's, and puts the hook back when the
// write fails, so a failure never loses it.
void chain_and_write(const fs::path& dir, std::string_view name, const std::string& script) {
    rename_or_throw(hook_path(dir, name), chained_path(dir, name));
    try {
        util::write_file_atomically(hook_path(dir, name), script, k_hook_mode);
    } catch (...) {
        std::error_code ignored;
        fs::rename(chained_path(dir, name), hook_path(dir, name), ignored);
        throw;
    }
}

// Nothing is changed unless every foreign hook can be kept.
void require_free_chained_names(const fs::path& dir) {
    for (std::string_view name : k_hook_names) {
        if (state_of(dir, name) == HookState::foreign && occupied(chained_path(dir, name))) {
            throw RefusedError(
                "cannot keep the " + std::string(name) + " hook of " + dir.string() + ": " +
                    chained_path(dir, name).filename().string() +
                    ", where mig keeps a hook it chains, is already taken; nothing was installed",
                "move one of the two away (the " + std::string(name) +
                    " hook is not mig's), then run `mig hooks install` again");
        }
    }
}

vcs::GitRepository& repository_of(const Project& project) {
    vcs::GitRepository* repository = project.git();
    if (repository == nullptr) {
        throw InputError("the project at " + project.config().root.string() +
                             " is not in a git repository, so it has no git hooks",
                         "run `git init` first (or mig hooks from inside the repository)");
    }
    return *repository;
}

// mig.toml's folder relative to the work tree root, where git runs hooks; absolute when it
// lies outside the work tree.
std::string project_dir_in(const fs::path& root, const fs::path& workdir) {
    std::error_code error;
    const fs::path project = fs::weakly_canonical(root, error);
    const fs::path top = fs::weakly_canonical(workdir, error);
    const fs::path relative = project.lexically_relative(top);
    if (relative.empty() || *relative.begin() == "..") {
        return project.string();
    }
    return relative.string() == "." ? "." : relative.string();
}

std::string revision_list(const std::vector<RevisionSummary>& revisions) {
    std::vector<std::string> ids;
    ids.reserve(revisions.size());
    for (const RevisionSummary& revision : revisions) {
        ids.push_back(revision.id);
    }
    return util::join(ids, ", ");
}

}  // namespace

std::string_view hook_state_name(HookState state) {
    switch (state) {
        case HookState::mig:
            return "mig";
        case HookState::chained:
            return "chained";
        case HookState::foreign:
            return "foreign";
        case HookState::missing:
            break;
    }
    return "missing";
}

std::string render_hook(std::string_view name, const HookSettings& settings) {
    std::string script(embedded_script(name));
    fill_in(script, "mig_binary=''", "mig_binary=" + shell_quote(settings.mig_binary.string()));
    fill_in(script, "mig_project='.'", "mig_project=" + shell_quote(settings.project_dir));
    return script;
}

HooksStatus hooks_status_in(const fs::path& dir) {
    HooksStatus status{dir, {}};
    for (std::string_view name : k_hook_names) {
        status.hooks.push_back({std::string(name), state_of(dir, name)});
    }
    return status;
}

HooksResult install_hooks_in(const fs::path& dir, const HookSettings& settings) {
    require_free_chained_names(dir);
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) {
        throw FailedError("cannot create the hooks folder " + dir.string() + ": " +
                          error.message());
    }
    HooksResult result{dir, {}};
    for (std::string_view name : k_hook_names) {
        const std::string script = render_hook(name, settings);
        const fs::path path = hook_path(dir, name);
        HookChange change = HookChange::installed;
        switch (state_of(dir, name)) {
            case HookState::missing:
                util::write_file_atomically(path, script, k_hook_mode);
                break;
            case HookState::foreign:
                chain_and_write(dir, name, script);
                change = HookChange::installed_chained;
                break;
            case HookState::mig:
            case HookState::chained:
                if (already_written(path, script)) {
                    change = HookChange::unchanged;
                } else {
                    util::write_file_atomically(path, script, k_hook_mode);
                    change = HookChange::updated;
                }
                break;
        }
        result.hooks.push_back({std::string(name), change});
    }
    return result;
}

HooksResult uninstall_hooks_in(const fs::path& dir) {
    HooksResult result{dir, {}};
    for (std::string_view name : k_hook_names) {
        const fs::path path = hook_path(dir, name);
        const HookState state = state_of(dir, name);
        HookChange change = HookChange::not_installed;
        if (state == HookState::foreign) {
            change = HookChange::left_alone;
        } else if (state != HookState::missing) {
            std::error_code error;
            fs::remove(path, error);
            if (error) {
                throw FailedError("cannot remove " + path.string() + ": " + error.message());
            }
            change = HookChange::removed;
        }
        // A kept hook goes back even when mig's script was deleted by hand.
        if (state != HookState::foreign && occupied(chained_path(dir, name))) {
            rename_or_throw(chained_path(dir, name), path);
            change = HookChange::restored;
        }
        result.hooks.push_back({std::string(name), change});
    }
    return result;
}

HooksStatus hooks_status(const Project& project) {
    return hooks_status_in(repository_of(project).hooks_dir());
}

HooksResult install_hooks(const Project& project, const fs::path& mig_binary) {
    const vcs::GitRepository& repository = repository_of(project);
    HookSettings settings;
    settings.mig_binary = mig_binary;
    settings.project_dir = project_dir_in(project.config().root, repository.workdir());
    return install_hooks_in(repository.hooks_dir(), settings);
}

HooksResult uninstall_hooks(const Project& project) {
    return uninstall_hooks_in(repository_of(project).hooks_dir());
}

std::string hooks_summary(const HooksStatus& status) {
    const auto installed = [](const HookStatus& hook) {
        return hook.state == HookState::mig || hook.state == HookState::chained;
    };
    std::vector<std::string> names;
    std::vector<std::string> states;
    for (const HookStatus& hook : status.hooks) {
        names.push_back(hook.name);
        states.push_back(hook.name + " " + std::string(hook_state_name(hook.state)));
    }
    if (std::all_of(status.hooks.begin(), status.hooks.end(), installed)) {
        return "installed (" + util::join(names, ", ") + ")";
    }
    if (std::none_of(status.hooks.begin(), status.hooks.end(), installed)) {
        return "not installed";
    }
    return util::join(states, ", ");
}

std::vector<std::string> hook_report(Project& project, HookEvent /*event*/) {  // both say the same
    std::vector<std::string> lines;
    const StatusReport report = status(project);
    for (const std::string& line : report.applied_elsewhere) {
        lines.push_back(line);
    }
    if (report.applied_elsewhere.empty() && !report.unknown_revisions.empty()) {
        lines.push_back("the database " + report.database + " is at " +
                        util::join(report.unknown_revisions, ", ") +
                        ", which this checkout does not have; check out the code that has it, "
                        "or run `mig status`");
    }
    if (report.code_heads.size() > 1) {
        lines.push_back("the migrations have " + std::to_string(report.code_heads.size()) +
                        " heads (" + revision_list(report.code_heads) +
                        "); join them with `mig merge -m \"merge heads\" heads`");
    }
    if (report.database_exists && !report.pending.empty()) {
        lines.push_back("the database " + report.database + " has " +
                        std::to_string(report.pending.size()) + " pending revision" +
                        (report.pending.size() == 1 ? "" : "s") + " (" +
                        revision_list(report.pending) + "); run `mig upgrade" +
                        (report.code_heads.size() > 1 ? " heads`" : "`"));
    }
    return lines;
}

}  // namespace mig::workflow
