#pragma once

// Reading just the links of commits and trees straight from git's object database (internal
// to the vcs layer). first_parent_additions visits every commit of HEAD's first-parent history
// (20,000 in a large repository) and only needs, per commit, its tree, its first parent and
// one folder's id: parsing full git_commit objects (signatures, message copies) and git_tree
// entry arrays for that costs twice as much as reading these few fields from the raw bytes.

#include "vcs/git_handle.hpp"
#include "vcs/libgit2.hpp"

#include <optional>
#include <string_view>

namespace mig::vcs::detail {

struct CommitLinks {
    git_oid tree{};
    std::optional<git_oid> first_parent;  // nullopt: a root commit
};

class RawObjects {
public:
    // FailedError when the repository's object database cannot be opened.
    explicit RawObjects(git_repository* repository);

    // FailedError when `commit` cannot be read or is not a well-formed commit.
    CommitLinks commit_links(const git_oid& commit) const;

    // The id of the folder at `path` ("a/b", no trailing `/`; "" for `tree` itself) below the
    // tree `tree`, or nullopt when there is no folder there.
    std::optional<git_oid> folder_at(const git_oid& tree, std::string_view path) const;

private:
    GitHandle<git_odb_object> read(const git_oid& id, git_object_t type) const;
    GitHandle<git_odb> m_odb;
};

}  // namespace mig::vcs::detail
