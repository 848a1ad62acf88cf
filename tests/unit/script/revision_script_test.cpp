#include "script/revision_script.hpp"

#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::script {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* k_file = "migrations/versions/x.sql";

// The contract's example, byte for byte.
constexpr std::string_view k_contract_example =
    "-- mig:revision 3f2a9c1d7b4e\n"
    "-- mig:parents 9a8b7c6d5e4f\n"
    "-- mig:message Add age column to user model\n"
    "-- mig:created 2026-11-21T10:00:00Z\n"
    "\n"
    "-- mig:upgrade\n"
    "ALTER TABLE \"user\" ADD COLUMN \"age\" INTEGER;\n"
    "\n"
    "-- mig:downgrade\n"
    "ALTER TABLE \"user\" DROP COLUMN \"age\";\n";

RevisionScript parse(std::string_view content) {
    return parse_revision_script(content, k_file);
}

// The ParseError `content` raises; a test failure (and an empty error) when it parses.
ParseError parse_error(std::string_view content) {
    try {
        parse(content);
    } catch (const ParseError& error) {
        return error;
    }
    ADD_FAILURE() << "expected a ParseError for:\n" << content;
    return ParseError("", 0, "");
}

// A valid script with `header_extra` appended to the header and the given sections.
std::string script_with(std::string_view header_extra, std::string_view upgrade = "SELECT 1;\n",
                        std::string_view downgrade = "SELECT 2;\n") {
    return "-- mig:revision abc\n" + std::string(header_extra) + "-- mig:upgrade\n" +
           std::string(upgrade) + "-- mig:downgrade\n" + std::string(downgrade);
}

TEST(ParseRevisionScript, ParsesTheContractExample) {
    RevisionScript script = parse(k_contract_example);
    EXPECT_EQ(script.revision.id, "3f2a9c1d7b4e");
    EXPECT_THAT(script.revision.parents, ElementsAre("9a8b7c6d5e4f"));
    EXPECT_EQ(script.revision.message, "Add age column to user model");
    EXPECT_EQ(script.revision.created, "2026-11-21T10:00:00Z");
    EXPECT_EQ(script.revision.path, std::filesystem::path(k_file).string());
    EXPECT_TRUE(script.transactional);
    EXPECT_EQ(script.upgrade.sql, "ALTER TABLE \"user\" ADD COLUMN \"age\" INTEGER;\n\n");
    EXPECT_EQ(script.upgrade.first_line, 7);
    EXPECT_THAT(script.upgrade.destructive, IsEmpty());
    EXPECT_EQ(script.downgrade.sql, "ALTER TABLE \"user\" DROP COLUMN \"age\";\n");
    EXPECT_EQ(script.downgrade.first_line, 10);
    EXPECT_EQ(script.content, k_contract_example);
}

TEST(ParseRevisionScript, BaseRevisionHasNoParents) {
    RevisionScript script = parse(script_with("-- mig:message first\n"));
    EXPECT_EQ(script.revision.id, "abc");
    EXPECT_THAT(script.revision.parents, IsEmpty());
    EXPECT_EQ(script.revision.message, "first");
    EXPECT_EQ(script.revision.created, "");
}

TEST(ParseRevisionScript, MergeHasSeveralParentsInOrder) {
    RevisionScript script = parse(script_with("-- mig:parents  bbb   aaa\tccc \n"));
    EXPECT_THAT(script.revision.parents, ElementsAre("bbb", "aaa", "ccc"));
}

TEST(ParseRevisionScript, EmptyParentsLineMeansBase) {
    EXPECT_THAT(parse(script_with("-- mig:parents\n")).revision.parents, IsEmpty());
}

TEST(ParseRevisionScript, TransactionOffAndOn) {
    EXPECT_FALSE(parse(script_with("-- mig:transaction off\n")).transactional);
    EXPECT_TRUE(parse(script_with("-- mig:transaction on\n")).transactional);
    EXPECT_FALSE(parse(script_with("-- mig:transaction OFF\n")).transactional);
}

TEST(ParseRevisionScript, MessageKeepsInnerSpacingAndPunctuation) {
    RevisionScript script =
        parse(script_with("-- mig:message   Rename \"user\" -> users: 50% done!  \n"));
    EXPECT_EQ(script.revision.message, "Rename \"user\" -> users: 50% done!");
}

