#include "graph/target.hpp"

#include "graph/errors.hpp"
#include "unit/graph/graph_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::graph::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Resolves `target` against `graph` with the database at `current` (ids), returning ids.
Ids resolve(const RevisionGraph& graph, std::string_view target, const Ids& current = {}) {
    return ids_of(graph, resolve_target(graph, target, indices_of(graph, current)));
}

ResolutionError resolution_error(const RevisionGraph& graph, std::string_view target,
                                 const Ids& current = {}) {
    return thrown_by<ResolutionError>([&] { resolve(graph, target, current); });
}

const RevisionGraph& linear() {
    static const RevisionGraph graph = graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}});
    return graph;
}

// a <- b, a <- c: a branch point and two heads.
const RevisionGraph& branched() {
    static const RevisionGraph graph = graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}});
    return graph;
}

// a <- b, a <- c, d merges b and c.
const RevisionGraph& merged() {
    static const RevisionGraph graph =
        graph_of({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}, {"d", {"b", "c"}}});
    return graph;
}

const RevisionGraph& hex_ids() {
    static const RevisionGraph graph = graph_of({{"3f2a9c1d7b4e", {}},
                                                 {"3f2b00000000", {"3f2a9c1d7b4e"}},
                                                 {"9a8b7c6d5e4f", {"3f2b00000000"}}});
    return graph;
}

// ---- keywords --------------------------------------------------------------------------

TEST(ResolveTarget, HeadOfLinearChain) {
    EXPECT_THAT(resolve(linear(), "head"), ElementsAre("c"));
}

TEST(ResolveTarget, HeadWithSeveralHeadsNamesThem) {
    const auto error = thrown_by<MultipleHeadsError>([] { resolve(branched(), "head"); });
    EXPECT_THAT(error.heads(), ElementsAre("b", "c"));
    EXPECT_THAT(error.what(), HasSubstr("2 heads (b, c)"));
    EXPECT_THAT(error.hint(), HasSubstr("mig merge -m \"merge heads\" heads"));
    EXPECT_THAT(error.hint(), HasSubstr("mig upgrade heads"));
    EXPECT_EQ(error.code(), ExitCode::bad_input);
}

TEST(ResolveTarget, HeadsAndBase) {
    EXPECT_THAT(resolve(branched(), "heads"), ElementsAre("b", "c"));
    EXPECT_THAT(resolve(linear(), "heads"), ElementsAre("c"));
    EXPECT_THAT(resolve(linear(), "base"), IsEmpty());
    EXPECT_THAT(resolve(linear(), "base", {"c"}), IsEmpty());
}

TEST(ResolveTarget, HeadOfEmptyGraphIsBase) {
    const RevisionGraph empty = graph_of({});
    EXPECT_THAT(resolve(empty, "head"), IsEmpty());
    EXPECT_THAT(resolve(empty, "heads"), IsEmpty());
}

TEST(ResolveTarget, KeywordsAreLowercase) {
    const auto error = resolution_error(linear(), "HEAD");
    EXPECT_EQ(std::string(error.what()), "no revision matches HEAD; did you mean head?");
    EXPECT_THAT(error.candidates(), ElementsAre("head"));
}

TEST(ResolveTarget, EmptyTarget) {
    EXPECT_STREQ(resolution_error(linear(), "").what(), "empty target");
}

// ---- ids and prefixes ----------------------------------------------------------------

TEST(ResolveTarget, FullIdAndUniquePrefix) {
    EXPECT_THAT(resolve(hex_ids(), "9a8b7c6d5e4f"), ElementsAre("9a8b7c6d5e4f"));
    EXPECT_THAT(resolve(hex_ids(), "9a"), ElementsAre("9a8b7c6d5e4f"));
    EXPECT_THAT(resolve(hex_ids(), "3f2a"), ElementsAre("3f2a9c1d7b4e"));
}

TEST(ResolveTarget, ExactIdWinsOverLongerIdsItPrefixes) {
    const RevisionGraph graph = graph_of({{"ab", {}}, {"abc", {"ab"}}});
    EXPECT_THAT(resolve(graph, "ab"), ElementsAre("ab"));
}

TEST(ResolveTarget, AmbiguousPrefixListsCandidates) {
    const auto error = resolution_error(hex_ids(), "3f2");
    EXPECT_STREQ(error.what(), "revision prefix 3f2 is ambiguous: 3f2a9c1d7b4e, 3f2b00000000");
    EXPECT_THAT(error.candidates(), ElementsAre("3f2a9c1d7b4e", "3f2b00000000"));
    EXPECT_THAT(error.hint(), HasSubstr("more characters"));
}

