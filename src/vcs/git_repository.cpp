// GitRepository: finding and opening the repository, and where HEAD is.

#include "vcs/git_repository.hpp"

#include "util/error.hpp"
#include "vcs/git_error.hpp"
#include "vcs/git_fast_state.hpp"
#include "vcs/git_oid.hpp"
#include "vcs/libgit2.hpp"

#include <cstdlib>
#include <string_view>
#include <utility>

namespace mig::vcs {

namespace fs = std::filesystem;
using detail::GitHandle;
using detail::last_git_error;
using detail::libgit2;

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

constexpr std::string_view k_branch_prefix = "refs/heads/";

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

std::optional<GitRepository> GitRepository::discover(const fs::path& start,
                                                     const fs::path& cache_dir) {
    if (!may_be_in_git(start)) {
        return std::nullopt;
    }
    if (std::optional<detail::GitLayout> layout = detail::find_git_layout(start)) {
        std::error_code error;
        fs::path root = fs::canonical(layout->work_tree, error);
        if (!error) {
            layout->work_tree = std::move(root);
            fs::path facts = cache_dir.empty() ? fs::path() : cache_dir / "git-facts";
            return GitRepository(start, {},
                                 std::make_unique<detail::FastGitState>(std::move(*layout), facts));
        }
    }
    return discover_with_libgit2(start);
}

std::optional<GitRepository> GitRepository::discover_with_libgit2(const fs::path& start) {
    if (!may_be_in_git(start)) {
        return std::nullopt;
    }
    GitHandle<git_repository> repository;
    int result = libgit2().git_repository_open_ext(repository.out(), start.c_str(), 0, nullptr);
    if (result == GIT_ENOTFOUND) {
        return std::nullopt;
    }
    if (result != 0) {
        throw FailedError("cannot open the git repository at " + start.string() + ": " +
                          last_git_error());
    }
    if (libgit2().git_repository_is_bare(repository.get()) != 0) {
        throw InputError("the git repository of " + start.string() +
                             " is bare: it has no work tree whose revision files mig could check",
                         "run mig in a work tree (git worktree add PATH, or git clone)");
    }
    return GitRepository(start, std::move(repository), nullptr);
}

GitRepository::GitRepository(fs::path start, GitHandle<git_repository> repository,
                             std::unique_ptr<detail::FastGitState> fast)
    : m_start(std::move(start)), m_repository(std::move(repository)), m_fast(std::move(fast)) {}

GitRepository::GitRepository(GitRepository&&) noexcept = default;
GitRepository& GitRepository::operator=(GitRepository&&) noexcept = default;
GitRepository::~GitRepository() = default;

git_repository* GitRepository::raw() const {
    if (!m_repository) {
        GitHandle<git_repository> repository;
        if (libgit2().git_repository_open_ext(repository.out(), m_start.c_str(), 0, nullptr) != 0) {
            throw FailedError("cannot open the git repository at " + m_start.string() + ": " +
                              last_git_error());
        }
        m_repository = std::move(repository);
    }
    return m_repository.get();
}

fs::path GitRepository::workdir() const {
    if (m_fast) {
        return m_fast->layout().work_tree / "";  // as libgit2 gives it: with a trailing `/`
    }
    const char* dir = libgit2().git_repository_workdir(raw());
    return dir != nullptr ? fs::path(dir) : fs::path();
}

std::optional<std::string> GitRepository::head_commit() const {
    if (m_fast && m_fast->head()) {
        return m_fast->head()->commit;
    }
    git_oid oid;
    if (libgit2().git_reference_name_to_id(&oid, raw(), "HEAD") != 0) {
        return std::nullopt;  // unborn branch
    }
    return detail::hex(oid);
}

HeadState GitRepository::head() const {
    if (m_fast && m_fast->head()) {
        const detail::HeadFile& file = *m_fast->head();
        HeadState state;
        if (file.branch) {
            state.branch = file.branch->substr(k_branch_prefix.size());
        }
        state.commit = file.commit;
        return state;
    }
    GitHandle<git_reference> head;
    if (libgit2().git_reference_lookup(head.out(), raw(), "HEAD") != 0) {
        throw FailedError("cannot read git's HEAD: " + last_git_error());
    }
    HeadState state;
    if (libgit2().git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC) {
        std::string target = libgit2().git_reference_symbolic_target(head.get());
        if (target.starts_with(k_branch_prefix)) {
            target.erase(0, k_branch_prefix.size());
        }
        state.branch = std::move(target);
    }
    git_oid oid;
    if (libgit2().git_reference_name_to_id(&oid, raw(), "HEAD") == 0) {
        state.commit = detail::hex(oid);
    }
    return state;
}

std::optional<std::string> GitRepository::reference_target(const std::string& name) const {
    if (m_fast) {
        if (auto target = detail::read_reference(m_fast->layout(), name)) {
            return *target;
        }
    }
    git_oid oid;
    if (libgit2().git_reference_name_to_id(&oid, raw(), name.c_str()) != 0) {
        return std::nullopt;
    }
    return detail::hex(oid);
}

}  // namespace mig::vcs
