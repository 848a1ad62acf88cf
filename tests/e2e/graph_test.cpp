// Branched and merged graphs, and every kind of TARGET: heads, prefixes, relative steps.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// aaa -> {left, right}; merged by mm when `merged`.
void write_diamond(const Project& project, bool merged) {
    project.write_revision(
        rev("aaa", {}, "CREATE TABLE t_a (id INTEGER);", "DROP TABLE t_a;", "first"));
    project.write_revision(
        rev("left", {"aaa"}, "CREATE TABLE t_left (id INTEGER);", "DROP TABLE t_left;", "L"));
    project.write_revision(
        rev("right", {"aaa"}, "CREATE TABLE t_right (id INTEGER);", "DROP TABLE t_right;", "R"));
    if (merged) {
        project.write_revision(rev("mm", {"left", "right"},
                                   "CREATE VIEW v AS SELECT * FROM t_left, t_right;",
                                   "DROP VIEW v;", "merge heads"));
    }
}

const std::string k_several_heads_error =
    "mig: error: the revision graph has 2 heads (left, right); head names only one; merge them "
    "with mig merge -m \"merge heads\" heads, or apply them all with mig upgrade heads\n";

TEST(Branches, UpgradeHeadWithSeveralHeadsIsExit2AndCreatesNoDatabase) {
    Project project;
    write_diamond(project, false);
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err, k_several_heads_error);
    EXPECT_EQ(result.out, "");
    EXPECT_FALSE(fs::exists(project.db()));
}

