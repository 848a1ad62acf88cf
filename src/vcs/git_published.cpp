// GitRepository: one folder of the staged index or of a commit's tree, listed by blob id, and
// blob contents. `mig check --staged` compares revision files by these ids (a file whose blob
// id is unchanged is unchanged, without reading it) and reads the staged revisions by blob id.

#include "util/error.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_handle.hpp"
#include "vcs/git_oid.hpp"
#include "vcs/git_repository.hpp"
#include "vcs/git_staged_index.hpp"
#include "vcs/libgit2.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace mig::vcs {

namespace fs = std::filesystem;
using detail::GitHandle;
using detail::hex;
using detail::last_git_error;
using detail::libgit2;

namespace detail {

GitHandle<git_index> staged_index(git_repository* repository) {
    GitHandle<git_index> index;
    const char* file = std::getenv("GIT_INDEX_FILE");
    if (file != nullptr && *file != '\0') {
        const std::string path = fs::absolute(file).string();
        if (libgit2().git_index_open(index.out(), path.c_str()) != 0) {
            throw FailedError("cannot read the git index " + path +
                              " (GIT_INDEX_FILE): " + last_git_error());
        }
        return index;
    }
    if (libgit2().git_repository_index(index.out(), repository) != 0) {
        throw FailedError("cannot read the git index: " + last_git_error());
    }
    return index;
}

}  // namespace detail

namespace {

bool is_link(std::uint32_t mode) {
    return mode == GIT_FILEMODE_LINK;
}

std::vector<FolderFile> index_folder_files(git_repository* repository, const std::string& dir) {
    const GitHandle<git_index> index = detail::staged_index(repository);
    const std::string prefix = dir.empty() ? dir : dir + "/";
    std::vector<FolderFile> files;
    const std::size_t count = libgit2().git_index_entrycount(index.get());
    for (std::size_t i = 0; i < count; ++i) {
        const git_index_entry* entry = libgit2().git_index_get_byindex(index.get(), i);
        const std::string_view path = entry->path;
        if (!path.starts_with(prefix) || path.find('/', prefix.size()) != std::string_view::npos ||
            entry->mode == GIT_FILEMODE_COMMIT || libgit2().git_index_entry_stage(entry) != 0) {
            continue;
        }
        files.push_back(
            {std::string(path.substr(prefix.size())), hex(entry->id), is_link(entry->mode)});
    }
    return files;
}

std::vector<FolderFile> tree_folder_files(git_repository* repository, const std::string& commit,
                                          const std::string& dir) {
    GitHandle<git_object> root;
    if (libgit2().git_revparse_single(root.out(), repository, (commit + "^{tree}").c_str()) != 0) {
        throw FailedError("cannot read the tree of commit " + commit + ": " + last_git_error());
    }
    GitHandle<git_tree> folder;
    const git_tree* tree = reinterpret_cast<const git_tree*>(root.get());
    if (!dir.empty()) {
        GitHandle<git_tree_entry> entry;
        if (libgit2().git_tree_entry_bypath(entry.out(), tree, dir.c_str()) != 0 ||
            libgit2().git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
            return {};  // no such folder in that commit
        }
        if (libgit2().git_tree_lookup(folder.out(), repository,
                                      libgit2().git_tree_entry_id(entry.get())) != 0) {
            throw FailedError("cannot read " + dir + " of commit " + commit + ": " +
                              last_git_error());
        }
        tree = folder.get();
    }
    std::vector<FolderFile> files;
    const std::size_t count = libgit2().git_tree_entrycount(tree);
    for (std::size_t i = 0; i < count; ++i) {
        const git_tree_entry* entry = libgit2().git_tree_entry_byindex(tree, i);
        if (libgit2().git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
            continue;  // a subfolder or a submodule
        }
        files.push_back(
            {libgit2().git_tree_entry_name(entry), hex(*libgit2().git_tree_entry_id(entry)),
             is_link(static_cast<std::uint32_t>(libgit2().git_tree_entry_filemode(entry)))});
    }
    return files;
}

}  // namespace

std::optional<std::string> GitRepository::find_commit(const std::string& ref) const {
    GitHandle<git_object> commit;
    if (ref.empty() ||
        libgit2().git_revparse_single(commit.out(), raw(), (ref + "^{commit}").c_str()) != 0) {
        return std::nullopt;
    }
    return hex(*libgit2().git_object_id(commit.get()));
}

std::vector<FolderFile> GitRepository::folder_files(const std::optional<std::string>& commit,
                                                    const std::string& dir) const {
    std::vector<FolderFile> files =
        commit ? tree_folder_files(raw(), *commit, dir) : index_folder_files(raw(), dir);
    // Plain name order: git sorts a folder's entries as if subfolder names ended in '/'.
    std::sort(files.begin(), files.end(),
              [](const FolderFile& a, const FolderFile& b) { return a.name < b.name; });
    return files;
}

std::string GitRepository::blob_content(const std::string& blob) const {
    git_oid id{};
    if (blob.size() != GIT_OID_HEXSZ || libgit2().git_oid_fromstr(&id, blob.c_str()) != 0) {
        throw FailedError("not a full git blob id: '" + blob + "'");
    }
    GitHandle<git_blob> object;
    if (libgit2().git_blob_lookup(object.out(), raw(), &id) != 0) {
        throw FailedError("cannot read blob " + blob + " from git: " + last_git_error());
    }
    return {static_cast<const char*>(libgit2().git_blob_rawcontent(object.get())),
            static_cast<std::size_t>(libgit2().git_blob_rawsize(object.get()))};
}

}  // namespace mig::vcs
