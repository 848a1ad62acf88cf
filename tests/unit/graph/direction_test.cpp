// require_direction: a relative TARGET must move the database the command's way.

#include "graph/errors.hpp"
#include "graph/plan.hpp"
#include "graph/target.hpp"
#include "unit/graph/graph_fixture.hpp"

#include <gtest/gtest.h>

namespace mig::graph::test {
namespace {

RevisionGraph linear() {
    return graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}, {"d", {"c"}}});
}

// Resolves `target` from a database at `current`, then checks its direction.
void check(Direction direction, std::string_view target, const Ids& current) {
    const RevisionGraph graph = linear();
    require_relative_sign(direction, target);
    const auto targets = resolve_target(graph, target, current_indices(graph, current));
    require_direction(graph, direction, target, current, targets);
}

std::string error_of(Direction direction, std::string_view target, const Ids& current) {
    return thrown_by<ResolutionError>([&] { check(direction, target, current); }).what();
}

TEST(RequireDirection, TheCommandsOwnDirectionPasses) {
    EXPECT_NO_THROW(check(Direction::up, "+1", {"b"}));
    EXPECT_NO_THROW(check(Direction::up, "+2", {}));
    EXPECT_NO_THROW(check(Direction::down, "-1", {"b"}));
    EXPECT_NO_THROW(check(Direction::down, "-2", {"b"}));  // to base
    EXPECT_NO_THROW(check(Direction::up, "b+1", {"b"}));
    EXPECT_NO_THROW(check(Direction::down, "c-2", {"c"}));
}

TEST(RequireDirection, PlainTargetsAreNeverChecked) {
    // `upgrade head` at head, `upgrade a` above a: nothing to do, not an error.
    EXPECT_NO_THROW(check(Direction::up, "head", {"d"}));
    EXPECT_NO_THROW(check(Direction::up, "a", {"d"}));
    EXPECT_NO_THROW(check(Direction::down, "base", {}));
}

TEST(RequireDirection, UpgradeMinusNGoesBackwards) {
    EXPECT_EQ(error_of(Direction::up, "-1", {"c"}),
              "upgrade -1 goes backwards; to revert 1 revision, use mig downgrade -1");
    EXPECT_EQ(error_of(Direction::up, "-2", {"c"}),
              "upgrade -2 goes backwards; to revert 2 revisions, use mig downgrade -2");
}

TEST(RequireDirection, DowngradePlusNGoesForwards) {
    EXPECT_EQ(error_of(Direction::down, "+1", {"b"}),
              "downgrade +1 goes forwards; to apply 1 revision, use mig upgrade +1");
}

TEST(RequireDirection, TheSignIsCheckedBeforeResolving) {
    // At base, `-1` cannot even be resolved: the sign is the useful message.
    EXPECT_EQ(error_of(Direction::up, "-1", {}),
              "upgrade -1 goes backwards; to revert 1 revision, use mig downgrade -1");
    EXPECT_THROW(require_relative_sign(Direction::down, "+3"), ResolutionError);
    EXPECT_NO_THROW(require_relative_sign(Direction::up, "b-1"));  // anchored: resolved first
}

TEST(RequireDirection, ZeroStepsMoveNothing) {
    EXPECT_EQ(error_of(Direction::up, "+0", {"b"}),
              "upgrade +0 moves nothing; give a count of 1 or more");
    EXPECT_EQ(error_of(Direction::down, "-0", {"b"}),
              "downgrade -0 moves nothing; give a count of 1 or more");
}

TEST(RequireDirection, AnchoredTargetBelowTheDatabaseIsRefusedForUpgrade) {
    EXPECT_EQ(error_of(Direction::up, "d-2", {"d"}),
              "upgrade d-2 goes backwards: d-2 is b, which is below the database (the database "
              "is at d)");
    EXPECT_EQ(error_of(Direction::up, "b-1", {"c"}),
              "upgrade b-1 goes backwards: b-1 is a, which is below the database (the database "
              "is at c)");
    EXPECT_EQ(error_of(Direction::up, "a-1", {"c"}),
              "upgrade a-1 goes backwards: a-1 is base, which is below the database (the "
              "database is at c)");
    // At the database's own revision: nothing to do, as for `upgrade head` at head.
    EXPECT_NO_THROW(check(Direction::up, "d-1", {"c"}));
    EXPECT_NO_THROW(check(Direction::up, "a-1", {}));
}

TEST(RequireDirection, AnchoredTargetNotAppliedIsRefusedForDowngrade) {
    EXPECT_EQ(error_of(Direction::down, "a+2", {"b"}),
              "downgrade a+2 goes forwards: a+2 is c, which is not applied (the database is at "
              "b)");
    EXPECT_NO_THROW(check(Direction::down, "d-2", {"b"}));  // b itself: nothing to do
}

TEST(RequireDirection, ErrorsCarryTheHint) {
    const auto error = thrown_by<ResolutionError>([] { check(Direction::up, "d-2", {"d"}); });
    EXPECT_EQ(error.hint(), "to go back to it, use mig downgrade d-2");
}

}  // namespace
}  // namespace mig::graph::test
