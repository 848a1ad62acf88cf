// GitRepository: commits, HEAD's first-parent history, ancestry, branches and upstreams.

#include "util/error.hpp"
#include "util/strings.hpp"
#include "vcs/git_buffer.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_fast_state.hpp"
#include "vcs/git_handle.hpp"
#include "vcs/git_oid.hpp"
#include "vcs/git_raw_objects.hpp"
#include "vcs/git_repository.hpp"
#include "vcs/libgit2.hpp"

#include <algorithm>
#include <set>
#include <string_view>

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

constexpr std::string_view k_heads = "refs/heads/";

// git_reference_shorthand's rule: the name without its namespace.
std::string shorthand(const std::string& name) {
    for (std::string_view prefix : {"refs/heads/", "refs/tags/", "refs/remotes/", "refs/"}) {
        if (name.starts_with(prefix)) {
            return name.substr(prefix.size());
        }
    }
    return name;
}

// A commit as the facts file keeps it: short id, time, parents (space-separated) and, last,
// the subject (which may hold tabs and spaces).
std::string encode_commit(const CommitInfo& info) {
    return info.short_id + "\t" + std::to_string(info.time) + "\t" + util::join(info.parents, " ") +
           "\t" + info.subject;
}

std::optional<CommitInfo> decode_commit(const std::string& id,
                                        const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    const std::size_t first = text->find('\t');
    const std::size_t second = first == std::string::npos ? first : text->find('\t', first + 1);
    const std::size_t third = second == std::string::npos ? second : text->find('\t', second + 1);
    if (third == std::string::npos) {
        return std::nullopt;
    }
    CommitInfo info;
    info.id = id;
    info.short_id = text->substr(0, first);
    try {
        info.time = std::stoll(text->substr(first + 1, second - first - 1));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    info.parents =
        util::split_whitespace(std::string_view(*text).substr(second + 1, third - second - 1));
    info.subject = text->substr(third + 1);
    return info;
}

}  // namespace

namespace {

CommitInfo read_commit(git_repository* repository, const std::string& id) {
    const GitHandle<git_commit> commit = lookup_commit(repository, parse_oid(id));
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

}  // namespace

CommitInfo GitRepository::commit(const std::string& id) const {
    const std::string key = "commit " + id;
    if (m_fast) {
        if (std::optional<CommitInfo> known = decode_commit(id, m_fast->facts().find(key))) {
            return *known;
        }
    }
    CommitInfo info = read_commit(raw(), id);
    if (m_fast) {
        m_fast->facts().remember(key, encode_commit(info));
    }
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
    // Commits never change, so neither does their ancestry.
    const std::string key = "ancestor " + ancestor + " " + descendant;
    if (m_fast) {
        if (std::optional<std::string> known = m_fast->facts().find(key)) {
            return *known == "1";
        }
    }
    const git_oid a = parse_oid(ancestor);
    const git_oid d = parse_oid(descendant);
    const int result = libgit2().git_graph_descendant_of(raw(), &d, &a);
    if (result < 0) {
        throw FailedError("cannot tell whether " + ancestor + " is an ancestor of " + descendant +
                          ": " + last_git_error());
    }
    if (m_fast) {
        m_fast->facts().remember(key, result == 1 ? "1" : "0");
    }
    return result == 1;
}

std::vector<std::string> GitRepository::branches_containing(const std::string& commit) const {
    if (m_fast) {
        if (auto branches = detail::read_branches(m_fast->layout())) {
            std::vector<std::string> found;
            for (const auto& [name, tip] : *branches) {
                if (is_ancestor(commit, tip)) {
                    found.push_back(name);
                }
            }
            return found;  // sorted by name already
        }
    }
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
    const HeadState head = this->head();
    if (!head.branch || !head.commit) {
        return {};  // detached, or no commit yet
    }
    const std::optional<std::string> name = upstream_reference(std::string(k_heads) + *head.branch);
    if (!name) {
        return {};
    }
    const std::optional<std::string> tip = reference_target(*name);
    if (!tip) {
        return {};  // its remote branch was never fetched
    }
    return {tip, shorthand(*name)};
}

std::optional<std::string> GitRepository::upstream_reference(const std::string& branch) const {
    // Configuration only: cached under the configuration files' signature.
    std::optional<std::string> key;
    if (m_fast) {
        if (std::optional<std::string> signature = m_fast->config_signature()) {
            key = "upstream " + branch + " " + *signature;
            if (std::optional<std::string> known = m_fast->facts().find(*key)) {
                return known->empty() ? std::nullopt : known;
            }
        }
    }
    detail::GitBuffer name;
    const int result = libgit2().git_branch_upstream_name(name.out(), raw(), branch.c_str());
    if (result != 0 && result != GIT_ENOTFOUND) {
        throw FailedError("cannot read the upstream of the checked-out branch: " +
                          last_git_error());
    }
    std::optional<std::string> upstream;
    if (result == 0) {
        upstream = name.str();
    }
    if (key) {
        m_fast->facts().remember(*key, upstream.value_or(""));
    }
    return upstream;
}

std::vector<std::string> GitRepository::files_only_in(const std::string& commit) const {
    const detail::RawObjects objects(raw());
    const detail::CommitLinks target = objects.commit_links(parse_oid(commit));
    std::optional<git_oid> head_tree;
    if (const std::optional<std::string> head = head_commit()) {
        head_tree = objects.commit_links(parse_oid(*head)).tree;
    }
    std::vector<std::string> files;
    added_files(raw(), target.tree, head_tree, "", files);
    return files;
}

bool GitRepository::index_has(const std::string& path) const {
    GitHandle<git_index> index;
    if (libgit2().git_repository_index(index.out(), raw()) != 0) {
        throw FailedError("cannot read git's index: " + last_git_error());
    }
    return libgit2().git_index_get_bypath(index.get(), path.c_str(), 0) != nullptr;
}

}  // namespace mig::vcs
