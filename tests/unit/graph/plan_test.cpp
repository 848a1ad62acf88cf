#include "graph/plan.hpp"

#include "graph/errors.hpp"
#include "graph/target.hpp"
#include "unit/graph/graph_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

namespace mig::graph::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A plan step as the tests write it: "+b -a" applies b, replacing version row a.
struct Step {
    std::string revision;
    Ids removed;
    Ids added;
    bool operator==(const Step&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Step& step) {
    out << step.revision << " [-";
    for (const auto& id : step.removed) {
        out << ' ' << id;
    }
    out << "] [+";
    for (const auto& id : step.added) {
        out << ' ' << id;
    }
    return out << ']';
}

std::vector<Step> steps_of(const RevisionGraph& graph, const Plan& plan, Direction direction) {
    std::vector<Step> steps;
    for (const auto& step : plan.steps) {
        EXPECT_EQ(step.direction, direction);
        steps.push_back({graph.at(step.revision).id, step.heads_removed, step.heads_added});
    }
    return steps;
}

// The plans for `target` from a database at `current`, as the CLI would make them.
struct Planner {
    const RevisionGraph& graph;

    std::vector<Index> target(std::string_view spec, const Ids& current) const {
        return resolve_target(graph, spec, current_indices(graph, current));
    }
    Plan up_plan(const Ids& current, std::string_view spec) const {
        return plan_upgrade(graph, current, target(spec, current));
    }
    Plan down_plan(const Ids& current, std::string_view spec) const {
        return plan_downgrade(graph, current, target(spec, current));
    }
    std::vector<Step> up(const Ids& current, std::string_view spec) const {
        return steps_of(graph, up_plan(current, spec), Direction::up);
    }
    std::vector<Step> down(const Ids& current, std::string_view spec) const {
        return steps_of(graph, down_plan(current, spec), Direction::down);
    }
};

const RevisionGraph& linear() {
    static const RevisionGraph graph = graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}});
    return graph;
}

// a <- b1 <- b2 and a <- c1: two branches from a.
const RevisionGraph& branched() {
    static const RevisionGraph graph =
        graph_of({{"a", {}}, {"b1", {"a"}}, {"b2", {"b1"}}, {"c1", {"a"}}});
    return graph;
}

// a <- b, a <- c, d merges b and c, e follows d.
const RevisionGraph& merged() {
    static const RevisionGraph graph =
        graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}, {"d", {"b", "c"}}, {"e", {"d"}}});
    return graph;
}

// ---- current_indices ---------------------------------------------------------------------

TEST(CurrentIndices, KnownIds) {
    EXPECT_THAT(current_indices(linear(), {"c", "a"}),
                ElementsAre(index_of(linear(), "c"), index_of(linear(), "a")));
    EXPECT_THAT(current_indices(linear(), {}), IsEmpty());
}

TEST(CurrentIndices, UnknownIdMeansTheDatabaseIsAhead) {
    const auto error = thrown_by<ResolutionError>([] { current_indices(linear(), {"b", "zz"}); });
    EXPECT_STREQ(error.what(),
                 "the database is at revision zz, which is not in migrations/versions");
    EXPECT_EQ(error.hint(),
              "check out the code that has it, or revert it with `mig downgrade` (mig kept its "
              "downgrade SQL)");
    EXPECT_THAT(error.candidates(), ElementsAre("zz"));
}

TEST(CurrentIndices, SeveralUnknownIds) {
    const auto error = thrown_by<ResolutionError>([] { current_indices(linear(), {"y", "z"}); });
    EXPECT_STREQ(error.what(),
                 "the database is at revisions y and z, which are not in migrations/versions");
    EXPECT_THAT(error.candidates(), ElementsAre("y", "z"));
}

TEST(CurrentIndices, PlansRejectUnknownCurrentHeads) {
    EXPECT_THROW(plan_upgrade(linear(), {"zz"}, {}), ResolutionError);
    EXPECT_THROW(plan_downgrade(linear(), {"zz"}, {}), ResolutionError);
}

// ---- upgrade -----------------------------------------------------------------------------

TEST(PlanUpgrade, LinearFromBaseToHead) {
    const Planner planner{linear()};
    EXPECT_THAT(planner.up({}, "head"), ElementsAre(Step{"a", {}, {"a"}}, Step{"b", {"a"}, {"b"}},
                                                    Step{"c", {"b"}, {"c"}}));
    const Plan plan = planner.up_plan({}, "head");
    EXPECT_THAT(plan.heads_before, IsEmpty());
    EXPECT_THAT(plan.heads_after, ElementsAre("c"));
}

