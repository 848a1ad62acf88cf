// stamp_heads: which version rows `mig stamp` replaces (Alembic's semantics), and --purge.

#include "graph/errors.hpp"
#include "graph/plan.hpp"
#include "graph/target.hpp"
#include "unit/graph/graph_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::graph::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// a -> l1 -> l2 and a -> r1 -> r2; merged() adds m, whose parents are l2 and r2.
RevisionGraph branched() {
    return graph_of({{"a", {}}, {"l1", {"a"}}, {"l2", {"l1"}}, {"r1", {"a"}}, {"r2", {"r1"}}});
}

RevisionGraph merged() {
    return graph_of({{"a", {}},
                     {"l1", {"a"}},
                     {"l2", {"l1"}},
                     {"r1", {"a"}},
                     {"r2", {"r1"}},
                     {"m", {"l2", "r2"}}});
}

Ids stamp(const RevisionGraph& graph, const Ids& current, std::string_view target,
          StampScope scope = StampScope::line) {
    const std::vector<Index> targets =
        resolve_target(graph, target, current_indices(graph, current));
    return stamp_heads(graph, current, targets, scope);
}

TEST(StampHeads, BackOnOneBranchKeepsTheOtherBranch) {
    // The example of issue 7: stamping one branch back must not forget the other one.
    EXPECT_THAT(stamp(branched(), {"l2", "r2"}, "l1"), ElementsAre("l1", "r2"));
    EXPECT_THAT(stamp(branched(), {"l2", "r2"}, "r1"), ElementsAre("l2", "r1"));
}

TEST(StampHeads, ForwardOnOneBranchKeepsTheOtherBranch) {
    EXPECT_THAT(stamp(branched(), {"l1", "r1"}, "l2"), ElementsAre("l2", "r1"));
}

TEST(StampHeads, AnAncestorOfEveryHeadReplacesThemAll) {
    EXPECT_THAT(stamp(branched(), {"l2", "r2"}, "a"), ElementsAre("a"));
}

TEST(StampHeads, ABranchNotRepresentedIsAdded) {
    // Database on the left line only; stamping r1 starts the right line next to it.
    EXPECT_THAT(stamp(branched(), {"l2"}, "r1"), ElementsAre("l2", "r1"));
}

TEST(StampHeads, TheTargetItselfChangesNothing) {
    EXPECT_THAT(stamp(branched(), {"l2", "r2"}, "l2"), ElementsAre("l2", "r2"));
}

TEST(StampHeads, HeadsReplacesEveryHead) {
    EXPECT_THAT(stamp(branched(), {"l1", "r1"}, "heads"), ElementsAre("l2", "r2"));
    EXPECT_THAT(stamp(branched(), {}, "heads"), ElementsAre("l2", "r2"));
}

TEST(StampHeads, BaseClearsEveryRowWithOrWithoutPurge) {
    EXPECT_THAT(stamp(branched(), {"l2", "r2"}, "base"), IsEmpty());
    EXPECT_THAT(stamp(branched(), {"l2", "r2"}, "base", StampScope::all), IsEmpty());
}

TEST(StampHeads, PurgeReplacesEveryHead) {
    EXPECT_THAT(stamp(branched(), {"l2", "r2"}, "l1", StampScope::all), ElementsAre("l1"));
    EXPECT_THAT(stamp(branched(), {"l2"}, "r1", StampScope::all), ElementsAre("r1"));
}

TEST(StampHeads, APrefixResolvesFirst) {
    EXPECT_THAT(stamp(graph_of({{"abc111", {}}, {"abd222", {"abc111"}}, {"x9", {}}}),
                      {"abd222", "x9"}, "abc"),
                ElementsAre("abc111", "x9"));
}

TEST(StampHeads, RelativeTargetsCountFromTheDatabase) {
    EXPECT_THAT(stamp(branched(), {"l2"}, "-1"), ElementsAre("l1"));
    EXPECT_THAT(stamp(branched(), {"l1"}, "+1"), ElementsAre("l2"));
    // REV-N with several database heads: only REV's line moves.
    EXPECT_THAT(stamp(branched(), {"l2", "r2"}, "r2-1"), ElementsAre("l2", "r1"));
}

TEST(StampHeads, AMergePointReplacesBothParents) {
    EXPECT_THAT(stamp(merged(), {"l2", "r2"}, "m"), ElementsAre("m"));
    EXPECT_THAT(stamp(merged(), {"l1", "r2"}, "m"), ElementsAre("m"));
}

TEST(StampHeads, BelowAMergePointKeepsOnlyTheTarget) {
    // As Alembic does: m is on l2's line, and it is the only head.
    EXPECT_THAT(stamp(merged(), {"m"}, "l2"), ElementsAre("l2"));
    // -1 from a merge lands on both parents.
    EXPECT_THAT(stamp(merged(), {"m"}, "-1"), ElementsAre("l2", "r2"));
}

TEST(StampHeads, AHeadThisGraphDoesNotKnowIsReplaced) {
    // Its line cannot be known; stamp is how such a database is repaired.
    EXPECT_THAT(
        stamp_heads(branched(), {"gone", "r2"}, indices_of(branched(), {"l1"}), StampScope::line),
        ElementsAre("l1", "r2"));
}

}  // namespace
}  // namespace mig::graph::test
