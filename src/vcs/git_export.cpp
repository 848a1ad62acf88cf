// GitRepository::head_file, resolve_commit and export_files: reading what git has (HEAD, the
// index or a commit) into memory or a plain folder, so the rest of mig can load a staged or
// older state of a project exactly as it loads the work tree.

#include "util/error.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_fast_state.hpp"
#include "vcs/git_handle.hpp"
#include "vcs/git_oid.hpp"
#include "vcs/git_repository.hpp"
#include "vcs/git_staged_index.hpp"
#include "vcs/libgit2.hpp"

#include <fstream>

namespace mig::vcs {

namespace fs = std::filesystem;
using detail::last_git_error;
using detail::libgit2;

using detail::GitHandle;
using detail::hex;
using detail::staged_index;

namespace {

// Writes blobs below the export folder, counting them.
class Exporter {
public:
    Exporter(git_repository* repository, fs::path dest)
        : m_repository(repository), m_dest(std::move(dest)) {}

    void write(const std::string& path, const git_oid& id, std::uint32_t mode) {
        if (mode == GIT_FILEMODE_COMMIT) {
            return;  // a submodule: its files are another repository's
        }
        GitHandle<git_blob> blob;
        if (libgit2().git_blob_lookup(blob.out(), m_repository, &id) != 0) {
            throw FailedError("cannot read " + path + " (" + hex(id) +
                              ") from git: " + last_git_error());
        }
        const fs::path target = m_dest / path;
        std::error_code error;
        fs::create_directories(target.parent_path(), error);
        const auto* bytes = static_cast<const char*>(libgit2().git_blob_rawcontent(blob.get()));
        const auto size = static_cast<std::size_t>(libgit2().git_blob_rawsize(blob.get()));
        if (mode == GIT_FILEMODE_LINK) {
            fs::create_symlink(std::string(bytes, size), target, error);
        } else {
            std::ofstream out(target, std::ios::binary | std::ios::trunc);
            out.write(bytes, static_cast<std::streamsize>(size));
            out.close();
            if (!out) {
                throw FailedError("cannot write " + target.string(),
                                  "check the free space and permissions of the temporary folder");
            }
            if (mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
                fs::permissions(
                    target, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, error);
            }
        }
        if (error) {
            throw FailedError("cannot write " + target.string() + ": " + error.message(),
                              "check the free space and permissions of the temporary folder");
        }
        ++m_count;
    }