TEST(ResolveTarget, UnknownIdSuggestsClosest) {
    const auto error = resolution_error(hex_ids(), "9a8b7c6d5e4e");
    EXPECT_STREQ(error.what(), "no revision matches 9a8b7c6d5e4e; did you mean 9a8b7c6d5e4f?");
    EXPECT_THAT(error.candidates(), ElementsAre("9a8b7c6d5e4f"));
}

TEST(ResolveTarget, UnknownIdWithNothingClose) {
    const auto error = resolution_error(hex_ids(), "zzzzzzzzzzzz");
    EXPECT_STREQ(error.what(), "no revision matches zzzzzzzzzzzz");
    EXPECT_THAT(error.candidates(), IsEmpty());
}

TEST(ResolveTarget, SignWithoutDigitsIsNotArithmetic) {
    EXPECT_THAT(resolution_error(linear(), "a+").what(), HasSubstr("no revision matches a+"));
    EXPECT_THAT(resolution_error(linear(), "a-x").what(), HasSubstr("no revision matches a-x"));
}

// ---- +N and -N relative to the database ------------------------------------------------

TEST(ResolveTarget, ForwardFromCurrent) {
    EXPECT_THAT(resolve(linear(), "+1", {"a"}), ElementsAre("b"));
    EXPECT_THAT(resolve(linear(), "+2", {"a"}), ElementsAre("c"));
    EXPECT_THAT(resolve(linear(), "+0", {"b"}), ElementsAre("b"));
}

TEST(ResolveTarget, ForwardFromBase) {
    EXPECT_THAT(resolve(linear(), "+1"), ElementsAre("a"));
    EXPECT_THAT(resolve(linear(), "+3"), ElementsAre("c"));
}

TEST(ResolveTarget, ForwardPastTheHead) {
    const auto error = resolution_error(linear(), "+3", {"a"});
    EXPECT_STREQ(error.what(), "+3 goes past the head: only 2 revision(s) after a");
    EXPECT_STREQ(resolution_error(linear(), "+4").what(),
                 "+4 goes past the head: only 3 revision(s) after base");
    EXPECT_STREQ(resolution_error(graph_of({}), "+1").what(),
                 "+1 goes past the head: only 0 revision(s) after base");
}

TEST(ResolveTarget, ForwardThroughAForkNamesIt) {
    const auto error = resolution_error(branched(), "+1", {"a"});
    EXPECT_STREQ(error.what(), "revision a has several children: b, c; name one");
    EXPECT_THAT(error.candidates(), ElementsAre("b", "c"));
}

TEST(ResolveTarget, ForwardFromBaseNeedsASingleBase) {
    const RevisionGraph graph = graph_of({{"x", {}}, {"y", {}}, {"z", {"x", "y"}}});
    const auto error = resolution_error(graph, "+1");
    EXPECT_STREQ(error.what(), "there are several bases: x, y; name one");
    EXPECT_THAT(error.candidates(), ElementsAre("x", "y"));
}

TEST(ResolveTarget, BackFromCurrent) {
    EXPECT_THAT(resolve(linear(), "-1", {"c"}), ElementsAre("b"));
    EXPECT_THAT(resolve(linear(), "-2", {"c"}), ElementsAre("a"));
    EXPECT_THAT(resolve(linear(), "-0", {"c"}), ElementsAre("c"));
}

TEST(ResolveTarget, BackOntoBase) {
    EXPECT_THAT(resolve(linear(), "-1", {"a"}), IsEmpty());
    EXPECT_THAT(resolve(linear(), "-3", {"c"}), IsEmpty());
}

TEST(ResolveTarget, BackBelowBase) {
    const auto error = resolution_error(linear(), "-4", {"c"});
    EXPECT_STREQ(error.what(), "-4 goes below base: only 2 revision(s) below c; use base");
    EXPECT_STREQ(resolution_error(linear(), "-2", {"a"}).what(),
                 "-2 goes below base: only 0 revision(s) below a; use base");
}

TEST(ResolveTarget, BackFromBaseDatabase) {
    EXPECT_STREQ(resolution_error(linear(), "-1").what(),
                 "the database is at base; nothing below it");
}

TEST(ResolveTarget, BackFromMergeLandsOnBothParents) {
    EXPECT_THAT(resolve(merged(), "-1", {"d"}), ElementsAre("b", "c"));
}

TEST(ResolveTarget, BackThroughAMergeNamesIt) {
    const auto error = resolution_error(merged(), "-2", {"d"});
    EXPECT_STREQ(error.what(), "revision d has several parents: b, c; name one");
    EXPECT_THAT(error.candidates(), ElementsAre("b", "c"));
}

