#include "vcs/git_raw_objects.hpp"

#include "util/error.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_oid.hpp"

#include <cstring>

namespace mig::vcs::detail {

namespace {

constexpr std::size_t k_raw_oid_size = GIT_OID_RAWSZ;

std::string_view bytes_of(const GitHandle<git_odb_object>& object) {
    return {static_cast<const char*>(libgit2().git_odb_object_data(object.get())),
            libgit2().git_odb_object_size(object.get())};
}

// The id after `field ` at the start of `text` ("tree 0123...\n"), advancing `text` past the
// line; nullopt when the line is another field.
std::optional<git_oid> header_id(std::string_view& text, std::string_view field) {
    if (text.size() < field.size() + 1 + GIT_OID_HEXSZ + 1 || !text.starts_with(field) ||
        text[field.size()] != ' ' || text[field.size() + 1 + GIT_OID_HEXSZ] != '\n') {
        return std::nullopt;
    }
    git_oid id{};
    if (libgit2().git_oid_fromstrn(&id, text.data() + field.size() + 1, GIT_OID_HEXSZ) != 0) {
        return std::nullopt;
    }
    text.remove_prefix(field.size() + 1 + GIT_OID_HEXSZ + 1);
    return id;
}

// The entry `name` of a raw tree ("<octal mode> <name>\0<20-byte id>" repeated), if it is a
// folder (mode 40000).
std::optional<git_oid> folder_entry(std::string_view tree, std::string_view name) {
    while (!tree.empty()) {
        const std::size_t space = tree.find(' ');
        const std::size_t nul = tree.find('\0', space == std::string_view::npos ? 0 : space);
        if (space == std::string_view::npos || nul == std::string_view::npos ||
            tree.size() < nul + 1 + k_raw_oid_size) {
            throw FailedError("a git tree object is malformed", "check the repository (git fsck)");
        }
        if (tree.substr(space + 1, nul - space - 1) == name) {
            if (tree.substr(0, space) != "40000") {
                return std::nullopt;  // a file, link or submodule by that name
            }
            git_oid id{};
            std::memcpy(id.id, tree.data() + nul + 1, k_raw_oid_size);
            return id;
        }
        tree.remove_prefix(nul + 1 + k_raw_oid_size);
    }
    return std::nullopt;
}

}  // namespace

RawObjects::RawObjects(git_repository* repository) {
    if (libgit2().git_repository_odb(m_odb.out(), repository) != 0) {
        throw FailedError("cannot open git's object database: " + last_git_error());
    }
}

GitHandle<git_odb_object> RawObjects::read(const git_oid& id, git_object_t type) const {
    GitHandle<git_odb_object> object;
    if (libgit2().git_odb_read(object.out(), m_odb.get(), &id) != 0) {
        throw FailedError("cannot read git object " + hex(id) + ": " + last_git_error());
    }
    if (libgit2().git_odb_object_type(object.get()) != type) {
        throw FailedError("git object " + hex(id) + " is not a " +
                          (type == GIT_OBJECT_COMMIT ? "commit" : "tree"));
    }
    return object;
}

CommitLinks RawObjects::commit_links(const git_oid& commit) const {
    const GitHandle<git_odb_object> object = read(commit, GIT_OBJECT_COMMIT);
    std::string_view text = bytes_of(object);
    CommitLinks links;
    const std::optional<git_oid> tree = header_id(text, "tree");
    if (!tree) {
        throw FailedError("git commit " + hex(commit) + " has no tree line",
                          "check the repository (git fsck)");
    }
    links.tree = *tree;
    links.first_parent = header_id(text, "parent");
    return links;
}

std::optional<git_oid> RawObjects::folder_at(const git_oid& tree, std::string_view path) const {
    git_oid current = tree;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        const std::string_view name = path.substr(0, slash);
        const GitHandle<git_odb_object> object = read(current, GIT_OBJECT_TREE);
        const std::optional<git_oid> next = folder_entry(bytes_of(object), name);
        if (!next) {
            return std::nullopt;
        }
        current = *next;
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    }
    return current;
}

}  // namespace mig::vcs::detail
