// GitRepository: the work tree and the index against HEAD (git status).

#include "util/error.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_handle.hpp"
#include "vcs/git_oid.hpp"
#include "vcs/git_repository.hpp"
#include "vcs/libgit2.hpp"

namespace mig::vcs {

namespace fs = std::filesystem;
using detail::GitHandle;
using detail::last_git_error;
using detail::libgit2;

namespace {

constexpr unsigned int k_untracked_too =
    GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
    GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS;

// `git status` of the index and the work tree against HEAD, limited to `pathspec` (a folder
// relative to the work tree root; empty: everything). Submodules are never listed.
GitHandle<git_status_list> read_status(git_repository* repository, unsigned int flags,
                                       std::string pathspec = {}) {
    // What GIT_STATUS_OPTIONS_INIT does (the macro leaves fields out, which clang warns about).
    git_status_options options{};
    options.version = GIT_STATUS_OPTIONS_VERSION;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = flags | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    char* pathspec_items[] = {pathspec.data()};
    if (!pathspec.empty()) {
        options.pathspec.strings = pathspec_items;
        options.pathspec.count = 1;
    }
    GitHandle<git_status_list> status;
    if (libgit2().git_status_list_new(status.out(), repository, &options) != 0) {
        throw FailedError("cannot read git status: " + last_git_error());
    }
    return status;
}

std::string describe_status(unsigned int flags) {
    if ((flags & GIT_STATUS_IGNORED) != 0) {
        return "ignored";
    }
    if ((flags & GIT_STATUS_WT_NEW) != 0) {
        return "untracked";
    }
    if ((flags & (GIT_STATUS_WT_DELETED | GIT_STATUS_INDEX_DELETED)) != 0) {
        return "deleted";
    }
    if ((flags & (GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_RENAMED | GIT_STATUS_WT_TYPECHANGE)) !=
        0) {
        return "modified";
    }
    return "staged";
}

// Calls `visit(path, flags)` for every entry of `status` that differs from HEAD; `path` is
// relative to the work tree root with `/` separators.
template <class Visit>
void for_each_change(const GitHandle<git_status_list>& status, Visit visit) {
    const std::size_t count = libgit2().git_status_list_entrycount(status.get());
    for (std::size_t i = 0; i < count; ++i) {
        const git_status_entry* entry = libgit2().git_status_byindex(status.get(), i);
        const git_diff_delta* delta =
            entry->index_to_workdir != nullptr ? entry->index_to_workdir : entry->head_to_index;
        if (delta == nullptr || entry->status == GIT_STATUS_CURRENT) {
            continue;
        }
        const char* path =
            delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path;
        visit(std::string(path), static_cast<unsigned int>(entry->status));
    }
}

}  // namespace

bool GitRepository::is_dirty() const {
    return libgit2().git_status_list_entrycount(read_status(raw(), 0).get()) > 0;
}

std::vector<UncommittedFile> GitRepository::uncommitted_files(const fs::path& dir) const {
    std::error_code error;
    fs::path root = fs::weakly_canonical(workdir(), error);
    fs::path relative = fs::weakly_canonical(dir, error).lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") {
        return {};  // outside this work tree: nothing git could have committed
    }
    std::vector<UncommittedFile> files;
    for_each_change(read_status(raw(), k_untracked_too,
                                relative == "." ? std::string() : relative.generic_string()),
                    [&](const std::string& path, unsigned int flags) {
                        files.push_back({root / path, describe_status(flags)});
                    });
    return files;
}

std::vector<ChangedFile> GitRepository::tracked_changes() const {
    std::vector<ChangedFile> files;
    for_each_change(read_status(raw(), 0), [&](const std::string& path, unsigned int flags) {
        files.push_back({path, describe_status(flags)});
    });
    return files;
}

std::vector<std::string> GitRepository::untracked_files_tracked_by(
    const std::string& commit) const {
    const git_oid id = detail::parse_oid(commit);
    GitHandle<git_commit> target;
    GitHandle<git_tree> tree;
    if (libgit2().git_commit_lookup(target.out(), raw(), &id) != 0 ||
        libgit2().git_commit_tree(tree.out(), target.get()) != 0) {
        throw FailedError("cannot read the files of commit " + commit + ": " + last_git_error());
    }
    // Whether `commit` has something at `path` (a file, a link or a folder), or a file where
    // one of `path`'s folders would be: either way checking it out replaces the untracked file.
    auto occupied = [&](const std::string& path) {
        for (std::size_t slash = path.find('/'); slash != std::string::npos;
             slash = path.find('/', slash + 1)) {
            GitHandle<git_tree_entry> folder;
            if (libgit2().git_tree_entry_bypath(folder.out(), tree.get(),
                                                path.substr(0, slash).c_str()) == 0) {
                if (libgit2().git_tree_entry_type(folder.get()) != GIT_OBJECT_TREE) {
                    return true;
                }
            } else {
                return false;  // no such folder: nothing deeper either
            }
        }
        GitHandle<git_tree_entry> entry;
        return libgit2().git_tree_entry_bypath(entry.out(), tree.get(), path.c_str()) == 0;
    };
    std::vector<std::string> files;
    for_each_change(
        read_status(raw(), k_untracked_too), [&](const std::string& path, unsigned int flags) {
            if ((flags & (GIT_STATUS_WT_NEW | GIT_STATUS_IGNORED)) != 0 && occupied(path)) {
                files.push_back(path);
            }
        });
    return files;
}

}  // namespace mig::vcs
