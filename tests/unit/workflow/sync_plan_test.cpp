// plan_sync: which revisions `mig sync` reverts (those the checkout does not know, children
// first) and applies (up to the checkout's heads), on literal graphs where the "checkout"
// is given by its heads and the other revisions stand for those rebuilt from mig_history.
#include "workflow/sync_plan.hpp"

#include "unit/graph/graph_fixture.hpp"

#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

using graph::test::graph_of;
using graph::test::Ids;

// "down a", "up b"... in plan order.
Ids steps_of(const graph::RevisionGraph& graph, const SyncPlan& sync) {
    Ids steps;
    for (std::size_t i = 0; i < sync.plan.steps.size(); ++i) {
        const bool down = sync.plan.steps[i].direction == graph::Direction::down;
        EXPECT_EQ(down, i < sync.down_steps) << "the down steps come first";
        steps.push_back((down ? "down " : "up ") + graph.at(sync.plan.steps[i].revision).id);
    }
    return steps;
}

// p <- a (branch A, in the database) and p <- b (branch B, checked out).
TEST(SyncPlan, RevertsTheOtherBranchsRevisionThenAppliesThisOnes) {
    const auto graph = graph_of({{"p", {}}, {"b", {"p"}}, {"a", {"p"}}});
    const SyncPlan sync = plan_sync(graph, {"a"}, {"b"});
    EXPECT_EQ(steps_of(graph, sync), (Ids{"down a", "up b"}));
    EXPECT_EQ(sync.unknown, (Ids{"a"}));
    EXPECT_EQ(sync.plan.heads_before, (Ids{"a"}));
    EXPECT_EQ(sync.plan.heads_after, (Ids{"b"}));
}

TEST(SyncPlan, RevertsNewestFirstDownToTheNewestRevisionTheCheckoutKnows) {
    const auto graph = graph_of({{"p", {}}, {"q", {"p"}}, {"a1", {"q"}}, {"a2", {"a1"}}});
    const SyncPlan sync = plan_sync(graph, {"a2"}, {"q"});
    EXPECT_EQ(steps_of(graph, sync), (Ids{"down a2", "down a1"}));
    EXPECT_EQ(sync.plan.heads_after, (Ids{"q"}));
}

TEST(SyncPlan, RevertsToBaseWhenTheCheckoutKnowsNoneOfTheAppliedRevisions) {
    const auto graph = graph_of({{"x", {}}, {"y", {"x"}}, {"c", {}}});
    const SyncPlan sync = plan_sync(graph, {"y"}, {"c"});
    EXPECT_EQ(steps_of(graph, sync), (Ids{"down y", "down x", "up c"}));
}

// The database has two heads: k2 (known) and u (unknown, a sibling of k2 under k1). A
// downgrade "to k2" would miss u, which is no descendant of k2: sync reverts exactly u.
TEST(SyncPlan, RevertsAnUnknownSiblingOfAKnownHeadAndKeepsTheKnownOne) {
    const auto graph = graph_of({{"k1", {}}, {"k2", {"k1"}}, {"u", {"k1"}}});
    const SyncPlan sync = plan_sync(graph, {"k2", "u"}, {"k2"});
    EXPECT_EQ(steps_of(graph, sync), (Ids{"down u"}));
    EXPECT_EQ(sync.plan.heads_after, (Ids{"k2"}));
}

TEST(SyncPlan, UpgradesToEveryHeadOfTheCheckout) {
    const auto graph = graph_of({{"p", {}}, {"b1", {"p"}}, {"b2", {"p"}}});
    const SyncPlan sync = plan_sync(graph, {"p"}, {"b1", "b2"});
    EXPECT_EQ(steps_of(graph, sync), (Ids{"up b1", "up b2"}));
    EXPECT_EQ(sync.plan.heads_after, (Ids{"b1", "b2"}));
}

TEST(SyncPlan, AnUnknownMergeIsRevertedBeforeTheUnknownParentItJoins) {
    const auto graph = graph_of({{"p", {}}, {"k", {"p"}}, {"u1", {"p"}}, {"m", {"k", "u1"}}});
    const SyncPlan sync = plan_sync(graph, {"m"}, {"k"});
    EXPECT_EQ(steps_of(graph, sync), (Ids{"down m", "down u1"}));
    EXPECT_EQ(sync.plan.heads_after, (Ids{"k"}));
}

TEST(SyncPlan, NothingToDoWhenTheDatabaseIsAtTheCheckoutsHeads) {
    const auto graph = graph_of({{"p", {}}, {"a", {"p"}}});
    EXPECT_TRUE(plan_sync(graph, {"a"}, {"a"}).plan.steps.empty());
    const auto empty = graph_of({});
    EXPECT_TRUE(plan_sync(empty, {}, {}).plan.steps.empty());
}

TEST(SyncPlan, ADatabaseBehindTheCheckoutIsOnlyUpgraded) {
    const auto graph = graph_of({{"p", {}}, {"a", {"p"}}});
    const SyncPlan sync = plan_sync(graph, {"p"}, {"a"});
    EXPECT_EQ(steps_of(graph, sync), (Ids{"up a"}));
    EXPECT_EQ(sync.down_steps, 0U);
}

}  // namespace
}  // namespace mig::workflow
