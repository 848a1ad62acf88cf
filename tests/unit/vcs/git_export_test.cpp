#include "support/run_mig.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"
#include "vcs/git_repository.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mig::vcs {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class GitExport : public ::testing::Test {
protected:
    std::string git(const std::vector<std::string>& args) const {
        std::vector<std::string> argv{"git", "-c", "user.name=t", "-c", "user.email=t@invalid"};
        argv.insert(argv.end(), args.begin(), args.end());
        test::MigResult result =
            test::run_program(m_repo.path(), argv,
                              {{"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}});
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return result.out;
    }

    GitRepository open() const { return *GitRepository::discover(m_repo.path()); }

    // Every regular file below `dir`, relative, with `/` separators.
    static std::vector<std::string> files_in(const fs::path& dir) {
        std::vector<std::string> files;
        for (const auto& entry : fs::recursive_directory_iterator(dir)) {
            if (!entry.is_directory()) {
                files.push_back(entry.path().lexically_relative(dir).generic_string());
            }
        }
        return files;
    }

    void SetUp() override {
        git({"init", "-q", "-b", "main", "."});
        m_repo.write("app/mig.toml", "committed");
        m_repo.write("app/migrations/versions/a.sql", "a1");
        m_repo.write("other/big.txt", "not needed");
        git({"add", "-A"});
        git({"commit", "-q", "-m", "one"});
        m_first = git({"rev-parse", "HEAD"}).substr(0, 40);
    }

    test::TempDir m_repo;
    test::TempDir m_out;
    std::string m_first;
};

TEST_F(GitExport, TheIndexHoldsStagedContentNotTheWorkTrees) {
    m_repo.write("app/migrations/versions/a.sql", "a2 staged");
    git({"add", "app"});
    m_repo.write("app/migrations/versions/a.sql", "a3 unstaged");
    m_repo.write("app/migrations/versions/b.sql", "untracked");

    ExportFilter only_app;
    only_app.enter = [](const std::string& folder) { return folder.starts_with("app/"); };
    EXPECT_EQ(open().export_files(std::nullopt, m_out.path(), only_app), 2U);
    EXPECT_THAT(files_in(m_out.path()),
                UnorderedElementsAre("app/mig.toml", "app/migrations/versions/a.sql"));
    EXPECT_EQ(m_out.read("app/migrations/versions/a.sql"), "a2 staged");
    EXPECT_EQ(git({"status", "--porcelain"}),
              "MM app/migrations/versions/a.sql\n?? app/migrations/versions/b.sql\n")
        << "exporting must not touch the index or the work tree";
}

TEST_F(GitExport, ACommitsTreeIsExportedWithTheFilterAndExecutableBits) {
    m_repo.write("app/migrations/versions/a.sql", "a2");
    m_repo.write("app/dump.sh", "#!/bin/sh\n");
    fs::permissions(m_repo / "app/dump.sh", fs::perms::owner_exec, fs::perm_options::add);
    git({"add", "-A"});
    git({"commit", "-q", "-m", "two"});

    ExportFilter filter;
    filter.take = [](const std::string& file) { return !file.starts_with("other/"); };
    GitRepository repository = open();
    repository.export_files(m_first, m_out.path(), filter);
    EXPECT_THAT(files_in(m_out.path()),
                UnorderedElementsAre("app/mig.toml", "app/migrations/versions/a.sql"));
    EXPECT_EQ(m_out.read("app/migrations/versions/a.sql"), "a1");

    test::TempDir latest;
    repository.export_files(repository.resolve_commit("main"), latest.path(), filter);
    EXPECT_EQ(latest.read("app/migrations/versions/a.sql"), "a2");
    EXPECT_NE(fs::status(latest / "app/dump.sh").permissions() & fs::perms::owner_exec,
              fs::perms::none);
}

TEST_F(GitExport, ResolveCommitAcceptsRevspecsAndNamesUnknownOnes) {
    GitRepository repository = open();
    EXPECT_EQ(repository.resolve_commit("HEAD"), m_first);
    EXPECT_EQ(repository.resolve_commit(m_first.substr(0, 7)), m_first);
    try {
        repository.resolve_commit("origin/nowhere");
        FAIL() << "an unknown ref must throw";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("git does not know a commit 'origin/nowhere'"));
    }
}

TEST_F(GitExport, MergeBaseIsTheForkPoint) {
    git({"checkout", "-q", "-b", "side"});
    m_repo.write("side.txt", "s");
    git({"add", "-A"});
    git({"commit", "-q", "-m", "side"});
    git({"checkout", "-q", "main"});
    m_repo.write("main.txt", "m");
    git({"add", "-A"});
    git({"commit", "-q", "-m", "main"});
    GitRepository repository = open();
    EXPECT_EQ(
        repository.merge_base(repository.resolve_commit("main"), repository.resolve_commit("side")),
        m_first);
}

}  // namespace
}  // namespace mig::vcs