TEST(ParseRevisionScript, DirectiveNeedsNoSpaceAfterDashes) {
    RevisionScript script = parse("--mig:revision abc\n  --\tmig:upgrade\n--mig:downgrade\n");
    EXPECT_EQ(script.revision.id, "abc");
    EXPECT_EQ(script.upgrade.first_line, 3);
    EXPECT_EQ(script.upgrade.sql, "");
}

TEST(ParseRevisionScript, HeaderAllowsCommentsAndBlankLines) {
    RevisionScript script = parse(
        "-- Written by hand.\n"
        "\n"
        "-- mig:revision abc\n"
        "   \n"
        "-- migrate the users -- mig: is only a directive at the start\n"
        "-- mig:message hello\n"
        "\t\n"
        "-- mig:upgrade\n"
        "-- mig:downgrade\n");
    EXPECT_EQ(script.revision.id, "abc");
    EXPECT_EQ(script.revision.message, "hello");
}

TEST(ParseRevisionScript, SectionsKeepExactTextAndLineNumbers) {
    const std::string content =
        "-- mig:revision abc\n"  // 1
        "-- mig:upgrade\n"       // 2
        "\n"                     // 3
        "  CREATE TABLE t (\n"   // 4
        "    id INTEGER\n"       // 5
        "  );  \n"               // 6
        "\n"                     // 7
        "-- mig:downgrade\n"     // 8
        "DROP TABLE t;";         // 9
    RevisionScript script = parse(content);
    EXPECT_EQ(script.upgrade.sql, "\n  CREATE TABLE t (\n    id INTEGER\n  );  \n\n");
    EXPECT_EQ(script.upgrade.first_line, 3);
    EXPECT_EQ(script.downgrade.sql, "DROP TABLE t;");
    EXPECT_EQ(script.downgrade.first_line, 9);
}

TEST(ParseRevisionScript, AcceptsDowngradeBeforeUpgrade) {
    RevisionScript script = parse(
        "-- mig:revision abc\n-- mig:downgrade\nDROP TABLE t;\n-- mig:upgrade\nCREATE TABLE t "
        "(x);\n");
    EXPECT_EQ(script.downgrade.sql, "DROP TABLE t;\n");
    EXPECT_EQ(script.downgrade.first_line, 3);
    EXPECT_EQ(script.upgrade.sql, "CREATE TABLE t (x);\n");
    EXPECT_EQ(script.upgrade.first_line, 5);
}

TEST(ParseRevisionScript, EmptySectionsAtEndOfFile) {
    RevisionScript script = parse("-- mig:revision abc\n-- mig:upgrade\n-- mig:downgrade");
    EXPECT_EQ(script.upgrade.sql, "");
    EXPECT_EQ(script.upgrade.first_line, 3);
    EXPECT_EQ(script.downgrade.sql, "");
    EXPECT_EQ(script.downgrade.first_line, 4);
}

TEST(ParseRevisionScript, MissingTrailingNewline) {
    const std::string content =
        std::string(k_contract_example.substr(0, k_contract_example.size() - 1));
    RevisionScript script = parse(content);
    EXPECT_EQ(script.downgrade.sql, "ALTER TABLE \"user\" DROP COLUMN \"age\";");
    EXPECT_EQ(script.content, content);
}

TEST(ParseRevisionScript, CrlfLineEndings) {
    const std::string content =
        "-- mig:revision abc\r\n"
        "-- mig:parents p1 p2\r\n"
        "-- mig:message Windows line endings\r\n"
        "-- mig:transaction off\r\n"
        "\r\n"
        "-- mig:upgrade\r\n"
        "-- mig:destructive drops t\r\n"
        "DROP TABLE t;\r\n"
        "-- mig:downgrade\r\n"
        "CREATE TABLE t (x);\r\n";
    RevisionScript script = parse(content);
    EXPECT_EQ(script.revision.id, "abc");
    EXPECT_THAT(script.revision.parents, ElementsAre("p1", "p2"));
    EXPECT_EQ(script.revision.message, "Windows line endings");
    EXPECT_FALSE(script.transactional);
    EXPECT_EQ(script.upgrade.first_line, 7);
    EXPECT_EQ(script.upgrade.sql, "-- mig:destructive drops t\r\nDROP TABLE t;\r\n");
    ASSERT_EQ(script.upgrade.destructive.size(), 1U);
    EXPECT_EQ(script.upgrade.destructive[0].reason, "drops t");
    EXPECT_EQ(script.upgrade.destructive[0].line, 7);
    EXPECT_EQ(script.downgrade.sql, "CREATE TABLE t (x);\r\n");
    EXPECT_EQ(script.content, content);
}

