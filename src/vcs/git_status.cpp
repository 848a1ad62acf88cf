// GitRepository: the work tree and the index against HEAD (git status).

#include "util/error.hpp"
#include "util/strings.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_fast_state.hpp"
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

// Paths joined with NUL, the one byte no path holds.
std::vector<std::string> split_at_nul(const std::string& joined) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start < joined.size()) {
        std::size_t end = joined.find('\0', start);
        if (end == std::string::npos) {
            end = joined.size();
        }
        parts.push_back(joined.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

}  // namespace

std::vector<ChangedFile> GitRepository::status_changes(const std::string& pathspec,
                                                       bool with_untracked) const {
    std::vector<ChangedFile> files;
    for_each_change(read_status(raw(), with_untracked ? k_untracked_too : 0U, pathspec),
                    [&](const std::string& path, unsigned int flags) {
                        files.push_back({path, describe_status(flags)});
                    });
    return files;
}

bool GitRepository::is_dirty() const {
    return !tracked_changes().empty();
}

std::vector<UncommittedFile> GitRepository::uncommitted_files(const fs::path& dir) const {
    std::error_code error;
    fs::path root = fs::weakly_canonical(workdir(), error);
    fs::path relative = fs::weakly_canonical(dir, error).lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") {
        return {};  // outside this work tree: nothing git could have committed
    }
    const std::string pathspec = relative == "." ? std::string() : relative.generic_string();
    const std::string prefix = pathspec.empty() ? pathspec : pathspec + "/";
    if (m_fast && m_fast->known_clean(prefix, true)) {
        return {};
    }
    std::vector<UncommittedFile> files;
    for (ChangedFile& file : status_changes(pathspec, true)) {
        files.push_back({root / file.path, std::move(file.state)});
    }
    if (files.empty() && m_fast) {
        m_fast->remember_clean(prefix);
    }
    return files;
}

std::vector<ChangedFile> GitRepository::tracked_changes() const {
    if (m_fast && m_fast->known_clean("", false)) {
        return {};
    }
    std::vector<ChangedFile> files = status_changes("", false);
    if (files.empty() && m_fast) {
        m_fast->remember_clean("");
    }
    return files;
}

std::vector<std::string> GitRepository::untracked_files_tracked_by(
    const std::string& commit) const {
    // Which files `commit` has that HEAD lacks never changes for a pair of commits.
    std::vector<std::string> incoming;
    const std::optional<std::string> head = head_commit();
    const std::string key = "only-in " + commit + " " + head.value_or("-");
    if (auto known = m_fast ? m_fast->facts().find(key) : std::nullopt) {
        incoming = split_at_nul(*known);
    } else {
        incoming = files_only_in(commit);
        if (m_fast) {
            m_fast->facts().remember(key, util::join(incoming, std::string_view("\0", 1)));
        }
    }
    return detail::files_in_the_way(fs::path(workdir()), incoming, [&](const std::string& path) {
        if (m_fast) {
            if (std::optional<bool> tracked = m_fast->index_tracks(path)) {
                return *tracked;
            }
        }
        return index_has(path);
    });
}

}  // namespace mig::vcs