TEST(PlanUpgrade, LinearFromTheMiddle) {
    const Planner planner{linear()};
    EXPECT_THAT(planner.up({"a"}, "head"),
                ElementsAre(Step{"b", {"a"}, {"b"}}, Step{"c", {"b"}, {"c"}}));
}

TEST(PlanUpgrade, ToASpecificRevision) {
    const Planner planner{linear()};
    EXPECT_THAT(planner.up({}, "b"), ElementsAre(Step{"a", {}, {"a"}}, Step{"b", {"a"}, {"b"}}));
    EXPECT_THAT(planner.up_plan({}, "b").heads_after, ElementsAre("b"));
}

TEST(PlanUpgrade, Relative) {
    const Planner planner{linear()};
    EXPECT_THAT(planner.up({"a"}, "+1"), ElementsAre(Step{"b", {"a"}, {"b"}}));
    EXPECT_THAT(planner.up({}, "+2"), ElementsAre(Step{"a", {}, {"a"}}, Step{"b", {"a"}, {"b"}}));
    EXPECT_THAT(planner.up({}, "a+1"), ElementsAre(Step{"a", {}, {"a"}}, Step{"b", {"a"}, {"b"}}));
}

TEST(PlanUpgrade, AlreadyThereIsAnEmptyPlan) {
    const Planner planner{linear()};
    const Plan plan = planner.up_plan({"c"}, "head");
    EXPECT_THAT(plan.steps, IsEmpty());
    EXPECT_THAT(plan.heads_before, ElementsAre("c"));
    EXPECT_THAT(plan.heads_after, ElementsAre("c"));
    // Upgrading to an applied ancestor changes nothing either.
    EXPECT_THAT(planner.up({"c"}, "a"), IsEmpty());
}

TEST(PlanUpgrade, BothBranchesFromBase) {
    const Planner planner{branched()};
    EXPECT_THAT(
        planner.up({}, "heads"),
        ElementsAre(Step{"a", {}, {"a"}}, Step{"b1", {"a"}, {"b1"}}, Step{"b2", {"b1"}, {"b2"}},
                    // a is no version row any more: b1 covers it.
                    Step{"c1", {}, {"c1"}}));
    EXPECT_THAT(planner.up_plan({}, "heads").heads_after, ElementsAre("b2", "c1"));
}

TEST(PlanUpgrade, OneBranchOnly) {
    const Planner planner{branched()};
    EXPECT_THAT(planner.up({}, "c1"), ElementsAre(Step{"a", {}, {"a"}}, Step{"c1", {"a"}, {"c1"}}));
}

TEST(PlanUpgrade, BranchPartiallyApplied) {
    const Planner planner{branched()};
    // The database has b1 only: b2 finishes that branch, c1 starts the other beside it.
    const Plan plan = planner.up_plan({"b1"}, "heads");
    EXPECT_THAT(steps_of(branched(), plan, Direction::up),
                ElementsAre(Step{"b2", {"b1"}, {"b2"}}, Step{"c1", {}, {"c1"}}));
    EXPECT_THAT(plan.heads_before, ElementsAre("b1"));
    EXPECT_THAT(plan.heads_after, ElementsAre("b2", "c1"));
}

TEST(PlanUpgrade, SecondBranchBesideAnAppliedOne) {
    const Planner planner{branched()};
    EXPECT_THAT(planner.up({"b2"}, "c1"), ElementsAre(Step{"c1", {}, {"c1"}}));
}

TEST(PlanUpgrade, MergeReplacesBothParents) {
    const Planner planner{merged()};
    const Plan plan = planner.up_plan({"b", "c"}, "head");
    EXPECT_THAT(steps_of(merged(), plan, Direction::up),
                ElementsAre(Step{"d", {"b", "c"}, {"d"}}, Step{"e", {"d"}, {"e"}}));
    EXPECT_THAT(plan.heads_before, ElementsAre("b", "c"));
    EXPECT_THAT(plan.heads_after, ElementsAre("e"));
}

