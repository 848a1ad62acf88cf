// GitRepository::hooks_dir: where git looks for this repository's hooks.

#include "util/error.hpp"
#include "vcs/git_buffer.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_fast_state.hpp"
#include "vcs/git_repository.hpp"
#include "vcs/libgit2.hpp"

#include <memory>

namespace mig::vcs {

namespace fs = std::filesystem;
using detail::GitBuffer;
using detail::last_git_error;
using detail::libgit2;

namespace {

// Without the trailing `/` libgit2 puts on folders, so that messages read `.git/hooks`.
fs::path folder(const fs::path& path) {
    fs::path normal = path.lexically_normal();
    return normal.has_filename() ? normal : normal.parent_path();
}

struct ConfigFree {
    void operator()(git_config* config) const noexcept { libgit2().git_config_free(config); }
};
using ConfigHandle = std::unique_ptr<git_config, ConfigFree>;

}  // namespace

fs::path GitRepository::hooks_dir() const {
    // Configuration only: cached under the configuration files' signature.
    std::optional<std::string> key;
    if (m_fast) {
        if (std::optional<std::string> signature = m_fast->config_signature()) {
            key = "hooks-dir " + *signature;
            if (std::optional<std::string> known = m_fast->facts().find(*key)) {
                return *known;
            }
        }
    }
    fs::path dir = read_hooks_dir();
    if (key) {
        m_fast->facts().remember(*key, dir.string());
    }
    return dir;
}

fs::path GitRepository::read_hooks_dir() const {
    git_config* raw_config = nullptr;
    if (libgit2().git_repository_config(&raw_config, raw()) != 0) {
        throw FailedError("cannot read git's configuration: " + last_git_error());
    }
    const ConfigHandle config(raw_config);
    {
        GitBuffer path;
        const int result =
            libgit2().git_config_get_path(path.out(), config.get(), "core.hooksPath");
        if (result == 0 && !path.str().empty()) {
            // git runs hooks from the work tree root, so a relative core.hooksPath is relative
            // to it (git help config, core.hooksPath).
            return folder(workdir() / path.str());
        }
        if (result != 0 && result != GIT_ENOTFOUND) {
            throw FailedError("cannot read core.hooksPath: " + last_git_error());
        }
    }
    // The common git directory's hooks/, not a linked worktree's private folder.
    GitBuffer path;
    if (libgit2().git_repository_item_path(path.out(), raw(), GIT_REPOSITORY_ITEM_HOOKS) != 0) {
        throw FailedError("cannot find git's hooks folder: " + last_git_error());
    }
    return folder(path.str());
}

}  // namespace mig::vcs