TEST(ParseRevisionScript, SkipsUtf8ByteOrderMark) {
    const std::string content = "\xEF\xBB\xBF" + script_with("");
    RevisionScript script = parse(content);
    EXPECT_EQ(script.revision.id, "abc");
    EXPECT_EQ(script.content, content);
}

TEST(ParseRevisionScript, DestructiveMarksKeepTheirLinesAndStayInTheSql) {
    const std::string content =
        "-- mig:revision abc\n"                          // 1
        "-- mig:upgrade\n"                               // 2
        "-- mig:destructive drops column \"age\"\n"      // 3
        "ALTER TABLE \"user\" DROP COLUMN \"age\";\n"    // 4
        "   --   mig:destructive   drops table old  \n"  // 5
        "DROP TABLE old;\n"                              // 6
        "-- mig:downgrade\n"                             // 7
        "-- mig:destructive\n"                           // 8
        "DROP TABLE t;\n";                               // 9
    RevisionScript script = parse(content);
    ASSERT_EQ(script.upgrade.destructive.size(), 2U);
    EXPECT_EQ(script.upgrade.destructive[0].line, 3);
    EXPECT_EQ(script.upgrade.destructive[0].reason, "drops column \"age\"");
    EXPECT_EQ(script.upgrade.destructive[1].line, 5);
    EXPECT_EQ(script.upgrade.destructive[1].reason, "drops table old");
    EXPECT_THAT(script.upgrade.sql,
                StartsWith("-- mig:destructive drops column \"age\"\nALTER TABLE"));
    ASSERT_EQ(script.downgrade.destructive.size(), 1U);
    EXPECT_EQ(script.downgrade.destructive[0].line, 8);
    EXPECT_EQ(script.downgrade.destructive[0].reason, "");
}

TEST(ParseRevisionScript, DirectiveTextInsideAStatementIsNotADirective) {
    RevisionScript script = parse(script_with("", "SELECT '-- mig:upgrade'; -- mig:downgrade\n"));
    EXPECT_EQ(script.upgrade.sql, "SELECT '-- mig:upgrade'; -- mig:downgrade\n");
}

TEST(ParseRevisionScript, OrdinaryCommentsInSectionsAreSql) {
    RevisionScript script =
        parse(script_with("", "-- migrate: users\n--mig is not mig:\nSELECT 1;\n"));
    EXPECT_EQ(script.upgrade.sql, "-- migrate: users\n--mig is not mig:\nSELECT 1;\n");
}

TEST(ParseRevisionScript, IdsMayUseLettersDigitsAndUnderscore) {
    EXPECT_EQ(parse("-- mig:revision Release_2_0\n-- mig:parents a_1 B2\n-- mig:upgrade\n-- "
                    "mig:downgrade\n")
                  .revision.id,
              "Release_2_0");
}

// --- errors: each names file:line, what was wrong and what was expected ---

TEST(ParseRevisionScriptErrors, MissingRevision) {
    ParseError error = parse_error("-- mig:message hello\n-- mig:upgrade\n-- mig:downgrade\n");
    EXPECT_EQ(error.file(), k_file);
    EXPECT_EQ(error.line(), 1);
    EXPECT_THAT(error.what(),
                StartsWith("migrations/versions/x.sql:1: missing `-- mig:revision ID`; "));
}

TEST(ParseRevisionScriptErrors, EmptyFile) {
    ParseError error = parse_error("");
    EXPECT_EQ(error.line(), 1);
    EXPECT_THAT(error.what(), HasSubstr("the file is empty"));
}

