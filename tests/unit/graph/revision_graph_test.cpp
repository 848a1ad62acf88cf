#include "graph/revision_graph.hpp"

#include "graph/errors.hpp"
#include "unit/graph/graph_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::graph::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ---- shape queries -------------------------------------------------------------------

TEST(RevisionGraph, EmptyGraphHasNothing) {
    const RevisionGraph graph = graph_of({});
    EXPECT_TRUE(graph.empty());
    EXPECT_THAT(graph.heads(), IsEmpty());
    EXPECT_THAT(graph.bases(), IsEmpty());
    EXPECT_THAT(graph.topological_order(), IsEmpty());
}

TEST(RevisionGraph, LinearChain) {
    const RevisionGraph graph = graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}});
    EXPECT_EQ(graph.size(), 3u);
    EXPECT_THAT(ids_of(graph, graph.heads()), ElementsAre("c"));
    EXPECT_THAT(ids_of(graph, graph.bases()), ElementsAre("a"));
    EXPECT_THAT(ids_of(graph, graph.parents_of(index_of(graph, "b"))), ElementsAre("a"));
    EXPECT_THAT(ids_of(graph, graph.children_of(index_of(graph, "b"))), ElementsAre("c"));
    EXPECT_TRUE(graph.is_base(index_of(graph, "a")));
    EXPECT_TRUE(graph.is_head(index_of(graph, "c")));
    EXPECT_FALSE(graph.is_head(index_of(graph, "b")));
    EXPECT_FALSE(graph.is_branch_point(index_of(graph, "b")));
    EXPECT_FALSE(graph.is_merge_point(index_of(graph, "b")));
    EXPECT_THAT(ids_of(graph, graph.topological_order()), ElementsAre("a", "b", "c"));
}

TEST(RevisionGraph, IndicesKeepInputOrder) {
    const RevisionGraph graph = graph_of({{"c", {"b"}}, {"a", {}}, {"b", {"a"}}});
    EXPECT_THAT(graph.ids(), ElementsAre("c", "a", "b"));
    EXPECT_EQ(graph.at(0).id, "c");
    EXPECT_EQ(std::filesystem::path(graph.at(0).path).filename(), "c_step.sql");
    EXPECT_THAT(ids_of(graph, graph.topological_order()), ElementsAre("a", "b", "c"));
}

TEST(RevisionGraph, BranchPointHasTwoChildrenAndTwoHeads) {
    const RevisionGraph graph = graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}});
    const Index a = index_of(graph, "a");
    EXPECT_TRUE(graph.is_branch_point(a));
    EXPECT_THAT(ids_of(graph, graph.children_of(a)), ElementsAre("b", "c"));
    EXPECT_THAT(ids_of(graph, graph.heads()), ElementsAre("b", "c"));
    EXPECT_THAT(ids_of(graph, graph.topological_order()), ElementsAre("a", "b", "c"));
}

TEST(RevisionGraph, MergePointHasTwoParents) {
    const RevisionGraph graph =
        graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}, {"d", {"b", "c"}}});
    const Index d = index_of(graph, "d");
    EXPECT_TRUE(graph.is_merge_point(d));
    EXPECT_FALSE(graph.is_branch_point(d));
    EXPECT_THAT(ids_of(graph, graph.parents_of(d)), ElementsAre("b", "c"));
    EXPECT_THAT(ids_of(graph, graph.heads()), ElementsAre("d"));
    EXPECT_THAT(ids_of(graph, graph.bases()), ElementsAre("a"));
}

TEST(RevisionGraph, MultipleBases) {
    const RevisionGraph graph = graph_of({{"x", {}}, {"y", {}}, {"z", {"x", "y"}}});
    EXPECT_THAT(ids_of(graph, graph.bases()), ElementsAre("x", "y"));
    EXPECT_THAT(ids_of(graph, graph.heads()), ElementsAre("z"));
    EXPECT_THAT(ids_of(graph, graph.topological_order()), ElementsAre("x", "y", "z"));
}

TEST(RevisionGraph, TopologicalOrderWalksEachBranchToItsEnd) {
    const RevisionGraph graph = graph_of({{"a", {}},
                                          {"c1", {"a"}},
                                          {"b1", {"a"}},
                                          {"c2", {"c1"}},
                                          {"b2", {"b1"}},
                                          {"m", {"b2", "c2"}}});
    // Parents in the order the merge lists them, not input order.
    EXPECT_THAT(ids_of(graph, graph.topological_order()),
                ElementsAre("a", "b1", "b2", "c1", "c2", "m"));
}

TEST(RevisionGraph, TopologicalOrderFollowsMergeParentOrder) {
    const RevisionGraph graph =
        graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}, {"d", {"c", "b"}}});
    EXPECT_THAT(ids_of(graph, graph.topological_order()), ElementsAre("a", "c", "b", "d"));
}

