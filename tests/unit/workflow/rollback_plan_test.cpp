// Where `mig rollback` moves the code, and every refusal, decided against a fake repository.

#include "workflow/rollback_plan.hpp"

#include "unit/workflow/fake_repository.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

using test::FakeRepository;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

AppliedRevision applied(const std::string& id, const std::string& file,
                        std::optional<std::string> added_by) {
    return AppliedRevision{id, "message of " + id, file, std::move(added_by), {}};
}

std::vector<std::string> ids(const std::vector<vcs::CommitInfo>& commits) {
    std::vector<std::string> out;
    for (const auto& commit : commits) {
        out.push_back(commit.id);
    }
    return out;
}

// The seed workflow: c1 adds the users table's revision, c2 the age column's.
struct Seed : ::testing::Test {
    FakeRepository repo;
    Seed() {
        repo.commit_on_branch("c0000000root");
        repo.commit_on_branch("c1000000users");
        repo.commit_on_branch("c2000000age");
    }
    std::vector<AppliedRevision> undone{applied("bbb", "m/v/bbb.sql", "c2000000age")};
    std::vector<AppliedRevision> kept{applied("aaa", "m/v/aaa.sql", "c1000000users")};

    std::string refusal(const CodeRequest& request = {}) {
        try {
            plan_code(repo, undone, kept, request);
        } catch (const RefusedError& refused) {
            EXPECT_EQ(refused.code(), ExitCode::refused);
            return std::string(refused.what()) + "; " + refused.hint();
        }
        ADD_FAILURE() << "expected a refusal";
        return {};
    }
};

TEST_F(Seed, ResetsToTheCommitBeforeTheOneThatAddedTheRevision) {
    CodePlan plan = plan_code(repo, undone, kept, {});
    EXPECT_EQ(plan.action, CodeAction::reset);
    EXPECT_EQ(plan.branch, "main");
    EXPECT_EQ(plan.head, "c2000000age");
    ASSERT_TRUE(plan.target);
    EXPECT_EQ(plan.target->id, "c1000000users");
    EXPECT_THAT(ids(plan.leaving), ElementsAre("c2000000age"));
    EXPECT_TRUE(plan.pushed.empty());
    EXPECT_TRUE(repo.m_writes.empty()) << "planning writes nothing";
}

TEST_F(Seed, LaterCommitsLeaveTooAndTheEarliestAdditionDecides) {
    repo.commit_on_branch("c3000000email");
    repo.commit_on_branch("c4000000docs");
    undone = {applied("ccc", "m/v/ccc.sql", "c3000000email"),
              applied("bbb", "m/v/bbb.sql", "c2000000age")};
    CodePlan plan = plan_code(repo, undone, kept, {});
    EXPECT_EQ(plan.target->id, "c1000000users");
    EXPECT_THAT(ids(plan.leaving), ElementsAre("c4000000docs", "c3000000email", "c2000000age"));
}

TEST_F(Seed, RevisionsFromAnotherBranchLeaveTheCodeWhereItIs) {
    undone = {applied("fff", "", std::nullopt)};  // not in this checkout: stored SQL
    CodePlan plan = plan_code(repo, undone, kept, {});
    EXPECT_EQ(plan.action, CodeAction::none);
    EXPECT_THAT(plan.why_unchanged, HasSubstr("not in this checkout"));
}

TEST_F(Seed, RefusesADetachedHead) {
    repo.m_head.branch.reset();
    EXPECT_THAT(refusal(), AllOf(HasSubstr("HEAD is detached at c200000"), HasSubstr("git switch"),
                                 HasSubstr("--no-code")));
}

TEST_F(Seed, RefusesABranchWithoutCommits) {
    repo.m_head.commit.reset();
    EXPECT_THAT(refusal(), AllOf(HasSubstr("has no commit yet"), HasSubstr("--no-code")));
}