TEST(ParseRevisionScriptErrors, RepeatedRevision) {
    ParseError error = parse_error(script_with("-- mig:revision def\n"));
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(), StartsWith("migrations/versions/x.sql:2: repeated `-- mig:revision` "
                                         "(first at line 1); expected it once"));
}

TEST(ParseRevisionScriptErrors, RepeatedHeaderDirectives) {
    EXPECT_THAT(parse_error(script_with("-- mig:parents a\n-- mig:parents b\n")).what(),
                HasSubstr(":3: repeated `-- mig:parents` (first at line 2)"));
    EXPECT_THAT(parse_error(script_with("-- mig:message a\n-- mig:message b\n")).what(),
                HasSubstr(":3: repeated `-- mig:message`"));
    EXPECT_THAT(parse_error(script_with("-- mig:created a\n-- mig:created b\n")).what(),
                HasSubstr(":3: repeated `-- mig:created`"));
    EXPECT_THAT(parse_error(script_with("-- mig:transaction off\n-- mig:transaction off\n")).what(),
                HasSubstr(":3: repeated `-- mig:transaction`"));
}

TEST(ParseRevisionScriptErrors, RevisionWithoutId) {
    ParseError error = parse_error("-- mig:revision   \n-- mig:upgrade\n-- mig:downgrade\n");
    EXPECT_EQ(error.line(), 1);
    EXPECT_THAT(error.what(),
                HasSubstr(":1: `-- mig:revision` without an id; expected `-- mig:revision ID`"));
}

TEST(ParseRevisionScriptErrors, InvalidRevisionId) {
    ParseError error = parse_error("-- mig:revision 3f-2a\n-- mig:upgrade\n-- mig:downgrade\n");
    EXPECT_EQ(error.line(), 1);
    EXPECT_THAT(
        error.what(),
        HasSubstr(":1: invalid revision id `3f-2a`; expected letters, digits and `_` only"));
}

TEST(ParseRevisionScriptErrors, TwoRevisionIdsOnOneLine) {
    EXPECT_THAT(parse_error("-- mig:revision abc def\n-- mig:upgrade\n-- mig:downgrade\n").what(),
                HasSubstr(":1: invalid revision id `abc def`"));
}

TEST(ParseRevisionScriptErrors, InvalidParentId) {
    ParseError error = parse_error(script_with("-- mig:parents good bad.id\n"));
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(),
                HasSubstr(":2: invalid parent id `bad.id`; expected letters, digits and `_` only"));
}

TEST(ParseRevisionScriptErrors, RepeatedParent) {
    ParseError error = parse_error(script_with("-- mig:parents aaa bbb aaa\n"));
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(),
                HasSubstr(":2: parent `aaa` listed twice; expected each parent once"));
}

TEST(ParseRevisionScriptErrors, UnknownDirectiveSuggestsTheClosest) {
    ParseError error = parse_error(script_with("-- mig:parnets aaa\n"));
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(
        error.what(),
        HasSubstr(":2: unknown directive `-- mig:parnets`; did you mean `-- mig:parents`?"));
}

TEST(ParseRevisionScriptErrors, MisspelledSectionMarker) {
    ParseError error = parse_error("-- mig:revision abc\n-- mig:upgarde\n-- mig:downgrade\n");
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(),
                HasSubstr("unknown directive `-- mig:upgarde`; did you mean `-- mig:upgrade`?"));
}

TEST(ParseRevisionScriptErrors, UnknownDirectiveInsideASection) {
    ParseError error = parse_error(script_with("", "SELECT 1;\n-- mig:destrutive drops\n"));
    EXPECT_EQ(error.line(), 4);
    EXPECT_THAT(error.what(), HasSubstr("did you mean `-- mig:destructive`?"));
}

TEST(ParseRevisionScriptErrors, UnknownDirectiveWithoutSuggestionListsTheKnownOnes) {
    ParseError error = parse_error(script_with("-- mig:zzzzzzzzzzzzzzzzz\n"));
    EXPECT_THAT(error.what(),
                HasSubstr(":2: unknown directive `-- mig:zzzzzzzzzzzzzzzzz`; expected one of "
                          "`-- mig:revision`, `-- mig:parents`"));
}

