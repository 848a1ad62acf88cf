// GitRepository's writes: references, reset_hard and commit_tree_of, checked with the git
// command line afterwards (what the user will see).

#include "git_fixture.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace mig::vcs::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class GitWrite : public GitFixture {
protected:
    void SetUp() override {
        init();
        m_first = commit({{"v/a.sql", "a1"}, {"app.py", "one"}}, "one");
        m_second = commit({{"v/a.sql", "a2"}, {"v/b.sql", "b"}, {"app.py", "two"}}, "two");
    }

    std::string status() const { return git({"status", "--porcelain"}); }
    // The newest reflog message of `ref`.
    std::string reflog(const std::string& ref) const {
        return git_line({"reflog", "-1", "--format=%gs", ref});
    }

    std::string m_first;
    std::string m_second;
};

TEST_F(GitWrite, WriteReferenceCreatesOrMovesItWithTheMessageInItsReflog) {
    GitRepository repository = open();
    repository.write_reference("refs/mig/rollback/20261206T101500Z", m_second,
                               "mig rollback: saved before the reset");
    EXPECT_EQ(git_line({"rev-parse", "refs/mig/rollback/20261206T101500Z"}), m_second);
    EXPECT_EQ(reflog("refs/mig/rollback/20261206T101500Z"), "mig rollback: saved before the reset");

    repository.write_reference("refs/mig/rollback/20261206T101500Z", m_first, "moved");
    EXPECT_EQ(git_line({"rev-parse", "refs/mig/rollback/20261206T101500Z"}), m_first);
    EXPECT_EQ(reflog("refs/mig/rollback/20261206T101500Z"), "moved");
    EXPECT_EQ(git_line({"rev-parse", "HEAD"}), m_second) << "HEAD is not touched";
}

TEST_F(GitWrite, ResetHardMovesTheBranchIndexAndFilesAndKeepsUntrackedOnes) {
    m_repo.write("notes.txt", "untracked, mine");
    m_repo.write("app.py", "edited, not committed");  // the caller refuses this; reset still works
    m_repo.write("v/b.sql", "staged edit");
    m_repo.write("staged-new.txt", "added to the index, in no commit");
    git({"add", "v/b.sql", "staged-new.txt"});

    open().reset_hard(m_first, "mig rollback: to one");

    EXPECT_EQ(git_line({"rev-parse", "HEAD"}), m_first);
    EXPECT_EQ(git_line({"symbolic-ref", "HEAD"}), "refs/heads/main") << "HEAD stays on the branch";
    EXPECT_EQ(git_line({"rev-parse", "ORIG_HEAD"}), m_second);
    EXPECT_EQ(reflog("main"), "mig rollback: to one");
    EXPECT_EQ(reflog("HEAD"), "mig rollback: to one");
    EXPECT_EQ(m_repo.read("v/a.sql"), "a1");
    EXPECT_EQ(m_repo.read("app.py"), "one");
    EXPECT_FALSE(fs::exists(m_repo / "v/b.sql")) << "tracked at the old HEAD, absent at the target";
    EXPECT_FALSE(fs::exists(m_repo / "staged-new.txt")) << "git reset --hard drops it too";
    EXPECT_EQ(m_repo.read("notes.txt"), "untracked, mine");
    EXPECT_EQ(status(), "?? notes.txt\n");
    EXPECT_EQ(open().head().branch, "main");
}

TEST_F(GitWrite, ResetHardClearsAMergeInProgress) {
    git({"checkout", "-q", "-b", "side", m_first});
    commit({{"app.py", "side"}}, "side edits app.py");
    git({"checkout", "-q", "main"});
    const mig::test::MigResult merge = mig::test::run_program(
        m_repo.path(), {"git", "-c", "user.name=t", "-c", "user.email=t@invalid", "merge", "side"},
        {{"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}});
    ASSERT_NE(merge.exit_code, 0) << "a conflict on app.py";
    ASSERT_TRUE(fs::exists(m_repo / ".git/MERGE_HEAD"));

    open().reset_hard(m_first, "mig rollback: to one");
    EXPECT_FALSE(fs::exists(m_repo / ".git/MERGE_HEAD"));
    EXPECT_EQ(status(), "");
}

TEST_F(GitWrite, ResetHardThatCannotMoveTheBranchLosesNoCommit) {
    std::ofstream(m_repo / ".git/refs/heads/main.lock") << "someone else is writing main\n";
    try {
        open().reset_hard(m_first, "mig rollback: to one");
        FAIL() << "a locked branch cannot move";
    } catch (const FailedError& error) {
        EXPECT_THAT(error.what(), HasSubstr("cannot move refs/heads/main"));
        EXPECT_THAT(error.what(), HasSubstr("is still at " + m_second));
    }
    fs::remove(m_repo / ".git/refs/heads/main.lock");
    EXPECT_EQ(git_line({"rev-parse", "main"}), m_second) << "the branch did not move";
    EXPECT_EQ(git_line({"rev-parse", "ORIG_HEAD"}), m_second);
}

TEST_F(GitWrite, ResetHardRefusesADetachedHead) {
    git({"checkout", "-q", "--detach"});
    EXPECT_THROW(open().reset_hard(m_first, "x"), FailedError);
    EXPECT_EQ(git_line({"rev-parse", "HEAD"}), m_second);
}

TEST_F(GitWrite, CommitTreeOfMakesOneCommitOnTopWithTheOlderTree) {
    git({"config", "user.name", "Ada"});
    git({"config", "user.email", "ada@invalid"});
    const std::string message = "mig rollback --revert: back to one\n\nReverts two.\n";

    const std::string created = open().commit_tree_of(m_first, message);

    EXPECT_EQ(git_line({"rev-parse", "HEAD"}), created);
    EXPECT_EQ(git_line({"symbolic-ref", "HEAD"}), "refs/heads/main");
    EXPECT_EQ(git_line({"rev-parse", created + "^"}), m_second) << "one parent: the old HEAD";
    EXPECT_EQ(git_line({"rev-list", "--count", "HEAD"}), "3");
    EXPECT_EQ(git_line({"rev-parse", created + "^{tree}"}),
              git_line({"rev-parse", m_first + "^{tree}"}));
    EXPECT_EQ(git({"log", "-1", "--format=%B", created}), message + "\n");
    EXPECT_EQ(git_line({"log", "-1", "--format=%an <%ae>|%cn", created}), "Ada <ada@invalid>|Ada");
    EXPECT_EQ(reflog("main"), "mig rollback --revert: back to one");
    EXPECT_EQ(status(), "") << "the index and work tree are at the new commit";
    EXPECT_EQ(m_repo.read("v/a.sql"), "a1");
    EXPECT_FALSE(fs::exists(m_repo / "v/b.sql"));
}

TEST_F(GitWrite, CommitTreeOfWithoutAnIdentityFailsNamingTheSettingAndChangesNothing) {
    try {
        open().commit_tree_of(m_first, "revert");
        FAIL() << "no user.name or user.email is configured in this test";
    } catch (const FailedError& error) {
        EXPECT_THAT(error.what(), HasSubstr("user.name"));
        EXPECT_THAT(error.hint(), HasSubstr("git config user.name"));
    }
    EXPECT_EQ(git_line({"rev-parse", "HEAD"}), m_second);
    EXPECT_EQ(status(), "");
}

}  // namespace
}  // namespace mig::vcs::test
