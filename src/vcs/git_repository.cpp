#include "vcs/git_repository.hpp"

#include "util/error.hpp"

#include <git2.h>

#include <utility>

namespace mig::vcs {

namespace fs = std::filesystem;

namespace {

// libgit2 needs one global init per process; a function-local static does it on first use.
void ensure_libgit2() {
    static const struct Library {
        Library() { git_libgit2_init(); }
        ~Library() { git_libgit2_shutdown(); }
    } library;
}

std::string last_git_error() {
    const git_error* error = git_error_last();
    return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

// Frees a git_status_list on scope exit.
struct StatusList {
    git_status_list* list = nullptr;
    ~StatusList() { git_status_list_free(list); }
};

}  // namespace

std::optional<GitRepository> GitRepository::discover(const fs::path& start) {
    ensure_libgit2();
    git_repository* repository = nullptr;
    int result = git_repository_open_ext(&repository, start.c_str(), 0, nullptr);
    if (result == GIT_ENOTFOUND) {
        return std::nullopt;
    }
    if (result != 0) {
        throw FailedError("cannot open the git repository at " + start.string() + ": " +
                          last_git_error());
    }
    return GitRepository(repository);
}

GitRepository::GitRepository(git_repository* repository) : m_repository(repository) {}

GitRepository::GitRepository(GitRepository&& other) noexcept
    : m_repository(std::exchange(other.m_repository, nullptr)) {}

GitRepository& GitRepository::operator=(GitRepository&& other) noexcept {
    if (this != &other) {
        git_repository_free(m_repository);
        m_repository = std::exchange(other.m_repository, nullptr);
    }
    return *this;
}

GitRepository::~GitRepository() {
    git_repository_free(m_repository);
}

fs::path GitRepository::workdir() const {
    const char* dir = git_repository_workdir(m_repository);
    return dir != nullptr ? fs::path(dir) : fs::path();
}

std::optional<std::string> GitRepository::head_commit() const {
    git_oid oid;
    if (git_reference_name_to_id(&oid, m_repository, "HEAD") != 0) {
        return std::nullopt;  // unborn branch
    }
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &oid);
    return std::string(hex);
}

bool GitRepository::is_dirty() const {
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    StatusList status;
    if (git_status_list_new(&status.list, m_repository, &options) != 0) {
        throw FailedError("cannot read git status: " + last_git_error());
    }
    return git_status_list_entrycount(status.list) > 0;
}

}  // namespace mig::vcs
