// GitRepository: commits, HEAD's first-parent history, ancestry, branches and upstreams.

#include "util/error.hpp"
#include "vcs/git_buffer.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_handle.hpp"
#include "vcs/git_oid.hpp"
#include "vcs/git_raw_objects.hpp"
#include "vcs/git_repository.hpp"
#include "vcs/libgit2.hpp"

#include <algorithm>
#include <set>

namespace mig::vcs {

using detail::GitHandle;
using detail::hex;
using detail::last_git_error;
using detail::libgit2;
using detail::parse_oid;
using detail::same_oid;

namespace {

GitHandle<git_commit> lookup_commit(git_repository* repository, const git_oid& id) {
    GitHandle<git_commit> commit;
    if (libgit2().git_commit_lookup(commit.out(), repository, &id) != 0) {
        throw FailedError("git has no commit " + hex(id) + ": " + last_git_error());
    }
    return commit;
}

GitHandle<git_tree> lookup_tree(git_repository* repository, const git_oid& id) {
    GitHandle<git_tree> tree;
    if (libgit2().git_tree_lookup(tree.out(), repository, &id) != 0) {
        throw FailedError("cannot read git tree " + hex(id) + ": " + last_git_error());
    }
    return tree;
}

bool is_file(const git_tree_entry* entry) {
    return libgit2().git_tree_entry_type(entry) == GIT_OBJECT_BLOB;  // files and links
}

// Adds to `out` every file below the tree `id` (paths prefixed with `prefix`).
void list_files(git_repository* repository, const git_oid& id, const std::string& prefix,
                std::vector<std::string>& out) {
    const GitHandle<git_tree> tree = lookup_tree(repository, id);
    const std::size_t count = libgit2().git_tree_entrycount(tree.get());
    for (std::size_t i = 0; i < count; ++i) {
        const git_tree_entry* entry = libgit2().git_tree_entry_byindex(tree.get(), i);
        const std::string path = prefix + libgit2().git_tree_entry_name(entry);
        if (libgit2().git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
            list_files(repository, *libgit2().git_tree_entry_id(entry), path + "/", out);
        } else if (is_file(entry)) {
            out.push_back(path);
        }
    }
}

// Adds to `out` the files below tree `after` that tree `before` (nullopt: an empty tree) does
// not have. Folders whose id did not change are skipped without being read.
void added_files(git_repository* repository, const git_oid& after,
                 const std::optional<git_oid>& before, const std::string& prefix,
                 std::vector<std::string>& out) {
    if (!before) {
        list_files(repository, after, prefix, out);
        return;
    }
    if (same_oid(after, *before)) {
        return;
    }
    const GitHandle<git_tree> new_tree = lookup_tree(repository, after);
    const GitHandle<git_tree> old_tree = lookup_tree(repository, *before);
    const std::size_t count = libgit2().git_tree_entrycount(new_tree.get());
    for (std::size_t i = 0; i < count; ++i) {
        const git_tree_entry* entry = libgit2().git_tree_entry_byindex(new_tree.get(), i);
        const char* name = libgit2().git_tree_entry_name(entry);
        const git_tree_entry* old_entry = libgit2().git_tree_entry_byname(old_tree.get(), name);
        if (old_entry != nullptr && same_oid(*libgit2().git_tree_entry_id(entry),
                                             *libgit2().git_tree_entry_id(old_entry))) {
            continue;  // unchanged (most entries): no path is built, no folder read
        }
        const bool is_folder = libgit2().git_tree_entry_type(entry) == GIT_OBJECT_TREE;
        const std::string path = prefix + name;
        if (is_folder) {
            std::optional<git_oid> old_folder;
            if (old_entry != nullptr &&
                libgit2().git_tree_entry_type(old_entry) == GIT_OBJECT_TREE) {
                old_folder = *libgit2().git_tree_entry_id(old_entry);
            }
            added_files(repository, *libgit2().git_tree_entry_id(entry), old_folder, path + "/",
                        out);
        } else if (is_file(entry) && (old_entry == nullptr || !is_file(old_entry))) {
            out.push_back(path);
        }
    }
}

// "migrations/versions/" from "migrations/versions", "./migrations/versions/" or ""; "" for
// the work tree root.
std::string normalized_dir(std::string dir) {
    while (dir.starts_with("./")) {
        dir.erase(0, 2);
    }
    while (!dir.empty() && dir.back() == '/') {
        dir.pop_back();
    }
    return dir == "." ? std::string() : dir;
}

}  // namespace

CommitInfo GitRepository::commit(const std::string& id) const {
    const GitHandle<git_commit> commit = lookup_commit(raw(), parse_oid(id));
    CommitInfo info;
    info.id = id;
    detail::GitBuffer short_id;
    if (libgit2().git_object_short_id(short_id.out(),
                                      reinterpret_cast<const git_object*>(commit.get())) != 0) {
        throw FailedError("cannot abbreviate commit " + id + ": " + last_git_error());
    }
    info.short_id = short_id.str();
    const char* summary = libgit2().git_commit_summary(commit.get());
    info.subject = summary != nullptr ? summary : "";
    const unsigned int parents = libgit2().git_commit_parentcount(commit.get());
    for (unsigned int i = 0; i < parents; ++i) {
        info.parents.push_back(hex(*libgit2().git_commit_parent_id(commit.get(), i)));
    }
    info.time = static_cast<std::int64_t>(libgit2().git_commit_time(commit.get()));
    return info;
}

std::vector<FileAddition> GitRepository::first_parent_additions(const std::string& dir) const {
    const std::optional<std::string> head = head_commit();
    if (!head) {
        return {};  // nothing committed yet
    }
    const std::string folder = normalized_dir(dir);
    const std::string prefix = folder.empty() ? folder : folder + "/";
    const detail::RawObjects objects(raw());

    git_oid current = parse_oid(*head);
    detail::CommitLinks links = objects.commit_links(current);
    std::optional<git_oid> current_dir = objects.folder_at(links.tree, folder);
    // The files present at HEAD whose adding commit is still unknown.
    std::set<std::string> pending;
    if (current_dir) {
        std::vector<std::string> at_head;
        list_files(raw(), *current_dir, prefix, at_head);
        pending.insert(at_head.begin(), at_head.end());
    }
    std::vector<FileAddition> additions;
    // Newest first: the first commit met that has a pending file its first parent lacks is the
    // newest addition of that file (an older one was followed by a deletion). A commit whose
    // folder is the same object as its parent's changed nothing there: only ids are compared.
    while (current_dir && !pending.empty()) {
        std::optional<detail::CommitLinks> parent_links;
        std::optional<git_oid> parent_dir;
        if (links.first_parent) {
            parent_links = objects.commit_links(*links.first_parent);
            parent_dir = objects.folder_at(parent_links->tree, folder);
        }
        if (!parent_dir || !same_oid(*current_dir, *parent_dir)) {
            std::vector<std::string> added;
            added_files(raw(), *current_dir, parent_dir, prefix, added);
            const std::string id = hex(current);
            for (const std::string& path : added) {
                if (pending.erase(path) > 0) {
                    additions.push_back({path, id});
                }
            }
        }
        if (!parent_links) {
            break;  // the root commit added whatever it holds
        }
        current = *links.first_parent;
        links = *parent_links;
        current_dir = parent_dir;
    }
    std::sort(additions.begin(), additions.end(),
              [](const FileAddition& a, const FileAddition& b) { return a.path < b.path; });
    return additions;
}

std::optional<std::string> GitRepository::upstream_commit() const {
    return upstream().first;
}

std::optional<std::string> GitRepository::upstream_name() const {
    return upstream().second;
}

bool GitRepository::is_ancestor(const std::string& ancestor, const std::string& descendant) const {
    if (ancestor == descendant) {
        return true;
    }
    const git_oid a = parse_oid(ancestor);
    const git_oid d = parse_oid(descendant);
    const int result = libgit2().git_graph_descendant_of(raw(), &d, &a);
    if (result < 0) {
        throw FailedError("cannot tell whether " + ancestor + " is an ancestor of " + descendant +
                          ": " + last_git_error());
    }
    return result == 1;
}

std::vector<std::string> GitRepository::branches_containing(const std::string& commit) const {
    const git_oid target = parse_oid(commit);
    GitHandle<git_branch_iterator> branches;
    if (libgit2().git_branch_iterator_new(branches.out(), raw(), GIT_BRANCH_LOCAL) != 0) {
        throw FailedError("cannot list git branches: " + last_git_error());
    }
    std::vector<std::string> found;
    GitHandle<git_reference> branch;
    git_branch_t type{};
    int result = 0;
    while ((result = libgit2().git_branch_next(branch.out(), &type, branches.get())) == 0) {
        const git_oid* tip = libgit2().git_reference_target(branch.get());
        const char* name = nullptr;
        if (tip == nullptr || libgit2().git_branch_name(&name, branch.get()) != 0) {
            continue;  // a symbolic branch: its target is listed itself
        }
        if (same_oid(*tip, target) || is_ancestor(commit, hex(*tip))) {
            found.emplace_back(name);
        }
    }
    if (result != GIT_ITEROVER) {
        throw FailedError("cannot list git branches: " + last_git_error());
    }
    std::sort(found.begin(), found.end());
    return found;
}

std::pair<std::optional<std::string>, std::optional<std::string>> GitRepository::upstream() const {
    GitHandle<git_reference> head;
    const int result = libgit2().git_repository_head(head.out(), raw());
    if (result == GIT_EUNBORNBRANCH || result == GIT_ENOTFOUND) {
        return {};
    }
    if (result != 0) {
        throw FailedError("cannot read git's HEAD: " + last_git_error());
    }
    if (libgit2().git_repository_head_detached(raw()) == 1) {
        return {};
    }
    GitHandle<git_reference> upstream;
    const int found = libgit2().git_branch_upstream(upstream.out(), head.get());
    if (found == GIT_ENOTFOUND) {
        return {};  // no upstream configured, or its remote branch was never fetched
    }
    if (found != 0) {
        throw FailedError("cannot read the upstream of the checked-out branch: " +
                          last_git_error());
    }
    GitHandle<git_reference> resolved;
    if (libgit2().git_reference_resolve(resolved.out(), upstream.get()) != 0) {
        return {};
    }
    const git_oid* tip = libgit2().git_reference_target(resolved.get());
    if (tip == nullptr) {
        return {};
    }
    return {hex(*tip), std::string(libgit2().git_reference_shorthand(upstream.get()))};
}

}  // namespace mig::vcs