TEST(ParseRevisionScriptErrors, SuggestsForAbbreviationsButNotForUnrelatedShortWords) {
    EXPECT_THAT(parse_error(script_with("-- mig:rev abc\n")).what(),
                HasSubstr("unknown directive `-- mig:rev`; did you mean `-- mig:revision`?"));
    EXPECT_THAT(parse_error(script_with("", "-- mig:destruct drops t\n")).what(),
                HasSubstr("did you mean `-- mig:destructive`?"));
    const std::string unrelated = parse_error(script_with("-- mig:foo\n")).what();
    EXPECT_THAT(unrelated, HasSubstr("unknown directive `-- mig:foo`; expected one of"));
    EXPECT_THAT(unrelated, Not(HasSubstr("did you mean")));
}

TEST(ParseRevisionScriptErrors, DirectiveWithoutName) {
    ParseError error = parse_error(script_with("-- mig: message hello\n"));
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(), HasSubstr(":2: `-- mig:` without a directive name"));
}

TEST(ParseRevisionScriptErrors, StatementBeforeTheFirstSection) {
    ParseError error = parse_error(
        "-- mig:revision abc\n\nCREATE TABLE t (x);\n-- mig:upgrade\n-- mig:downgrade\n");
    EXPECT_EQ(error.line(), 3);
    EXPECT_THAT(error.what(),
                StartsWith("migrations/versions/x.sql:3: unexpected text before the first section: "
                           "`CREATE TABLE t (x);`; statements belong in the upgrade or downgrade "
                           "section"));
}

TEST(ParseRevisionScriptErrors, LongStatementIsQuotedShortened) {
    const std::string statement = "INSERT INTO t VALUES (" + std::string(200, '1') + ");";
    ParseError error =
        parse_error("-- mig:revision abc\n" + statement + "\n-- mig:upgrade\n-- mig:downgrade\n");
    EXPECT_THAT(error.what(), HasSubstr("...`"));
    EXPECT_LT(std::string(error.what()).size(), 300U);
}

TEST(ParseRevisionScriptErrors, ShortenedQuoteKeepsUtf8Whole) {
    // 59 ASCII bytes, then "é" (2 bytes) straddling the 60-byte cut.
    const std::string statement = std::string(59, 'x') + "\xC3\xA9" + std::string(20, 'y');
    const std::string message =
        parse_error("-- mig:revision abc\n" + statement + "\n-- mig:upgrade\n-- mig:downgrade\n")
            .what();
    EXPECT_THAT(message, HasSubstr("`" + std::string(59, 'x') + "...`"));
}

TEST(ParseRevisionScriptErrors, MissingUpgrade) {
    ParseError error = parse_error("-- mig:revision abc\n-- mig:downgrade\nDROP TABLE t;\n");
    EXPECT_EQ(error.line(), 3);
    EXPECT_THAT(error.what(), HasSubstr(":3: missing `-- mig:upgrade`; expected"));
}

TEST(ParseRevisionScriptErrors, MissingDowngrade) {
    ParseError error = parse_error("-- mig:revision abc\n-- mig:upgrade\nCREATE TABLE t (x);\n\n");
    EXPECT_EQ(error.line(), 4);
    EXPECT_THAT(error.what(), HasSubstr(":4: missing `-- mig:downgrade`; expected"));
}

TEST(ParseRevisionScriptErrors, HeaderOnly) {
    ParseError error = parse_error("-- mig:revision abc\n-- mig:message only a header");
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(), HasSubstr("missing `-- mig:upgrade`"));
}

TEST(ParseRevisionScriptErrors, RepeatedSectionMarker) {
    ParseError error =
        parse_error(script_with("", "SELECT 1;\n", "SELECT 2;\n-- mig:upgrade\nSELECT 3;\n"));
    EXPECT_EQ(error.line(), 6);
    EXPECT_THAT(error.what(),
                HasSubstr(":6: repeated `-- mig:upgrade` (first at line 2); expected it once"));
    EXPECT_THAT(parse_error(script_with("", "", "-- mig:downgrade\n")).what(),
                HasSubstr(":4: repeated `-- mig:downgrade` (first at line 3)"));
}

