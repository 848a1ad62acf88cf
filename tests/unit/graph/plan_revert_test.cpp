// plan_revert: a downgrade of exactly the marked applied revisions (what `mig sync` reverts),
// with the version rows each step leaves, on literal graphs.
#include "graph/plan.hpp"
#include "unit/graph/graph_fixture.hpp"

#include <gtest/gtest.h>

namespace mig::graph::test {
namespace {

std::vector<bool> marked(const RevisionGraph& graph, const Ids& ids) {
    std::vector<bool> marks(graph.size(), false);
    for (const std::string& id : ids) {
        marks[*graph.find(id)] = true;
    }
    return marks;
}

// k1 <- k2 and k1 <- u (the database has both heads): reverting u alone gives k2 back as the
// only row, and k1 stays covered by k2.
TEST(PlanRevert, RevertsOnlyTheMarkedRevisionsAndKeepsTheVersionRowsRight) {
    const auto graph = graph_of({{"k1", {}}, {"k2", {"k1"}}, {"u", {"k1"}}});
    const Plan plan = plan_revert(graph, {"k2", "u"}, marked(graph, {"u"}));
    ASSERT_EQ(plan.steps.size(), 1U);
    EXPECT_EQ(graph.at(plan.steps[0].revision).id, "u");
    EXPECT_EQ(plan.steps[0].direction, Direction::down);
    EXPECT_EQ(plan.steps[0].heads_removed, (Ids{"u"}));
    EXPECT_TRUE(plan.steps[0].heads_added.empty()) << "k1 is still below k2";
    EXPECT_EQ(plan.heads_before, (Ids{"k2", "u"}));
    EXPECT_EQ(plan.heads_after, (Ids{"k2"}));
}

TEST(PlanRevert, ChildrenBeforeParentsAndTheParentBecomesTheRow) {
    const auto graph = graph_of({{"p", {}}, {"a1", {"p"}}, {"a2", {"a1"}}});
    const Plan plan = plan_revert(graph, {"a2"}, marked(graph, {"a1", "a2"}));
    ASSERT_EQ(plan.steps.size(), 2U);
    EXPECT_EQ(graph.at(plan.steps[0].revision).id, "a2");
    EXPECT_EQ(graph.at(plan.steps[1].revision).id, "a1");
    EXPECT_EQ(plan.steps[1].heads_added, (Ids{"p"}));
    EXPECT_EQ(plan.heads_after, (Ids{"p"}));
}

TEST(PlanRevert, MarkedRevisionsThatAreNotAppliedAreLeftAlone) {
    const auto graph = graph_of({{"p", {}}, {"a", {"p"}}, {"b", {"p"}}});
    const Plan plan = plan_revert(graph, {"a"}, marked(graph, {"b"}));
    EXPECT_TRUE(plan.steps.empty());
    EXPECT_EQ(plan.heads_after, (Ids{"a"}));
}

}  // namespace
}  // namespace mig::graph::test