TEST(RevisionGraph, TopologicalOrderStartsFromHeadsInInputOrder) {
    const RevisionGraph graph = graph_of({{"y2", {"y1"}}, {"x1", {}}, {"y1", {}}, {"x2", {"x1"}}});
    EXPECT_THAT(ids_of(graph, graph.heads()), ElementsAre("y2", "x2"));
    EXPECT_THAT(ids_of(graph, graph.topological_order()), ElementsAre("y1", "y2", "x1", "x2"));
}

TEST(RevisionGraph, FindAndGet) {
    const RevisionGraph graph = graph_of({{"abc", {}}, {"abd", {"abc"}}});
    EXPECT_EQ(graph.find("abd"), std::optional<Index>(1));
    EXPECT_EQ(graph.find("ab"), std::nullopt);  // exact ids only
    EXPECT_EQ(graph.get("abc").id, "abc");
    const auto error = thrown_by<ResolutionError>([&] { graph.get("abx"); });
    EXPECT_THAT(error.what(), HasSubstr("abx"));
    EXPECT_THAT(error.candidates(), ElementsAre("abc", "abd"));
}

// ---- ancestors and descendants -----------------------------------------------------

class Diamond : public ::testing::Test {
protected:
    // a <- b, a <- c, d merges b and c; e is a second base merged later.
    const RevisionGraph graph = graph_of(
        {{"a", {}}, {"b", {"a"}}, {"c", {"a"}}, {"d", {"b", "c"}}, {"e", {}}, {"f", {"d", "e"}}});
    std::vector<Index> at(const Ids& ids) const { return indices_of(graph, ids); }
};

TEST_F(Diamond, AncestorsInclusive) {
    EXPECT_THAT(marked_ids(graph, graph.ancestors(at({"d"}))), ElementsAre("a", "b", "c", "d"));
    EXPECT_THAT(marked_ids(graph, graph.ancestors(at({"b", "e"}))), ElementsAre("a", "b", "e"));
}

TEST_F(Diamond, AncestorsExclusive) {
    EXPECT_THAT(marked_ids(graph, graph.ancestors(at({"d"}), false)), ElementsAre("a", "b", "c"));
    // A start that is an ancestor of another start is marked as such.
    EXPECT_THAT(marked_ids(graph, graph.ancestors(at({"a", "b"}), false)), ElementsAre("a"));
    EXPECT_THAT(marked_ids(graph, graph.ancestors(at({"a"}), false)), IsEmpty());
}

TEST_F(Diamond, Descendants) {
    EXPECT_THAT(marked_ids(graph, graph.descendants(at({"b"}))), ElementsAre("b", "d", "f"));
    EXPECT_THAT(marked_ids(graph, graph.descendants(at({"a"}), false)),
                ElementsAre("b", "c", "d", "f"));
    EXPECT_THAT(marked_ids(graph, graph.descendants(at({"e"}), false)), ElementsAre("f"));
    EXPECT_THAT(marked_ids(graph, graph.descendants({})), IsEmpty());
}

// ---- problems ------------------------------------------------------------------------

Revision revision(std::string id, Ids parents, std::string path) {
    return {std::move(id), std::move(parents), "", "", std::move(path)};
}

TEST(GraphProblems, SoundGraphHasNone) {
    EXPECT_THAT(RevisionGraph::find_problems(revisions_of({{"a", {}}, {"b", {"a"}}})), IsEmpty());
}

TEST(GraphProblems, DuplicateIdNamesBothFiles) {
    const auto problems = RevisionGraph::find_problems(
        {revision("a", {}, "versions/a_two.sql"), revision("a", {}, "versions/a_one.sql")});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].kind, GraphProblem::Kind::duplicate_id);
    EXPECT_EQ(problems[0].message, "duplicate revision id a in a_one.sql and a_two.sql");
}

TEST(GraphProblems, MissingParentNamesFileAndSuggests) {
    const auto problems = RevisionGraph::find_problems(
        revisions_of({{"3f2a9c1d7b4e", {}}, {"9a8b7c6d5e4f", {"3f2a9c1d7b4f"}}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].kind, GraphProblem::Kind::missing_parent);
    EXPECT_EQ(problems[0].message,
              "9a8b7c6d5e4f_step.sql: parent 3f2a9c1d7b4f of revision 9a8b7c6d5e4f does not "
              "exist; did you mean 3f2a9c1d7b4e?");
}

TEST(GraphProblems, MissingParentWithoutCloseIds) {
    const auto problems = RevisionGraph::find_problems(revisions_of({{"a", {"zzzzzz"}}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].message, "a_step.sql: parent zzzzzz of revision a does not exist");
}

TEST(GraphProblems, RevisionWithoutFileIsNamedById) {
    const auto problems = RevisionGraph::find_problems({revision("a", {"gone"}, "")});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].message, "a: parent gone of revision a does not exist");
}