TEST(ParseRevisionScriptErrors, TextAfterSectionMarker) {
    ParseError error =
        parse_error("-- mig:revision abc\n-- mig:upgrade SELECT 1;\n-- mig:downgrade\n");
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(),
                HasSubstr(":2: unexpected text after `-- mig:upgrade`: `SELECT 1;`; expected the "
                          "marker alone on its line"));
}

TEST(ParseRevisionScriptErrors, HeaderDirectiveInsideASection) {
    ParseError error = parse_error(script_with("", "SELECT 1;\n-- mig:revision def\n"));
    EXPECT_EQ(error.line(), 4);
    EXPECT_THAT(error.what(),
                HasSubstr(":4: `-- mig:revision` inside the upgrade section; header directives "
                          "belong before the first section marker"));
    EXPECT_THAT(parse_error(script_with("", "", "-- mig:transaction off\n")).what(),
                HasSubstr(":4: `-- mig:transaction` inside the downgrade section"));
    EXPECT_THAT(parse_error(script_with("", "-- mig:parents x\n")).what(),
                HasSubstr(":3: `-- mig:parents` inside the upgrade section"));
}

TEST(ParseRevisionScriptErrors, BadTransactionValue) {
    ParseError error = parse_error(script_with("-- mig:transaction maybe\n"));
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(), HasSubstr(":2: `-- mig:transaction maybe`; expected `on` or `off`"));
    EXPECT_THAT(parse_error(script_with("-- mig:transaction\n")).what(),
                HasSubstr(":2: `-- mig:transaction`; expected `on` or `off`"));
}

TEST(ParseRevisionScriptErrors, DestructiveOutsideASection) {
    ParseError error = parse_error(script_with("-- mig:destructive drops everything\n"));
    EXPECT_EQ(error.line(), 2);
    EXPECT_THAT(error.what(),
                HasSubstr(":2: `-- mig:destructive` outside a section; expected it inside the "
                          "upgrade or downgrade section"));
}

TEST(ParseRevisionScriptErrors, LineNumbersCountCrlfLines) {
    ParseError error = parse_error(
        "-- mig:revision abc\r\n\r\n-- mig:bogus\r\n-- mig:upgrade\r\n-- mig:downgrade\r\n");
    EXPECT_EQ(error.line(), 3);
    EXPECT_THAT(error.what(), HasSubstr("unknown directive `-- mig:bogus`;"));
}

TEST(IsValidRevisionId, AcceptsLettersDigitsUnderscore) {
    EXPECT_TRUE(is_valid_revision_id("3f2a9c1d7b4e"));
    EXPECT_TRUE(is_valid_revision_id("Release_2"));
    EXPECT_TRUE(is_valid_revision_id("_"));
    EXPECT_FALSE(is_valid_revision_id(""));
    EXPECT_FALSE(is_valid_revision_id("a-b"));
    EXPECT_FALSE(is_valid_revision_id("a b"));
    EXPECT_FALSE(is_valid_revision_id("../etc"));
    EXPECT_FALSE(is_valid_revision_id("caf\xC3\xA9"));
}

TEST(LoadRevisionScript, ReadsAndParsesAFile) {
    test::TempDir dir;
    auto path = dir.write("versions/3f2a9c1d7b4e_add_age.sql", k_contract_example);
    RevisionScript script = load_revision_script(path);
    EXPECT_EQ(script.revision.id, "3f2a9c1d7b4e");
    EXPECT_EQ(script.revision.path, path.string());
    EXPECT_EQ(script.content, k_contract_example);
}

TEST(LoadRevisionScript, ParseErrorsNameTheGivenPath) {
    test::TempDir dir;
    auto path = dir.write("broken.sql", "-- mig:revision abc\nSELECT 1;\n");
    try {
        load_revision_script(path);
        FAIL() << "expected a ParseError";
    } catch (const ParseError& error) {
        EXPECT_EQ(error.file(), path.string());
        EXPECT_EQ(error.line(), 2);
    }
}

TEST(LoadRevisionScript, MissingFileIsAnInputError) {
    test::TempDir dir;
    EXPECT_THROW(load_revision_script(dir / "nope.sql"), InputError);
}

}  // namespace
}  // namespace mig::script
