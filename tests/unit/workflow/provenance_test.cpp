// Where the database's revisions were applied from, against a fake repository.

#include "workflow/provenance.hpp"

#include "graph/revision_graph.hpp"
#include "unit/workflow/fake_repository.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

using test::FakeRepository;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

db::HistoryEntry row(const std::string& revision, std::vector<std::string> parents,
                     const std::string& direction, std::optional<std::string> commit) {
    db::HistoryEntry entry;
    entry.record.revision = revision;
    entry.record.parents = std::move(parents);
    entry.record.direction = direction;
    entry.record.applied_at = "2026-12-06T10:00:00Z";
    entry.record.git_commit = std::move(commit);
    entry.record.message = "message " + revision;
    return entry;
}

graph::RevisionGraph checkout_with(const std::vector<std::string>& ids) {
    std::vector<graph::Revision> revisions;
    std::string parent;
    for (const auto& id : ids) {
        revisions.push_back(
            {id, parent.empty() ? std::vector<std::string>{} : std::vector<std::string>{parent},
             "m", "", ""});
        parent = id;
    }
    return graph::RevisionGraph::build(revisions);
}

struct Provenance : ::testing::Test {
    FakeRepository repo;
    Provenance() {
        repo.commit_on_branch("c1000000main");
        repo.side_commit("f1000000feature", {"c1000000main"});
    }
};

TEST_F(Provenance, ACommitInHeadsHistoryIsHome) {
    auto from = applied_from(&repo, {"r1"}, {row("r1", {}, "upgrade", "c1000000main")});
    ASSERT_EQ(from.size(), 1U);
    EXPECT_TRUE(from[0].in_head_history);
    EXPECT_EQ(from[0].message, "message r1");
    EXPECT_THAT(from[0].branches, ElementsAre("main"));
}

TEST_F(Provenance, ACommitOffHeadsHistoryIsNamedWithTheDowngradeToRun) {
    std::vector<db::HistoryEntry> history{row("r1", {}, "upgrade", "c1000000main"),
                                          row("r2", {"r1"}, "upgrade", "f1000000feature")};
    auto from = applied_from(&repo, {"r2"}, history);
    ASSERT_EQ(from.size(), 1U);
    EXPECT_FALSE(from[0].in_head_history);
    EXPECT_EQ(describe_applied_elsewhere(from[0], history, checkout_with({"r1"})),
              "the database is at r2, applied from commit f100000 \"side f1000000feature\", which "
              "is not in the history of this checkout; run `mig sync` to bring it to this checkout "
              "(or `mig downgrade r1` to revert it alone), with the SQL stored when it was "
              "applied");
    EXPECT_THAT(describe_applied_elsewhere(from[0], history, checkout_with({"r1", "r2"})),
                HasSubstr("this checkout has that revision too, so there is nothing to run"));
    EXPECT_THAT(describe_applied_elsewhere(from[0], history, checkout_with({"x"})),
                HasSubstr("`mig downgrade base` to revert it alone"));
}

TEST_F(Provenance, TheLatestApplyingRowCountsNotDowngrades) {
    std::vector<db::HistoryEntry> history{
        row("r1", {}, "upgrade", "f1000000feature"), row("r1", {}, "downgrade", "f1000000feature"),
        row("r1", {}, "upgrade", "c1000000main"), row("r1", {}, "downgrade", "f1000000feature")};
    EXPECT_TRUE(applied_from(&repo, {"r1"}, history)[0].in_head_history);
}

TEST_F(Provenance, UnknownCommitsAndMissingFactsAreHandled) {
    auto gone = applied_from(&repo, {"r1"}, {row("r1", {}, "upgrade", "deadbeefdeadbeef")});
    EXPECT_FALSE(gone[0].in_head_history);
    EXPECT_FALSE(gone[0].commit_info);
    EXPECT_THAT(describe_applied_elsewhere(gone[0], {}, checkout_with({"r0"})),
                AllOf(HasSubstr("commit deadbee (not in this repository)")));

    EXPECT_TRUE(
        applied_from(&repo, {"r1"}, {row("r1", {}, "stamp", std::nullopt)})[0].in_head_history)
        << "no commit recorded (outside git): nothing to say";
    EXPECT_TRUE(applied_from(nullptr, {"r1"}, {row("r1", {}, "upgrade", "f1000000feature")})[0]
                    .in_head_history)
        << "no repository: nothing to say";
    EXPECT_TRUE(applied_from(&repo, {"r9"}, {})[0].in_head_history) << "no history row";
}

}  // namespace
}  // namespace mig::workflow