TEST(Branches, UpgradeHeadWithSeveralHeadsLeavesAnExistingDatabaseUnchanged) {
    Project project;
    write_diamond(project, false);
    ASSERT_MIG_OK(project.mig({"upgrade", "aaa"}));
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"upgrade", "head"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err, k_several_heads_error);
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(Branches, UpgradeHeadsAppliesEveryBranch) {
    Project project;
    write_diamond(project, false);
    MigResult result = project.mig({"upgrade", "heads"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(result.out, HasSubstr("Database is now at left, right (3 revisions applied)."));
    EXPECT_EQ(project.mig({"current"}).out, "left\nright\n");
    EXPECT_THAT(version_rows(project.db()), ElementsAre("left", "right"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t_a", "t_left", "t_right"));
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade aaa", "upgrade left", "upgrade right"));
}

TEST(Branches, UpgradeOneBranchThenTheOther) {
    Project project;
    write_diamond(project, false);
    ASSERT_MIG_OK(project.mig({"upgrade", "left"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("left"));
    ASSERT_MIG_OK(project.mig({"upgrade", "right"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("left", "right"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t_a", "t_left", "t_right"));
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade aaa", "upgrade left", "upgrade right"));
}

TEST(Branches, HeadsBranchesAndHistoryDescribeTheGraph) {
    Project project;
    write_diamond(project, false);
    MigResult heads = project.mig({"heads"});
    ASSERT_MIG_OK(heads);
    EXPECT_EQ(heads.out, "left\nright\n");

    MigResult branches = project.mig({"branches"});
    ASSERT_MIG_OK(branches);
    EXPECT_EQ(branches.out,
              "<base> -> aaa (branchpoint), first\n"
              "    -> left (head), L\n"
              "    -> right (head), R\n");

    MigResult history = project.mig({"history"});
    ASSERT_MIG_OK(history);
    auto lines = lines_of(history.out);
    ASSERT_EQ(lines.size(), 3U) << history.out;
    EXPECT_EQ(lines.back(), "<base> -> aaa (branchpoint), first");
    EXPECT_THAT(lines, ::testing::Contains("aaa -> left (head), L"));
    EXPECT_THAT(lines, ::testing::Contains("aaa -> right (head), R"));

    MigResult range = project.mig({"history", "-r", "aaa:left"});
    ASSERT_MIG_OK(range);
    EXPECT_EQ(range.out, "aaa -> left (head), L\n<base> -> aaa (branchpoint), first\n");
}

TEST(Merge, JoinsTheHeadsAndUpgradeRunsTheMerge) {
    Project project;
    write_diamond(project, false);
    MigResult merge = project.mig({"merge", "-m", "merge heads", "heads", "--rev-id", "mm"});
    ASSERT_MIG_OK(merge);
    EXPECT_EQ(merge.out,
              "Generated migrations/versions/mm_merge_heads.sql (revision mm, parent left, "
              "right)\n");
    std::string text = project.dir().read("migrations/versions/mm_merge_heads.sql");
    EXPECT_THAT(text, HasSubstr("-- mig:revision mm\n-- mig:parents left right\n"));
    EXPECT_THAT(text, HasSubstr("-- mig:message merge heads\n"));
    EXPECT_EQ(project.mig({"heads"}).out, "mm\n");

    MigResult up = project.mig({"upgrade"});
    ASSERT_MIG_OK(up);
    EXPECT_THAT(up.out, HasSubstr("left, right -> mm"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("mm"));
    auto rows = history_rows(project.db());
    ASSERT_EQ(rows.size(), 4U);
    EXPECT_EQ(rows[3].revision, "mm");
    EXPECT_EQ(rows[3].parents, "left right");

    MigResult show = project.mig({"show", "mm"});
    ASSERT_MIG_OK(show);
    EXPECT_THAT(show.out, HasSubstr("Revision: mm (head) (mergepoint)\nParents:  left, right\n"
                                    "Path:     migrations/versions/mm_merge_heads.sql\n"));
}

TEST(Merge, NamedRevisionsAndRejectedMerges) {
    Project project;
    write_diamond(project, false);
    MigResult ancestor = project.mig({"merge", "-m", "x", "aaa", "left"});
    EXPECT_EQ(ancestor.exit_code, 2) << describe(ancestor);
    EXPECT_THAT(ancestor.err,
                HasSubstr("cannot merge aaa with left: aaa is already an ancestor of it"));
    MigResult one = project.mig({"merge", "-m", "x", "left", "left"});
    EXPECT_EQ(one.exit_code, 2) << describe(one);
    EXPECT_THAT(one.err, HasSubstr("a merge needs at least two different revisions, got 1"));
    MigResult unknown = project.mig({"merge", "-m", "x", "left", "nope"});
    EXPECT_EQ(unknown.exit_code, 2) << describe(unknown);
    EXPECT_THAT(unknown.err, HasSubstr("no revision matches nope"));
    EXPECT_EQ(project.mig({"heads"}).out, "left\nright\n") << "no merge file was written";

    ASSERT_MIG_OK(project.mig({"merge", "-m", "join", "lef", "righ", "--rev-id", "j1"}));
    EXPECT_EQ(project.mig({"heads"}).out, "j1\n");
}

TEST(Merge, DowngradePastTheMergePointRestoresBothHeads) {
    Project project;
    write_diamond(project, true);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t_a", "t_left", "t_right", "v"));

    MigResult down = project.mig({"downgrade"});
    ASSERT_MIG_OK(down);
    EXPECT_THAT(down.out, HasSubstr("downgrade mm -> left, right  merge heads"));
    EXPECT_EQ(project.mig({"current"}).out, "left\nright\n");
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t_a", "t_left", "t_right"));

    ASSERT_MIG_OK(project.mig({"upgrade"}));
    MigResult to_aaa = project.mig({"downgrade", "aaa"});
    ASSERT_MIG_OK(to_aaa);
    EXPECT_THAT(to_aaa.out, HasSubstr("Database is now at aaa (3 revisions reverted)."));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t_a"));
    auto history = history_summary(project.db());
    ASSERT_EQ(history.size(), 9U);
    EXPECT_EQ(history[6], "downgrade mm") << "children are reverted before their parents";
}

TEST(Merge, DowngradeMinusTwoThroughAMergeAsksWhichParent) {
    Project project;
    write_diamond(project, true);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"downgrade", "-2"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err, "mig: error: revision mm has several parents: left, right; name one\n");
    EXPECT_EQ(dump_database(project.db()), before);
}

// A linear chain r1 -> r2 -> r3 -> r4, each creating table t<N>.
void write_linear(const Project& project) {
    std::vector<RevisionSpec> specs;
    for (int i = 1; i <= 4; ++i) {
        const std::string n = std::to_string(i);
        specs.push_back(rev("r" + n, {}, "CREATE TABLE t" + n + " (id INTEGER);",
                            "DROP TABLE t" + n + ";", "step " + n));
    }
    project.write_chain(specs);
}

TEST(RelativeTargets, StepForwardAndBackFromTheDatabaseOrANamedRevision) {
    Project project;
    write_linear(project);
    auto at = [&] { return version_rows(project.db()); };

    ASSERT_MIG_OK(project.mig({"upgrade", "+2"}));
    EXPECT_THAT(at(), ElementsAre("r2"));
    ASSERT_MIG_OK(project.mig({"upgrade", "+1"}));
    EXPECT_THAT(at(), ElementsAre("r3"));
    ASSERT_MIG_OK(project.mig({"downgrade", "-1"}));
    EXPECT_THAT(at(), ElementsAre("r2"));
    ASSERT_MIG_OK(project.mig({"upgrade", "r1+3"}));
    EXPECT_THAT(at(), ElementsAre("r4"));
    ASSERT_MIG_OK(project.mig({"downgrade", "r4-2"}));
    EXPECT_THAT(at(), ElementsAre("r2"));
    ASSERT_MIG_OK(project.mig({"upgrade", "r2+1"}));
    EXPECT_THAT(at(), ElementsAre("r3"));
    ASSERT_MIG_OK(project.mig({"downgrade", "-2"}));
    EXPECT_THAT(at(), ElementsAre("r1"));
    ASSERT_MIG_OK(project.mig({"downgrade", "head-3"}));  // r4-3 = r1: nothing to revert
    EXPECT_THAT(at(), ElementsAre("r1"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t1"));
}

TEST(RelativeTargets, GoingPastTheHeadOrBelowBaseIsExit2AndChangesNothing) {
    Project project;
    write_linear(project);
    ASSERT_MIG_OK(project.mig({"upgrade", "+1"}));
    const std::string before = dump_database(project.db());

    MigResult past = project.mig({"upgrade", "+5"});
    EXPECT_EQ(past.exit_code, 2) << describe(past);
    EXPECT_EQ(past.err,
              "mig: error: +5 goes past the head: only 3 revision(s) after r1; use head for the "
              "latest revision\n");

    MigResult below = project.mig({"downgrade", "-3"});
    EXPECT_EQ(below.exit_code, 2) << describe(below);
    EXPECT_EQ(below.err, "mig: error: -3 goes below base: only 0 revision(s) below r1; use base\n");
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(Targets, UnknownTargetSuggestsTheClosestIds) {
    Project project;
    project.write_chain({rev("3f2a9c1d7b4e", {}, "CREATE TABLE t (id INTEGER);", "DROP TABLE t;"),
                         rev("9a8b7c6d5e4f", {})});
    MigResult result = project.mig({"upgrade", "3f2a9c1d7b4f"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err,
              "mig: error: no revision matches 3f2a9c1d7b4f; did you mean 3f2a9c1d7b4e? Run "
              "`mig history` to list every revision\n");
    EXPECT_FALSE(fs::exists(project.db()));

    MigResult keyword = project.mig({"upgrade", "HEAD"});
    EXPECT_EQ(keyword.exit_code, 2) << describe(keyword);
    EXPECT_THAT(keyword.err, HasSubstr("no revision matches HEAD; did you mean head?"));

    MigResult nothing_close = project.mig({"downgrade", "zzzzzzzzzzzzzzzzzzzz"});
    EXPECT_EQ(nothing_close.exit_code, 2) << describe(nothing_close);
    EXPECT_EQ(nothing_close.err,
              "mig: error: no revision matches zzzzzzzzzzzzzzzzzzzz; run `mig history` to list "
              "every revision\n");
    EXPECT_FALSE(fs::exists(project.db()));
}

TEST(Targets, AmbiguousPrefixListsTheCandidates) {
    Project project;
    project.write_revision(rev("3f2a9c1d7b4e", {}, "CREATE TABLE t (id INTEGER);"));
    project.write_revision(rev("3f2b00000000", {}));
    for (const auto& command : {"upgrade", "show"}) {
        MigResult result = project.mig({command, "3f2"});
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_EQ(result.err,
                  "mig: error: revision prefix 3f2 is ambiguous: 3f2a9c1d7b4e, 3f2b00000000; "
                  "give more characters of the id\n");
    }
    EXPECT_FALSE(fs::exists(project.db()));

    ASSERT_MIG_OK(project.mig({"upgrade", "3f2a"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("3f2a9c1d7b4e"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t"));
}

TEST(Targets, ShowPrintsTheRevisionAndItsSql) {
    Project project;
    project.write_chain(
        {rev("aaa", {}, "CREATE TABLE t (id INTEGER);", "DROP TABLE t;", "Make t"),
         rev("bbb", {}, "ALTER TABLE t ADD COLUMN x TEXT;", "ALTER TABLE t DROP COLUMN x;", "x")});
    MigResult show = project.mig({"show", "head-1"});
    ASSERT_MIG_OK(show);
    EXPECT_EQ(show.out,
              "Revision: aaa\n"
              "Parents:  <base>\n"
              "Children: bbb\n"
              "Path:     migrations/versions/aaa_make_t.sql\n"
              "Created:  2026-01-02T03:04:05Z\n"
              "Message:  Make t\n"
              "\n"
              "-- mig:upgrade\n"
              "CREATE TABLE t (id INTEGER);\n"
              "\n"
              "-- mig:downgrade\n"
              "DROP TABLE t;\n");
    MigResult base = project.mig({"show", "base"});
    EXPECT_EQ(base.exit_code, 2) << describe(base);
    EXPECT_THAT(base.err, HasSubstr("base resolves to base, not a revision"));
}

TEST(Targets, ARangeWithoutSqlIsExit2) {
    Project project;
    write_linear(project);
    MigResult result = project.mig({"upgrade", "r1:r3"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err,
              "mig: error: the range 'r1:r3' only works with --sql; give a single TARGET, or add "
              "--sql to print the SQL for FROM:TO\n");
    EXPECT_FALSE(fs::exists(project.db()));
    EXPECT_THAT(version_rows(project.db()), IsEmpty());
}

// aaa -> l1 -> l2 and aaa -> r1 -> r2: two branches two revisions deep.
void write_two_branches(const Project& project) {
    project.write_revision(rev("aaa", {}, "CREATE TABLE t_a (id INTEGER);", "DROP TABLE t_a;"));
    for (const std::string side : {"l", "r"}) {
        project.write_revision(rev(side + "1", {"aaa"},
                                   "CREATE TABLE t_" + side + "1 (id INTEGER);",
                                   "DROP TABLE t_" + side + "1;"));
        project.write_revision(rev(side + "2", {side + "1"},
                                   "CREATE TABLE t_" + side + "2 (id INTEGER);",
                                   "DROP TABLE t_" + side + "2;"));
    }
}

TEST(StampBranches, StampingOneBranchBackKeepsTheOtherAndUpgradeHeadsThenSucceeds) {
    Project project;
    write_two_branches(project);
    ASSERT_MIG_OK(project.mig({"upgrade", "heads"}));
    exec_sql(project.db(), "DROP TABLE t_l2;");  // l2 is undone by hand, then stamped so

    MigResult stamped = project.mig({"stamp", "l1"});
    ASSERT_MIG_OK(stamped);
    EXPECT_EQ(stamped.out, "Stamped the database: l2, r2 -> l1, r2 (no script ran).\n");
    EXPECT_THAT(version_rows(project.db()), ElementsAre("l1", "r2"));
    EXPECT_EQ(history_summary(project.db()).back(), "stamp l1");

    // Before issue 7 the stamp dropped r2 too, and this failed with "table t_r1 already exists".
    MigResult upgraded = project.mig({"upgrade", "heads"});
    ASSERT_MIG_OK(upgraded);
    EXPECT_THAT(upgraded.out, HasSubstr("(1 revision applied)"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("l2", "r2"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t_a", "t_l1", "t_l2", "t_r1", "t_r2"));
}

TEST(StampBranches, PurgeReplacesEveryHead) {
    Project project;
    write_two_branches(project);
    ASSERT_MIG_OK(project.mig({"upgrade", "heads"}));
    MigResult stamped = project.mig({"stamp", "l1", "--purge"});
    ASSERT_MIG_OK(stamped);
    EXPECT_EQ(stamped.out, "Stamped the database: l2, r2 -> l1 (no script ran).\n");
    EXPECT_THAT(version_rows(project.db()), ElementsAre("l1"));
    EXPECT_EQ(history_summary(project.db()).back(), "stamp l1");
}

TEST(StampBranches, EveryTargetForm) {
    Project project;
    write_two_branches(project);
    auto at = [&] { return version_rows(project.db()); };
    ASSERT_MIG_OK(project.mig({"stamp", "l1"}));
    ASSERT_MIG_OK(project.mig({"stamp", "r2"}));  // another branch: added beside l1
    EXPECT_THAT(at(), ElementsAre("l1", "r2"));
    ASSERT_MIG_OK(project.mig({"stamp", "r2-1"}));  // REV-N moves only r2's line
    EXPECT_THAT(at(), ElementsAre("l1", "r1"));
    ASSERT_MIG_OK(project.mig({"stamp", "heads"}));
    EXPECT_THAT(at(), ElementsAre("l2", "r2"));
    MigResult ambiguous = project.mig({"stamp", "-1"});  // two heads: which one?
    EXPECT_EQ(ambiguous.exit_code, 2) << describe(ambiguous);
    EXPECT_THAT(ambiguous.err, HasSubstr("-1 is ambiguous: the database has several heads"));
    EXPECT_THAT(at(), ElementsAre("l2", "r2"));
    ASSERT_MIG_OK(project.mig({"stamp", "aa"}));  // a prefix; below both heads
    EXPECT_THAT(at(), ElementsAre("aaa"));
    ASSERT_MIG_OK(project.mig({"stamp", "base"}));
    EXPECT_THAT(at(), IsEmpty());
    EXPECT_THAT(user_objects(project.db()), IsEmpty()) << "stamp ran a script";
}

TEST(StampBranches, AMergePointReplacesBothParents) {
    Project project;
    write_two_branches(project);
    project.write_revision(rev("mm", {"l2", "r2"}, "", "", "merge"));
    ASSERT_MIG_OK(project.mig({"stamp", "l2"}));
    ASSERT_MIG_OK(project.mig({"stamp", "r2"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("l2", "r2"));
    MigResult merged = project.mig({"stamp", "mm"});
    ASSERT_MIG_OK(merged);
    EXPECT_EQ(merged.out, "Stamped the database: l2, r2 -> mm (no script ran).\n");
    ASSERT_MIG_OK(project.mig({"stamp", "-1"}));  // back onto both parents
    EXPECT_THAT(version_rows(project.db()), ElementsAre("l2", "r2"));
}

TEST(HistoryRange, ARangeWhoseStartIsNotBelowItsEndIsExit2) {
    Project project;
    write_two_branches(project);
    MigResult reversed = project.mig({"history", "-r", "l2:aaa"});
    EXPECT_EQ(reversed.exit_code, 2) << describe(reversed);
    EXPECT_EQ(reversed.out, "");
    EXPECT_EQ(reversed.err,
              "mig: error: history range l2:aaa names no revision: l2 is not an ancestor of aaa; "
              "FROM comes first and is the older end: did you mean -r aaa:l2?\n");

    MigResult sideways = project.mig({"history", "-r", "l1:r2"});
    EXPECT_EQ(sideways.exit_code, 2) << describe(sideways);
    EXPECT_EQ(sideways.err,
              "mig: error: history range l1:r2 names no revision: l1 is not an ancestor of r2; "
              "they are on different branches; run `mig history` to list every revision\n");

    MigResult to_base = project.mig({"history", "-r", "l1:base"});
    EXPECT_EQ(to_base.exit_code, 2) << describe(to_base);
    EXPECT_THAT(to_base.err, HasSubstr("did you mean -r base:l1?"));
    EXPECT_FALSE(fs::exists(project.db()));
}

TEST(HistoryRange, OpenAndRelativeEndsWork) {
    Project project;
    write_two_branches(project);
    EXPECT_EQ(project.mig({"history", "-r", "l1:"}).out,
              "l1 -> l2 (head), revision l2\n"
              "aaa -> l1, revision l1\n");
    EXPECT_EQ(project.mig({"history", "-r", ":l1"}).out,
              "aaa -> l1, revision l1\n<base> -> aaa (branchpoint), revision aaa\n");
    EXPECT_EQ(project.mig({"history", "-r", "l2-1:l2"}).out,
              "l1 -> l2 (head), revision l2\naaa -> l1, revision l1\n");
    EXPECT_EQ(project.mig({"history", "-r", "aaa:aaa"}).out,
              "<base> -> aaa (branchpoint), revision aaa\n");

    MigResult relative = project.mig({"history", "-r", "-1:"});
    EXPECT_EQ(relative.exit_code, 2) << describe(relative);
    EXPECT_EQ(relative.err,
              "mig: error: history range end -1 counts from the head, but the graph has 2 heads "
              "(l2, r2); name the head to count from, e.g. -r l2-1:\n");
}

TEST(HistoryRange, CurrentIsTheDatabase) {
    Project project;
    write_two_branches(project);
    ASSERT_MIG_OK(project.mig({"upgrade", "l1"}));
    EXPECT_EQ(project.mig({"history", "-r", "current:l2"}).out,
              "l1 -> l2 (head), revision l2\naaa -> l1, revision l1\n");
    MigResult beside = project.mig({"history", "-r", "current:r2"});
    EXPECT_EQ(beside.exit_code, 2) << describe(beside);
    EXPECT_THAT(beside.err, HasSubstr("current (l1) is not an ancestor of r2"));
}

// A database at r2 of r1..r4, and the dump to compare with after a refused command.
struct AtR2 {
    Project project;
    std::string before;
    AtR2() {
        write_linear(project);
        EXPECT_EQ(project.mig({"upgrade", "+2"}).exit_code, 0);
        before = dump_database(project.db());
    }
    void expect_refused(const std::vector<std::string>& args, const std::string& error) const {
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_EQ(result.err, "mig: error: " + error + "\n");
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(dump_database(project.db()), before) << "a refused command changed the database";
    }
};

TEST(RelativeTargets, AgainstTheCommandsDirectionIsExit2AndChangesNothing) {
    AtR2 db;
    db.expect_refused({"upgrade", "-1"},
                      "upgrade -1 goes backwards; to revert 1 revision, use mig downgrade -1");
    db.expect_refused({"upgrade", "-2", "--sql"},
                      "upgrade -2 goes backwards; to revert 2 revisions, use mig downgrade -2");
    db.expect_refused({"downgrade", "+1"},
                      "downgrade +1 goes forwards; to apply 1 revision, use mig upgrade +1");
    db.expect_refused({"upgrade", "+0"}, "upgrade +0 moves nothing; give a count of 1 or more");
    db.expect_refused({"upgrade", "r4-3"},
                      "upgrade r4-3 goes backwards: r4-3 is r1, which is below the database (the "
                      "database is at r2); to go back to it, use mig downgrade r4-3");
    db.expect_refused({"downgrade", "r1+2"},
                      "downgrade r1+2 goes forwards: r1+2 is r3, which is not applied (the "
                      "database is at r2); to apply it, use mig upgrade r1+2");
}

TEST(RelativeTargets, MoreStepsThanThereAreIsExit2AndChangesNothing) {
    AtR2 db;
    db.expect_refused({"upgrade", "+5"},
                      "+5 goes past the head: only 2 revision(s) after r2; use head for the latest "
                      "revision");
    db.expect_refused({"downgrade", "-3"},
                      "-3 goes below base: only 1 revision(s) below r2; use base");
}

TEST(RelativeTargets, UpgradeHeadAtHeadIsStillNothingToDo) {
    Project project;
    write_linear(project);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    MigResult again = project.mig({"upgrade", "head"});
    ASSERT_MIG_OK(again);
    EXPECT_EQ(again.out, "Nothing to upgrade: the database is at r4.\n");
    MigResult same = project.mig({"upgrade", "r3+1"});  // names the database's own revision
    ASSERT_MIG_OK(same);
    EXPECT_EQ(same.out, "Nothing to upgrade: the database is at r4.\n");
}

}  // namespace
}  // namespace mig::test
