#pragma once

// Where a work tree's git files are, found without libgit2 (internal to the vcs layer).
//
// Loading Debian's libgit2 and the 16 libraries it pulls in costs about 7 ms, more than the
// whole of `mig upgrade` with nothing to do. Most runs only need answers that a few small
// files hold (HEAD, the index), so the vcs layer reads those itself and loads libgit2 only
// when the answer needs objects (see git_fast_state.hpp). Anything unusual makes these readers
// say "not sure" (nullopt), and libgit2 decides as before.

#include <filesystem>
#include <optional>

namespace mig::vcs::detail {

struct GitLayout {
    std::filesystem::path work_tree;   // the folder holding `.git`
    std::filesystem::path git_dir;     // `.git`, or a linked worktree's own folder
    std::filesystem::path common_dir;  // the shared repository (refs, objects, config)
};

// The layout of the work tree that contains `start`, as libgit2's git_repository_open_ext
// (without flags) finds it: the nearest parent with a `.git` folder or `gitdir:` file, not
// crossing into another file system. nullopt when there is none or anything is unusual: a
// git directory owned by another user, `core.worktree` or `core.bare` in the configuration,
// an unreadable file.
std::optional<GitLayout> find_git_layout(const std::filesystem::path& start);

}  // namespace mig::vcs::detail