TEST(PlanUpgrade, ThroughAMergeFromBase) {
    const Planner planner{merged()};
    EXPECT_THAT(planner.up({}, "d"),
                ElementsAre(Step{"a", {}, {"a"}}, Step{"b", {"a"}, {"b"}}, Step{"c", {}, {"c"}},
                            Step{"d", {"b", "c"}, {"d"}}));
}

TEST(PlanUpgrade, MergeWithOneSideApplied) {
    const Planner planner{merged()};
    EXPECT_THAT(planner.up({"b"}, "d"),
                ElementsAre(Step{"c", {}, {"c"}}, Step{"d", {"b", "c"}, {"d"}}));
}

TEST(PlanUpgrade, MultipleBases) {
    const RevisionGraph graph = graph_of({{"x", {}}, {"y", {}}, {"z", {"x", "y"}}});
    const Planner planner{graph};
    EXPECT_THAT(planner.up({}, "head"), ElementsAre(Step{"x", {}, {"x"}}, Step{"y", {}, {"y"}},
                                                    Step{"z", {"x", "y"}, {"z"}}));
}

// ---- downgrade ---------------------------------------------------------------------------

TEST(PlanDowngrade, LinearToBase) {
    const Planner planner{linear()};
    const Plan plan = planner.down_plan({"c"}, "base");
    EXPECT_THAT(
        steps_of(linear(), plan, Direction::down),
        ElementsAre(Step{"c", {"c"}, {"b"}}, Step{"b", {"b"}, {"a"}}, Step{"a", {"a"}, {}}));
    EXPECT_THAT(plan.heads_before, ElementsAre("c"));
    EXPECT_THAT(plan.heads_after, IsEmpty());
}

TEST(PlanDowngrade, LinearOneStep) {
    const Planner planner{linear()};
    EXPECT_THAT(planner.down({"c"}, "-1"), ElementsAre(Step{"c", {"c"}, {"b"}}));
    EXPECT_THAT(planner.down({"a"}, "-1"), ElementsAre(Step{"a", {"a"}, {}}));
    EXPECT_THAT(planner.down({"c"}, "a"),
                ElementsAre(Step{"c", {"c"}, {"b"}}, Step{"b", {"b"}, {"a"}}));
}

TEST(PlanDowngrade, ToTheCurrentRevisionOrAtBaseDoesNothing) {
    const Planner planner{linear()};
    EXPECT_THAT(planner.down({"b"}, "b"), IsEmpty());
    const Plan plan = planner.down_plan({}, "base");
    EXPECT_THAT(plan.steps, IsEmpty());
    EXPECT_THAT(plan.heads_after, IsEmpty());
}

TEST(PlanDowngrade, MinusOneFromAMergeLandsOnBothParents) {
    const Planner planner{merged()};
    const Plan plan = planner.down_plan({"d"}, "-1");
    EXPECT_THAT(steps_of(merged(), plan, Direction::down),
                ElementsAre(Step{"d", {"d"}, {"b", "c"}}));
    EXPECT_THAT(plan.heads_after, ElementsAre("b", "c"));
}

TEST(PlanDowngrade, PastAMergePoint) {
    const Planner planner{merged()};
    // Reverse topological order: e, d, c, b. Reverting c leaves a covered by b.
    const Plan plan = planner.down_plan({"e"}, "a");
    EXPECT_THAT(steps_of(merged(), plan, Direction::down),
                ElementsAre(Step{"e", {"e"}, {"d"}}, Step{"d", {"d"}, {"b", "c"}},
                            Step{"c", {"c"}, {}}, Step{"b", {"b"}, {"a"}}));
    EXPECT_THAT(plan.heads_after, ElementsAre("a"));
}

TEST(PlanDowngrade, MergeToBase) {
    const Planner planner{merged()};
    const Plan plan = planner.down_plan({"d"}, "base");
    EXPECT_THAT(steps_of(merged(), plan, Direction::down),
                ElementsAre(Step{"d", {"d"}, {"b", "c"}}, Step{"c", {"c"}, {}},
                            Step{"b", {"b"}, {"a"}}, Step{"a", {"a"}, {}}));
    EXPECT_THAT(plan.heads_after, IsEmpty());
}

TEST(PlanDowngrade, OneBranchLeavesTheOtherApplied) {
    const Planner planner{branched()};
    const Plan plan = planner.down_plan({"b2", "c1"}, "b1");
    EXPECT_THAT(steps_of(branched(), plan, Direction::down),
                ElementsAre(Step{"b2", {"b2"}, {"b1"}}));
    EXPECT_THAT(plan.heads_before, ElementsAre("b2", "c1"));
    EXPECT_THAT(plan.heads_after, ElementsAre("b1", "c1"));
}

