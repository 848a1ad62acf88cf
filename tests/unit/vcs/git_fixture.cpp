#include "git_fixture.hpp"

#include "support/run_mig.hpp"

#include <cstdlib>

namespace mig::vcs::test {

namespace {

// libgit2 reads the user's ~/.gitconfig (and XDG's) when it starts: point HOME at an empty
// folder before any test loads it, so an identity or setting configured on this machine cannot
// make a test pass (commit_tree_of without user.name must fail here as on a fresh machine).
struct IsolatedHome {
    IsolatedHome() {
        ::setenv("HOME", home.path().c_str(), 1);
        ::setenv("XDG_CONFIG_HOME", (home.path() / ".config").c_str(), 1);
        ::unsetenv("GIT_DIR");
    }
    mig::test::TempDir home;
};
const IsolatedHome g_isolated_home;

}  // namespace

std::string GitFixture::git(const std::vector<std::string>& args) const {
    return git_in(m_repo.path(), args);
}

std::string GitFixture::git_in(const std::filesystem::path& cwd,
                               const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"git", "-c", "user.name=t", "-c", "user.email=t@invalid"};
    argv.insert(argv.end(), args.begin(), args.end());
    const mig::test::MigResult result = mig::test::run_program(
        cwd, argv, {{"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}});
    EXPECT_EQ(result.exit_code, 0) << "git failed: " << result.err;
    return result.out;
}

std::string GitFixture::git_line(const std::vector<std::string>& args) const {
    std::string out = git(args);
    while (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

std::string GitFixture::commit(const std::vector<std::pair<std::string, std::string>>& files,
                               const std::string& message) {
    for (const auto& [path, content] : files) {
        m_repo.write(path, content);
    }
    git({"add", "-A"});
    git({"commit", "-q", "--allow-empty", "-m", message});
    return git_line({"rev-parse", "HEAD"});
}

std::string GitFixture::remove(const std::vector<std::string>& paths, const std::string& message) {
    std::vector<std::string> args{"rm", "-q"};
    args.insert(args.end(), paths.begin(), paths.end());
    git(args);
    git({"commit", "-q", "-m", message});
    return git_line({"rev-parse", "HEAD"});
}

GitRepository GitFixture::open() const {
    std::optional<GitRepository> repository = GitRepository::discover(m_repo.path());
    EXPECT_TRUE(repository.has_value());
    if (!repository) {
        throw std::runtime_error("no repository at " + m_repo.path().string());
    }
    return std::move(*repository);
}

}  // namespace mig::vcs::test