TEST(ResolveTarget, RelativeWithSeveralCurrentHeadsIsAmbiguous) {
    const auto error = resolution_error(branched(), "+1", {"b", "c"});
    EXPECT_STREQ(error.what(), "+1 is ambiguous: the database has several heads (b, c)");
    EXPECT_THAT(error.candidates(), ElementsAre("b", "c"));
    EXPECT_THAT(error.hint(), HasSubstr("b+1"));
    EXPECT_THAT(resolution_error(branched(), "-1", {"b", "c"}).hint(), HasSubstr("b-1"));
}

TEST(ResolveTarget, TooManySteps) {
    EXPECT_THAT(resolution_error(linear(), "+99999999999999999999999999").what(),
                HasSubstr("too many steps"));
}

// ---- REV+N and REV-N -------------------------------------------------------------------

TEST(ResolveTarget, RevisionPlusN) {
    EXPECT_THAT(resolve(linear(), "a+1"), ElementsAre("b"));
    EXPECT_THAT(resolve(linear(), "a+2", {"c"}), ElementsAre("c"));  // current is irrelevant
    EXPECT_THAT(resolve(hex_ids(), "3f2a+2"), ElementsAre("9a8b7c6d5e4f"));
    EXPECT_THAT(resolve(linear(), "base+1"), ElementsAre("a"));
    EXPECT_THAT(resolve(linear(), "base+2"), ElementsAre("b"));
}

TEST(ResolveTarget, RevisionMinusN) {
    EXPECT_THAT(resolve(linear(), "head-1"), ElementsAre("b"));
    EXPECT_THAT(resolve(linear(), "c-2"), ElementsAre("a"));
    EXPECT_THAT(resolve(linear(), "c-3"), IsEmpty());
    EXPECT_THAT(resolve(merged(), "head-1"), ElementsAre("b", "c"));
    EXPECT_THAT(resolve(merged(), "b-1"), ElementsAre("a"));
}

TEST(ResolveTarget, RevisionArithmeticErrors) {
    EXPECT_STREQ(resolution_error(linear(), "c+1").what(),
                 "c+1 goes past the head: only 0 revision(s) after c");
    EXPECT_STREQ(resolution_error(linear(), "b-3").what(),
                 "b-3 goes below base: only 1 revision(s) below b; use base");
    EXPECT_STREQ(resolution_error(linear(), "base-1").what(),
                 "base-1 goes below base: nothing is below base");
    EXPECT_STREQ(resolution_error(branched(), "a+1").what(),
                 "revision a has several children: b, c; name one");
    EXPECT_THAT(resolution_error(linear(), "x+1").what(), HasSubstr("no revision matches x"));
    EXPECT_THAT(thrown_by<MultipleHeadsError>([] { resolve(branched(), "head-1"); }).heads(),
                ElementsAre("b", "c"));
}

TEST(ResolveTarget, HeadsPlusNNeedsASingleHead) {
    EXPECT_THAT(resolve(linear(), "heads-1"), ElementsAre("b"));
    const auto error = resolution_error(branched(), "heads-1");
    EXPECT_STREQ(error.what(), "heads names several revisions: b, c; name one");
}

// ---- resolve_single and resolve_id -------------------------------------------------------

TEST(ResolveSingle, NamesOneRevision) {
    EXPECT_EQ(resolve_single(linear(), "head", {}), index_of(linear(), "c"));
    EXPECT_EQ(resolve_single(linear(), "-1", indices_of(linear(), {"c"})), index_of(linear(), "b"));
    EXPECT_EQ(resolve_single(linear(), "heads", {}), index_of(linear(), "c"));
    EXPECT_EQ(resolve_single(linear(), "a", {}), index_of(linear(), "a"));
}

TEST(ResolveSingle, RejectsBaseAndSets) {
    EXPECT_THROW(resolve_single(branched(), "heads", {}), ResolutionError);
    EXPECT_STREQ(thrown_by<ResolutionError>([] { resolve_single(linear(), "base", {}); }).what(),
                 "base resolves to base, not a revision");
    const auto several = thrown_by<ResolutionError>(
        [] { resolve_single(merged(), "-1", indices_of(merged(), {"d"})); });
    EXPECT_STREQ(several.what(), "-1 names several revisions: b, c; name one");
    EXPECT_THAT(several.candidates(), ElementsAre("b", "c"));
}

TEST(ResolveId, IdsAndPrefixesOnly) {
    EXPECT_EQ(resolve_id(hex_ids(), "9a8"), index_of(hex_ids(), "9a8b7c6d5e4f"));
    EXPECT_THROW(resolve_id(linear(), "head"), ResolutionError);
    EXPECT_THROW(resolve_id(linear(), "a+1"), ResolutionError);
    EXPECT_THROW(resolve_id(linear(), ""), ResolutionError);
}

}  // namespace
}  // namespace mig::graph::test