TEST(GraphProblems, SelfParent) {
    const auto problems = RevisionGraph::find_problems(revisions_of({{"a", {"a"}}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].kind, GraphProblem::Kind::cycle);
    EXPECT_EQ(problems[0].message, "a_step.sql: revision a names itself as its parent");
}

TEST(GraphProblems, ThreeCycleInCycleOrder) {
    // a's parent is c, b's is a, c's is b: a -> b -> c -> a, parent to child.
    const auto problems = RevisionGraph::find_problems(
        revisions_of({{"b", {"a"}}, {"c", {"b"}}, {"a", {"c"}}, {"d", {"a"}}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].kind, GraphProblem::Kind::cycle);
    EXPECT_EQ(problems[0].message,
              "revisions form a cycle: a -> b -> c -> a (a_step.sql, b_step.sql, c_step.sql)");
}

TEST(GraphProblems, CycleMessageDoesNotDependOnInputOrder) {
    const auto forward =
        RevisionGraph::find_problems(revisions_of({{"a", {"c"}}, {"b", {"a"}}, {"c", {"b"}}}));
    const auto backward =
        RevisionGraph::find_problems(revisions_of({{"c", {"b"}}, {"b", {"a"}}, {"a", {"c"}}}));
    ASSERT_EQ(forward.size(), 1u);
    ASSERT_EQ(backward.size(), 1u);
    EXPECT_EQ(forward[0].message, backward[0].message);
}

TEST(GraphProblems, EveryProblemSortedByFile) {
    const auto problems = RevisionGraph::find_problems(
        revisions_of({{"d", {"d"}}, {"c", {"missing"}}, {"b", {}}, {"b", {}}, {"a", {"x"}}}));
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0].kind, GraphProblem::Kind::missing_parent);
    EXPECT_THAT(problems[0].message, HasSubstr("a_step.sql"));
    EXPECT_EQ(problems[1].kind, GraphProblem::Kind::duplicate_id);
    EXPECT_EQ(problems[2].kind, GraphProblem::Kind::missing_parent);
    EXPECT_THAT(problems[2].message, HasSubstr("c_step.sql"));
    EXPECT_EQ(problems[3].kind, GraphProblem::Kind::cycle);
}

TEST(GraphProblems, BuildThrowsTheFirstProblem) {
    const auto error = thrown_by<GraphError>([] {
        RevisionGraph::build(revisions_of({{"b", {"b"}}, {"a", {"nope"}}}));
    });
    EXPECT_STREQ(error.what(), "a_step.sql: parent nope of revision a does not exist");
    EXPECT_THAT(error.hint(), HasSubstr("-- mig:parents"));
    EXPECT_EQ(error.code(), ExitCode::bad_input);
}

TEST(GraphProblems, BuildRejectsCycles) {
    const auto error = thrown_by<GraphError>([] {
        RevisionGraph::build(revisions_of({{"a", {"b"}}, {"b", {"a"}}}));
    });
    EXPECT_THAT(error.what(), HasSubstr("a -> b -> a"));
}

// ---- scale: nothing recursive ----------------------------------------------------------

constexpr std::size_t k_long_chain = 100'000;

TEST(RevisionGraphScale, HundredThousandChainOldestFirst) {
    const RevisionGraph graph = RevisionGraph::build(chain_of(k_long_chain, Listing::oldest_first));
    ASSERT_EQ(graph.topological_order().size(), k_long_chain);
    EXPECT_EQ(graph.at(graph.topological_order().front()).id, "r0");
    EXPECT_EQ(graph.at(graph.topological_order().back()).id, "r99999");
    const auto above_base = graph.descendants({index_of(graph, "r0")}, false);
    EXPECT_EQ(std::count(above_base.begin(), above_base.end(), true), 99'999);
}

TEST(RevisionGraphScale, HundredThousandChainNewestFirst) {
    // Listed head first, every search starts at the deep end.
    const RevisionGraph graph = RevisionGraph::build(chain_of(k_long_chain, Listing::newest_first));
    ASSERT_EQ(graph.topological_order().size(), k_long_chain);
    EXPECT_EQ(graph.at(graph.topological_order().front()).id, "r0");
    EXPECT_EQ(graph.at(graph.topological_order().back()).id, "r99999");
    const auto below_head = graph.ancestors(graph.heads());
    EXPECT_EQ(std::count(below_head.begin(), below_head.end(), true), 100'000);
}

TEST(RevisionGraphScale, HundredThousandCycleIsFound) {
    std::vector<Revision> revisions = chain_of(k_long_chain, Listing::newest_first);
    revisions.back().parents = {"r99999"};  // r0, listed last, now descends from the head
    const auto problems = RevisionGraph::find_problems(revisions);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].kind, GraphProblem::Kind::cycle);
    EXPECT_THAT(problems[0].message, HasSubstr("r0 -> r1 -> r2 -> "));
}

}  // namespace
}  // namespace mig::graph::test