    std::size_t count() const { return m_count; }

private:
    git_repository* m_repository;
    fs::path m_dest;
    std::size_t m_count = 0;
};

bool accepts(const std::function<bool(const std::string&)>& test, const std::string& path) {
    return !test || test(path);
}

// Every stage-0 entry of the index: the state `git commit` would record.
void export_index(git_repository* repository, const ExportFilter& filter, Exporter& exporter) {
    const GitHandle<git_index> index = staged_index(repository);
    const std::size_t count = libgit2().git_index_entrycount(index.get());
    for (std::size_t i = 0; i < count; ++i) {
        const git_index_entry* entry = libgit2().git_index_get_byindex(index.get(), i);
        if (libgit2().git_index_entry_stage(entry) != 0) {
            continue;  // unmerged: there is no single staged version
        }
        const std::string path = entry->path;
        // The folders on the way down, as a tree walk would ask about them.
        bool inside = true;
        for (std::size_t slash = path.find('/'); slash != std::string::npos && inside;
             slash = path.find('/', slash + 1)) {
            inside = accepts(filter.enter, path.substr(0, slash + 1));
        }
        if (inside && accepts(filter.take, path)) {
            exporter.write(path, entry->id, entry->mode);
        }
    }
}

struct WalkState {
    const ExportFilter* filter;
    Exporter* exporter;
    std::string failure;
};

int visit_tree_entry(const char* root, const git_tree_entry* entry, void* payload) {
    auto& state = *static_cast<WalkState*>(payload);
    const std::string path = std::string(root) + libgit2().git_tree_entry_name(entry);
    try {
        if (libgit2().git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
            return accepts(state.filter->enter, path + "/") ? 0 : 1;  // 1: skip this folder
        }
        if (accepts(state.filter->take, path)) {
            state.exporter->write(
                path, *libgit2().git_tree_entry_id(entry),
                static_cast<std::uint32_t>(libgit2().git_tree_entry_filemode(entry)));
        }
        return 0;
    } catch (const std::exception& failure) {
        state.failure = failure.what();  // exceptions must not cross libgit2's C frames
        return -1;
    }
}

void export_commit(git_repository* repository, const std::string& commit,
                   const ExportFilter& filter, Exporter& exporter) {
    GitHandle<git_object> tree;
    if (libgit2().git_revparse_single(tree.out(), repository, (commit + "^{tree}").c_str()) != 0) {
        throw FailedError("cannot read the tree of commit " + commit + ": " + last_git_error());
    }
    WalkState state{&filter, &exporter, {}};
    int result = libgit2().git_tree_walk(reinterpret_cast<git_tree*>(tree.get()), GIT_TREEWALK_PRE,
                                         visit_tree_entry, &state);
    if (!state.failure.empty()) {
        throw FailedError(state.failure);
    }
    if (result != 0) {
        throw FailedError("cannot read the files of commit " + commit + ": " + last_git_error());
    }
}

}  // namespace

bool GitRepository::head_tracks(const std::string& path) const {
    // What a commit holds never changes: cached per HEAD.
    const std::optional<std::string> head = head_commit();
    const std::string key = "tracks " + head.value_or("-") + " " + path;
    if (m_fast && head) {
        if (std::optional<std::string> known = m_fast->facts().find(key)) {
            return *known == "1";
        }
    }
    const bool tracked = head_file(path).has_value();
    if (m_fast && head) {
        m_fast->facts().remember(key, tracked ? "1" : "0");
    }
    return tracked;
}

std::optional<CommittedFile> GitRepository::head_file(const std::string& path) const {
    GitHandle<git_object> tree;
    if (libgit2().git_revparse_single(tree.out(), raw(), "HEAD^{tree}") != 0) {
        return std::nullopt;  // no commit yet
    }
    GitHandle<git_tree_entry> entry;
    if (libgit2().git_tree_entry_bypath(entry.out(), reinterpret_cast<git_tree*>(tree.get()),
                                        path.c_str()) != 0) {
        return std::nullopt;
    }
    const git_filemode_t mode = libgit2().git_tree_entry_filemode(entry.get());
    if (libgit2().git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) {
        return CommittedFile{};  // a folder or a submodule
    }
    GitHandle<git_blob> blob;
    if (libgit2().git_blob_lookup(blob.out(), raw(), libgit2().git_tree_entry_id(entry.get())) !=
        0) {
        throw FailedError("cannot read " + path + " from git: " + last_git_error());
    }
    CommittedFile file;
    file.regular = mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
    file.content.assign(static_cast<const char*>(libgit2().git_blob_rawcontent(blob.get())),
                        static_cast<std::size_t>(libgit2().git_blob_rawsize(blob.get())));
    return file;
}

std::string GitRepository::resolve_commit(const std::string& ref) const {
    GitHandle<git_object> commit;
    if (ref.empty() ||
        libgit2().git_revparse_single(commit.out(), raw(), (ref + "^{commit}").c_str()) != 0) {
        throw InputError("git does not know a commit '" + ref + "'" +
                             (ref.empty() ? "" : ": " + last_git_error()),
                         "name a branch, tag, remote branch (origin/main) or commit id; `git "
                         "fetch` first if it lives on a remote");
    }
    return hex(*libgit2().git_object_id(commit.get()));
}

std::optional<std::string> GitRepository::merge_base(const std::string& a,
                                                     const std::string& b) const {
    git_oid one;
    git_oid two;
    git_oid base;
    if (libgit2().git_oid_fromstr(&one, a.c_str()) != 0 ||
        libgit2().git_oid_fromstr(&two, b.c_str()) != 0) {
        throw InputError("not a full commit id: " + a + " or " + b);
    }
    int result = libgit2().git_merge_base(&base, raw(), &one, &two);
    if (result == GIT_ENOTFOUND) {
        return std::nullopt;
    }
    if (result != 0) {
        throw FailedError("cannot find the merge base of " + a + " and " + b + ": " +
                          last_git_error());
    }
    return hex(base);
}

std::size_t GitRepository::export_files(const std::optional<std::string>& commit,
                                        const fs::path& dest, const ExportFilter& filter) const {
    Exporter exporter(raw(), dest);
    if (commit) {
        export_commit(raw(), *commit, filter, exporter);
    } else {
        export_index(raw(), filter, exporter);
    }
    return exporter.count();
}

}  // namespace mig::vcs