TEST_F(Seed, RefusesUncommittedChangesToTrackedFilesNamingThem) {
    repo.m_tracked_changes = {{"app.py", "modified"},
                              {"models.py", "staged"},
                              {"a", "deleted"},
                              {"b", "modified"},
                              {"c", "modified"}};
    EXPECT_THAT(refusal(),
                AllOf(HasSubstr("app.py modified, models.py staged, a deleted and 2 more"),
                      HasSubstr("git stash")));
}

TEST_F(Seed, RefusesWhenGitTracksTheDatabaseFile) {
    repo.m_tracked = {"app.db"};
    EXPECT_THAT(refusal({false, false, {"app.db", "app.db-journal"}}),
                AllOf(HasSubstr("the database file app.db is tracked by git"),
                      HasSubstr("git rm --cached app.db")));
    EXPECT_NO_THROW(plan_code(repo, undone, kept, {false, false, {"other.db"}}));
}

TEST_F(Seed, RefusesARevisionNoCommitAdded) {
    undone = {applied("bbb", "m/v/bbb.sql", std::nullopt)};
    EXPECT_THAT(refusal(), AllOf(HasSubstr("revision bbb (m/v/bbb.sql) was not added by any "
                                           "commit on main"),
                                 HasSubstr("--allow-dirty"), HasSubstr("commit it first")));
}

TEST_F(Seed, RefusesWhenTheRootCommitAddedTheRevision) {
    undone = {applied("aaa", "m/v/aaa.sql", "c0000000root")};
    kept = {};
    EXPECT_THAT(refusal(), HasSubstr("the first commit of the repository"));
}

TEST_F(Seed, RefusesToCrossAMerge) {
    repo.side_commit("s1000000side", {"c2000000age"});
    repo.commit_on_branch("m1000000merge", {"s1000000side"});
    undone = {applied("bbb", "m/v/bbb.sql", "c2000000age")};
    EXPECT_THAT(refusal(), AllOf(HasSubstr("commit m100000 \"commit m1000000merge\" is a merge"),
                                 HasSubstr("git revert -m 1 m100000")));
}

TEST_F(Seed, RefusesToTakeAwayTheFileOfARevisionThatStaysApplied) {
    // aaa and bbb were committed together; rolling back only bbb would drop aaa's file too.
    kept = {applied("aaa", "m/v/aaa.sql", "c2000000age")};
    EXPECT_THAT(refusal(),
                AllOf(HasSubstr("revision aaa stays applied"), HasSubstr("mig rollback aaa-1")));
}

TEST_F(Seed, RefusesToOverwriteUntrackedFiles) {
    repo.m_untracked_overwritten["c1000000users"] = {"notes.txt"};
    EXPECT_THAT(refusal(),
                AllOf(HasSubstr("untracked files would be overwritten"), HasSubstr("notes.txt")));
}

TEST_F(Seed, RefusesToRewritePushedCommitsUnlessForcedOrReverting) {
    repo.m_upstream = "c2000000age";
    EXPECT_THAT(refusal(), AllOf(HasSubstr("is already on origin/main"), HasSubstr("--revert"),
                                 HasSubstr("--force")));

    CodePlan forced = plan_code(repo, undone, kept, {false, true, {}});
    EXPECT_EQ(forced.action, CodeAction::reset);
    EXPECT_THAT(ids(forced.pushed), ElementsAre("c2000000age"));

    CodePlan reverting = plan_code(repo, undone, kept, {true, false, {}});
    EXPECT_EQ(reverting.action, CodeAction::revert);
    EXPECT_EQ(reverting.target->id, "c1000000users");
}

TEST_F(Seed, CommitsNotYetOnTheUpstreamMayBeReset) {
    repo.m_upstream = "c1000000users";
    CodePlan plan = plan_code(repo, undone, kept, {});
    EXPECT_EQ(plan.action, CodeAction::reset);
    EXPECT_TRUE(plan.pushed.empty());
    EXPECT_EQ(plan.upstream, "origin/main");
}

}  // namespace
}  // namespace mig::workflow
