// GitRepository::first_parent_additions: which commit on HEAD's first-parent history added
// each file of a folder, as rollback needs to find the commit to reset to.

#include "git_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace mig::vcs::test {
namespace {

using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class GitAdditions : public GitFixture {
protected:
    void SetUp() override { init(); }

    std::map<std::string, std::string> additions(const std::string& dir) const {
        std::map<std::string, std::string> found;
        for (const FileAddition& addition : open().first_parent_additions(dir)) {
            EXPECT_TRUE(found.emplace(addition.path, addition.commit).second)
                << addition.path << " reported twice";
        }
        return found;
    }
};

TEST_F(GitAdditions, EachFileOfTheFolderWithTheCommitThatAddedItAndNothingOutside) {
    const std::string root = commit({{"v/a.sql", "a"}, {"app.py", "x"}}, "root adds a");
    const std::string second = commit({{"v/b.sql", "b"}, {"other/c.sql", "c"}}, "adds b");
    commit({{"v/a.sql", "a edited"}, {"app.py", "y"}}, "edits a: not an addition");
    const std::string nested = commit({{"v/sub/d.sql", "d"}}, "adds a nested file");
    commit({{"other/e.sql", "e"}}, "outside the folder");
    m_repo.write("v/never.sql", "never committed");

    EXPECT_THAT(additions("v"), UnorderedElementsAre(Pair("v/a.sql", root), Pair("v/b.sql", second),
                                                     Pair("v/sub/d.sql", nested)));
    EXPECT_EQ(additions("./v/"), additions("v")) << "the same folder spelled differently";
    EXPECT_THAT(additions("missing"), IsEmpty());
    EXPECT_EQ(additions("").size(), 6U) << "the root: every committed file";
}

TEST_F(GitAdditions, ARenamedFileIsAddedByTheRenameAndAFileNamedLikeTheFolderIsNoFolder) {
    commit({{"v/a.sql", "a"}, {"w", "a file where a folder is asked for"}}, "one");
    git({"mv", "v/a.sql", "v/b.sql"});
    git({"commit", "-q", "-m", "rename"});
    const std::string renamed = git_line({"rev-parse", "HEAD"});
    EXPECT_THAT(additions("v"), UnorderedElementsAre(Pair("v/b.sql", renamed)));
    EXPECT_THAT(additions("w"), IsEmpty());
}

TEST_F(GitAdditions, NothingBeforeTheFirstCommit) {
    m_repo.write("v/a.sql", "a");
    EXPECT_THAT(additions("v"), IsEmpty());
}

TEST_F(GitAdditions, AFileDeletedAndAddedAgainBelongsToTheNewestAddition) {
    commit({{"v/a.sql", "a"}, {"v/keep.sql", "k"}}, "adds a");
    remove({"v/a.sql"}, "deletes a");
    const std::string again = commit({{"v/a.sql", "a again"}}, "adds a again");
    commit({{"v/keep.sql", "k2"}}, "later edit");
    EXPECT_EQ(additions("v").at("v/a.sql"), again);
}

TEST_F(GitAdditions, AFileDeletedFromHeadIsNotReported) {
    commit({{"v/a.sql", "a"}, {"v/b.sql", "b"}}, "adds a and b");
    remove({"v/b.sql"}, "deletes b");
    EXPECT_THAT(additions("v"), UnorderedElementsAre(Pair("v/a.sql", ::testing::_)));
}

TEST_F(GitAdditions, AFileFromASideBranchIsAddedByTheMergeOnFirstParentHistory) {
    const std::string root = commit({{"v/a.sql", "a"}}, "root");
    git({"checkout", "-q", "-b", "side"});
    commit({{"v/side.sql", "s"}}, "side adds side.sql");
    git({"checkout", "-q", "main"});
    const std::string main_change = commit({{"v/main.sql", "m"}}, "main adds main.sql");
    git({"merge", "-q", "--no-ff", "-m", "merge side", "side"});
    const std::string merge = git_line({"rev-parse", "HEAD"});

    EXPECT_THAT(additions("v"),
                UnorderedElementsAre(Pair("v/a.sql", root), Pair("v/main.sql", main_change),
                                     Pair("v/side.sql", merge)));

    // Seen from the side branch merged the other way, main's file came with the merge.
    git({"checkout", "-q", "side"});
    git({"merge", "-q", "--no-ff", "-m", "merge main into side", "main"});
    const std::string side_merge = git_line({"rev-parse", "HEAD"});
    EXPECT_EQ(additions("v").at("v/main.sql"), side_merge);
    EXPECT_NE(additions("v").at("v/side.sql"), side_merge);
}

TEST_F(GitAdditions, ALongChainIsWalkedOnceAndEveryFileFound) {
    // 300 commits through fast-import: commit i adds v/i.sql, every third one also edits a
    // file outside v/, and every fifth edits an earlier revision (not an addition).
    std::string stream;
    for (int i = 1; i <= 300; ++i) {
        stream += "commit refs/heads/main\nmark :" + std::to_string(i) +
                  "\ncommitter t <t@invalid> " + std::to_string(1700000000 + i) +
                  " +0000\ndata 2\nc\n";
        if (i > 1) {
            stream += "from :" + std::to_string(i - 1) + "\n";
        }
        const std::string content = "select " + std::to_string(i) + ";\n";
        stream += "M 100644 inline v/" + std::to_string(i) + ".sql\ndata " +
                  std::to_string(content.size()) + "\n" + content + "\n";
        if (i % 3 == 0) {
            stream += "M 100644 inline app.py\ndata 2\n" + std::to_string(i % 10) + "\n\n";
        }
        if (i % 5 == 0) {
            stream += "M 100644 inline v/1.sql\ndata 3\ne" + std::to_string(i % 10) + "\n\n";
        }
    }
    const mig::test::MigResult imported = mig::test::run_program(
        m_repo.path(), {"git", "fast-import", "--quiet"},
        {{"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}}, stream);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    git({"reset", "-q", "--hard", "main"});
    std::vector<std::string> chain;  // oldest first
    const std::string listed = git({"rev-list", "--reverse", "main"});
    for (std::size_t at = 0; at + 40 <= listed.size(); at += 41) {
        chain.push_back(listed.substr(at, 40));
    }
    ASSERT_EQ(chain.size(), 300U);

    const std::map<std::string, std::string> found = additions("v");
    ASSERT_EQ(found.size(), 300U);
    for (std::size_t i = 1; i <= 300; ++i) {
        EXPECT_EQ(found.at("v/" + std::to_string(i) + ".sql"), chain[i - 1]) << i;
    }
}

}  // namespace
}  // namespace mig::vcs::test