TEST(PlanDowngrade, BothBranchesToTheBranchPoint) {
    const Planner planner{branched()};
    const Plan plan = planner.down_plan({"b2", "c1"}, "a");
    EXPECT_THAT(
        steps_of(branched(), plan, Direction::down),
        ElementsAre(Step{"c1", {"c1"}, {}}, Step{"b2", {"b2"}, {"b1"}}, Step{"b1", {"b1"}, {"a"}}));
    EXPECT_THAT(plan.heads_after, ElementsAre("a"));
}

TEST(PlanDowngrade, RelativeFromOneOfSeveralHeadsRevertsAllAboveTheTarget) {
    const Planner planner{branched()};
    // c1-1 is a, and everything applied above a goes, on both branches.
    EXPECT_EQ(planner.down({"b2", "c1"}, "c1-1"), planner.down({"b2", "c1"}, "a"));
}

TEST(PlanDowngrade, TargetNotAppliedIsAnError) {
    const Planner planner{branched()};
    const auto error = thrown_by<ResolutionError>([&] { planner.down({"b2"}, "c1"); });
    EXPECT_STREQ(error.what(), "revision c1 is not applied; the database is at b2");
    EXPECT_THAT(error.hint(), HasSubstr("mig upgrade c1"));
    EXPECT_THAT(error.candidates(), ElementsAre("b2"));
}

TEST(PlanDowngrade, TargetNotAppliedAtBase) {
    const Planner planner{linear()};
    const auto error = thrown_by<ResolutionError>([&] { planner.down({}, "a"); });
    EXPECT_STREQ(error.what(), "revision a is not applied; the database is at base");
}

TEST(PlanDowngrade, TargetAheadOfTheDatabase) {
    const Planner planner{linear()};
    const auto error = thrown_by<ResolutionError>([&] { planner.down({"a"}, "head"); });
    EXPECT_STREQ(error.what(), "revision c is not applied; the database is at a");
}

// ---- normalise_heads ---------------------------------------------------------------------

TEST(NormaliseHeads, DropsAncestorsAndSorts) {
    EXPECT_THAT(normalise_heads(linear(), indices_of(linear(), {"a", "c", "b"})), ElementsAre("c"));
    EXPECT_THAT(normalise_heads(branched(), indices_of(branched(), {"c1", "a", "b1"})),
                ElementsAre("b1", "c1"));
    EXPECT_THAT(normalise_heads(merged(), indices_of(merged(), {"d", "c"})), ElementsAre("d"));
    EXPECT_THAT(normalise_heads(linear(), indices_of(linear(), {"b", "b"})), ElementsAre("b"));
    EXPECT_THAT(normalise_heads(linear(), {}), IsEmpty());
}

// ---- scale -------------------------------------------------------------------------------

TEST(PlanScale, HundredThousandChainUpAndDown) {
    const RevisionGraph graph = RevisionGraph::build(chain_of(100'000, Listing::newest_first));
    const Plan up = plan_upgrade(graph, {}, resolve_target(graph, "head", {}));
    ASSERT_EQ(up.steps.size(), 100'000u);
    EXPECT_EQ(graph.at(up.steps.front().revision).id, "r0");
    EXPECT_THAT(up.steps.back().heads_removed, ElementsAre("r99998"));
    EXPECT_THAT(up.heads_after, ElementsAre("r99999"));

    const std::vector<Index> current = {index_of(graph, "r99999")};
    EXPECT_THAT(ids_of(graph, resolve_target(graph, "-99999", current)), ElementsAre("r0"));
    EXPECT_THAT(resolve_target(graph, "-100000", current), IsEmpty());
    EXPECT_THAT(ids_of(graph, resolve_target(graph, "base+100000", {})), ElementsAre("r99999"));

    const Plan down = plan_downgrade(graph, {"r99999"}, {});
    ASSERT_EQ(down.steps.size(), 100'000u);
    EXPECT_EQ(graph.at(down.steps.front().revision).id, "r99999");
    EXPECT_THAT(down.heads_after, IsEmpty());
}

}  // namespace
}  // namespace mig::graph::test
