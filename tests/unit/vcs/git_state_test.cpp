// GitRepository's reads for rollback and status: HEAD, commits, the work tree against HEAD,
// upstreams, ancestry and branches, in real repositories.

#include "git_fixture.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::vcs::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class GitState : public GitFixture {
protected:
    void SetUp() override { init(); }
};

TEST_F(GitState, HeadNamesTheBranchAndItsCommit) {
    EXPECT_EQ(open().head().branch, "main");
    EXPECT_EQ(open().head().commit, std::nullopt) << "unborn: no commit yet";

    const std::string first = commit({{"a.txt", "a"}}, "one");
    const HeadState head = open().head();
    EXPECT_EQ(head.branch, "main");
    EXPECT_EQ(head.commit, first);

    git({"checkout", "-q", "--detach"});
    const HeadState detached = open().head();
    EXPECT_EQ(detached.branch, std::nullopt);
    EXPECT_EQ(detached.commit, first);
}

TEST_F(GitState, CommitGivesShortIdSubjectParentsAndCommitterTime) {
    const std::string first = commit({{"a.txt", "a"}}, "one\n\nthe body is not the subject");
    git({"checkout", "-q", "-b", "side"});
    const std::string side = commit({{"b.txt", "b"}}, "side");
    git({"checkout", "-q", "main"});
    const std::string second = commit({{"c.txt", "c"}}, "two");
    git({"merge", "-q", "--no-ff", "-m", "merge side", "side"});
    const std::string merge = git_line({"rev-parse", "HEAD"});

    const GitRepository repository = open();
    const CommitInfo info = repository.commit(first);
    EXPECT_EQ(info.id, first);
    EXPECT_EQ(info.short_id, git_line({"rev-parse", "--short", first}));
    EXPECT_EQ(info.subject, "one");
    EXPECT_THAT(info.parents, IsEmpty());
    EXPECT_EQ(std::to_string(info.time), git_line({"log", "-1", "--format=%ct", first}));

    EXPECT_THAT(repository.commit(merge).parents, ElementsAre(second, side))
        << "first parent first";
    EXPECT_EQ(repository.commit(merge).subject, "merge side");

    EXPECT_THROW(repository.commit(std::string(40, 'a')), FailedError);
    EXPECT_THROW(repository.commit("HEAD"), FailedError) << "full ids only";
}

TEST_F(GitState, TrackedChangesListWhatResetHardWouldLoseAndNothingElse) {
    commit({{"kept.txt", "k"},
            {"edited.txt", "1"},
            {"gone.txt", "g"},
            {"staged.txt", "s"},
            {".gitignore", "*.log\n"}},
           "one");
    EXPECT_THAT(open().tracked_changes(), IsEmpty());

    m_repo.write("edited.txt", "2");
    std::filesystem::remove(m_repo / "gone.txt");
    m_repo.write("staged.txt", "s2");
    git({"add", "staged.txt"});
    m_repo.write("new.txt", "untracked");
    m_repo.write("debug.log", "ignored");

    std::vector<std::string> found;
    for (const ChangedFile& file : open().tracked_changes()) {
        found.push_back(file.path + " " + file.state);
    }
    EXPECT_THAT(found, UnorderedElementsAre("edited.txt modified", "gone.txt deleted",
                                            "staged.txt staged"));
}

TEST_F(GitState, UntrackedFilesTrackedByFindsOnlyThoseTheTargetWouldOverwrite) {
    const std::string old = commit({{"v/a.sql", "a"}, {"build/out.sql", "o"}, {"keep.txt", "k"}},
                                   "old tracks v/a.sql and build/out.sql");
    remove({"v/a.sql"}, "drop a");
    git({"rm", "-q", "--cached", "build/out.sql"});
    m_repo.write(".gitignore", "build/\n");
    commit({}, "ignore build");
    m_repo.write("v/a.sql", "mine, untracked");  // old tracks it: a reset would overwrite it
    m_repo.write("v/b.sql", "untracked, old has no b");
    m_repo.write("notes.txt", "untracked");
    ASSERT_TRUE(std::filesystem::exists(m_repo / "build/out.sql")) << "ignored now, still there";

    EXPECT_THAT(open().untracked_files_tracked_by(old),
                UnorderedElementsAre("v/a.sql", "build/out.sql"));
    EXPECT_THAT(open().untracked_files_tracked_by(git_line({"rev-parse", "HEAD"})), IsEmpty());
}

TEST_F(GitState, AnUntrackedFileWhereTheTargetHasAFolderIsInTheWay) {
    const std::string old = commit({{"conf/x.txt", "x"}}, "conf is a folder");
    remove({"conf/x.txt"}, "no conf");
    m_repo.write("conf", "a file now");
    EXPECT_THAT(open().untracked_files_tracked_by(old), ElementsAre("conf"));
}

TEST_F(GitState, UpstreamIsTheBranchsRemoteTrackingTip) {
    const std::string first = commit({{"a.txt", "a"}}, "one");
    EXPECT_EQ(open().upstream_commit(), std::nullopt) << "no upstream configured";
    EXPECT_EQ(open().upstream_name(), std::nullopt);

    mig::test::TempDir remote;
    git_in(remote.path(), {"init", "-q", "--bare", "-b", "main", "."});
    git({"remote", "add", "origin", remote.path().string()});
    git({"push", "-q", "-u", "origin", "main"});
    const std::string local = commit({{"b.txt", "b"}}, "not pushed");

    EXPECT_EQ(open().upstream_commit(), first) << "the pushed commit, not the local one";
    EXPECT_EQ(open().upstream_name(), "origin/main");

    git({"checkout", "-q", "--detach"});
    EXPECT_EQ(open().upstream_commit(), std::nullopt) << "detached: no branch, no upstream";
    EXPECT_EQ(open().upstream_name(), std::nullopt);
    EXPECT_EQ(open().head().commit, local);
}

TEST_F(GitState, IsAncestorFollowsHistoryInOneDirection) {
    const std::string first = commit({{"a.txt", "a"}}, "one");
    const std::string second = commit({{"b.txt", "b"}}, "two");
    git({"checkout", "-q", "-b", "side", first});
    const std::string side = commit({{"c.txt", "c"}}, "side");

    const GitRepository repository = open();
    EXPECT_TRUE(repository.is_ancestor(first, first));
    EXPECT_TRUE(repository.is_ancestor(first, second));
    EXPECT_FALSE(repository.is_ancestor(second, first));
    EXPECT_FALSE(repository.is_ancestor(side, second));
    EXPECT_FALSE(repository.is_ancestor(second, side));
}

TEST_F(GitState, BranchesContainingAreTheLocalBranchesAtOrPastTheCommit) {
    const std::string first = commit({{"a.txt", "a"}}, "one");
    git({"branch", "old"});
    const std::string second = commit({{"b.txt", "b"}}, "two");
    git({"branch", "at-second"});
    git({"checkout", "-q", "-b", "feature"});
    commit({{"c.txt", "c"}}, "three");
    git({"checkout", "-q", "main"});

    const GitRepository repository = open();
    EXPECT_THAT(repository.branches_containing(second),
                ElementsAre("at-second", "feature", "main"));
    EXPECT_THAT(repository.branches_containing(first),
                ElementsAre("at-second", "feature", "main", "old"));
}

}  // namespace
}  // namespace mig::vcs::test
