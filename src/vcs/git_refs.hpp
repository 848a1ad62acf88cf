#pragma once

// git's references read from their files, without libgit2 (internal to the vcs layer; see
// git_layout.hpp for why). Loose refs and packed-refs only; nullopt means "not sure" (a
// symbolic ref other than HEAD, a damaged file, a reference format this reader does not
// know), and the caller asks libgit2.

#include "vcs/git_layout.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mig::vcs::detail {

// Where HEAD is: the branch (full name, "refs/heads/main"; nullopt: detached) and its commit
// (nullopt: the branch has no commit yet).
struct HeadFile {
    std::optional<std::string> branch;
    std::optional<std::string> commit;
};

std::optional<HeadFile> read_head_file(const GitLayout& layout);

// The commit `name` ("refs/remotes/origin/main") points at; the inner nullopt when no such
// reference exists.
std::optional<std::optional<std::string>> read_reference(const GitLayout& layout,
                                                         const std::string& name);

// Every local branch: short name ("main", "feature/x") and the commit it points at, sorted by
// name. Symbolic branches are left out (their targets are listed themselves).
std::optional<std::vector<std::pair<std::string, std::string>>> read_branches(
    const GitLayout& layout);

// True for 40 lowercase hexadecimal characters: a full SHA-1 object id.
bool is_object_id(const std::string& text);

}  // namespace mig::vcs::detail
