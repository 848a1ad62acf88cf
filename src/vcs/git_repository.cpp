#include "vcs/git_repository.hpp"

#include "util/error.hpp"
#include "vcs/git_error.hpp"
#include "vcs/libgit2.hpp"

#include <cstdlib>
#include <utility>

namespace mig::vcs {

namespace fs = std::filesystem;
using detail::last_git_error;
using detail::libgit2;

namespace {

// Frees a git_status_list on scope exit.
struct StatusList {
    git_status_list* list = nullptr;
    ~StatusList() { libgit2().git_status_list_free(list); }
};

}  // namespace

namespace {

// Initialising libgit2 costs milliseconds (Debian's build loads its TLS certificates), and
// mig runs inside git hooks: look for a `.git` entry first and only start libgit2 when one
// exists. GIT_DIR points anywhere, so then libgit2 decides.
bool may_be_in_git(const fs::path& start) {
    if (std::getenv("GIT_DIR") != nullptr) {
        return true;
    }
    std::error_code error;
    for (fs::path dir = fs::absolute(start, error); !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / ".git", error)) {
            return true;
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return false;
}

// git's own test (setup.c is_git_directory): HEAD, objects/ and refs/.
bool is_git_directory(const fs::path& dir) {
    std::error_code error;
    return fs::is_regular_file(dir / "HEAD", error) && fs::is_directory(dir / "objects", error) &&
           fs::is_directory(dir / "refs", error);
}

}  // namespace

std::optional<fs::path> git_directory_containing(const fs::path& start) {
    std::error_code error;
    for (fs::path dir = fs::absolute(start, error).lexically_normal(); !dir.empty();
         dir = dir.parent_path()) {
        if (fs::exists(dir / ".git", error)) {
            return std::nullopt;  // a work tree (or a linked worktree / submodule's `.git` file)
        }
        if (is_git_directory(dir)) {
            return dir;
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return std::nullopt;
}

std::optional<GitRepository> GitRepository::discover(const fs::path& start) {
    if (!may_be_in_git(start)) {
        return std::nullopt;
    }
    git_repository* repository = nullptr;
    int result = libgit2().git_repository_open_ext(&repository, start.c_str(), 0, nullptr);
    if (result == GIT_ENOTFOUND) {
        return std::nullopt;
    }
    if (result != 0) {
        throw FailedError("cannot open the git repository at " + start.string() + ": " +
                          last_git_error());
    }
    GitRepository opened(repository);
    if (libgit2().git_repository_is_bare(repository) != 0) {
        throw InputError("the git repository of " + start.string() +
                             " is bare: it has no work tree whose revision files mig could check",
                         "run mig in a work tree (git worktree add PATH, or git clone)");
    }
    return opened;
}

GitRepository::GitRepository(git_repository* repository) : m_repository(repository) {}

GitRepository::GitRepository(GitRepository&& other) noexcept
    : m_repository(std::exchange(other.m_repository, nullptr)) {}

GitRepository& GitRepository::operator=(GitRepository&& other) noexcept {
    if (this != &other) {
        libgit2().git_repository_free(m_repository);
        m_repository = std::exchange(other.m_repository, nullptr);
    }
    return *this;
}

GitRepository::~GitRepository() {
    libgit2().git_repository_free(m_repository);
}

fs::path GitRepository::workdir() const {
    const char* dir = libgit2().git_repository_workdir(m_repository);
    return dir != nullptr ? fs::path(dir) : fs::path();
}

std::optional<std::string> GitRepository::head_commit() const {
    git_oid oid;
    if (libgit2().git_reference_name_to_id(&oid, m_repository, "HEAD") != 0) {
        return std::nullopt;  // unborn branch
    }
    char hex[GIT_OID_HEXSZ + 1] = {};
    libgit2().git_oid_tostr(hex, sizeof hex, &oid);
    return std::string(hex);
}

bool GitRepository::is_dirty() const {
    // What GIT_STATUS_OPTIONS_INIT does (the macro leaves fields out, which clang warns about).
    git_status_options options{};
    options.version = GIT_STATUS_OPTIONS_VERSION;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    StatusList status;
    if (libgit2().git_status_list_new(&status.list, m_repository, &options) != 0) {
        throw FailedError("cannot read git status: " + last_git_error());
    }
    return libgit2().git_status_list_entrycount(status.list) > 0;
}

namespace {

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

}  // namespace

std::vector<UncommittedFile> GitRepository::uncommitted_files(const fs::path& dir) const {
    std::error_code error;
    fs::path root = fs::weakly_canonical(workdir(), error);
    fs::path relative = fs::weakly_canonical(dir, error).lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") {
        return {};  // outside this work tree: nothing git could have committed
    }
    std::string pathspec = relative == "." ? std::string() : relative.generic_string();
    char* pathspec_items[] = {pathspec.data()};

    // What GIT_STATUS_OPTIONS_INIT does (the macro leaves fields out, which clang warns about).
    git_status_options options{};
    options.version = GIT_STATUS_OPTIONS_VERSION;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                    GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS |
                    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    if (!pathspec.empty()) {
        options.pathspec.strings = pathspec_items;
        options.pathspec.count = 1;
    }
    StatusList status;
    if (libgit2().git_status_list_new(&status.list, m_repository, &options) != 0) {
        throw FailedError("cannot read git status: " + last_git_error());
    }
    std::vector<UncommittedFile> files;
    std::size_t count = libgit2().git_status_list_entrycount(status.list);
    for (std::size_t i = 0; i < count; ++i) {
        const git_status_entry* entry = libgit2().git_status_byindex(status.list, i);
        const git_diff_delta* delta =
            entry->index_to_workdir != nullptr ? entry->index_to_workdir : entry->head_to_index;
        if (delta == nullptr || entry->status == GIT_STATUS_CURRENT) {
            continue;
        }
        const char* path =
            delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path;
        files.push_back({root / path, describe_status(entry->status)});
    }
    return files;
}

}  // namespace mig::vcs

namespace mig::vcs {

namespace {

struct TreeObject {
    git_object* handle = nullptr;
    ~TreeObject() { libgit2().git_object_free(handle); }
};
struct TreeEntry {
    git_tree_entry* handle = nullptr;
    ~TreeEntry() { libgit2().git_tree_entry_free(handle); }
};
struct BlobHandle {
    git_blob* handle = nullptr;
    ~BlobHandle() { libgit2().git_blob_free(handle); }
};

}  // namespace

std::optional<CommittedFile> GitRepository::head_file(const std::string& path) const {
    TreeObject tree;
    if (libgit2().git_revparse_single(&tree.handle, m_repository, "HEAD^{tree}") != 0) {
        return std::nullopt;  // no commit yet
    }
    TreeEntry entry;
    if (libgit2().git_tree_entry_bypath(&entry.handle, reinterpret_cast<git_tree*>(tree.handle),
                                        path.c_str()) != 0) {
        return std::nullopt;
    }
    const git_filemode_t mode = libgit2().git_tree_entry_filemode(entry.handle);
    if (libgit2().git_tree_entry_type(entry.handle) != GIT_OBJECT_BLOB) {
        return CommittedFile{};  // a folder or a submodule
    }
    BlobHandle blob;
    if (libgit2().git_blob_lookup(&blob.handle, m_repository,
                                  libgit2().git_tree_entry_id(entry.handle)) != 0) {
        throw FailedError("cannot read " + path + " from git: " + last_git_error());
    }
    CommittedFile file;
    file.regular = mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
    file.content.assign(static_cast<const char*>(libgit2().git_blob_rawcontent(blob.handle)),
                        static_cast<std::size_t>(libgit2().git_blob_rawsize(blob.handle)));
    return file;
}

}  // namespace mig::vcs
