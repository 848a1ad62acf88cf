#include "script/template.hpp"

#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

namespace mig::script {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

using Values = std::map<std::string, std::string>;

std::string expand(std::string_view text, const Values& values) {
    return expand_template(text, values, "migrations/script.sql.tmpl");
}

// The InputError `text` raises; a test failure when it expands.
std::string expansion_error(std::string_view text, const Values& values) {
    try {
        expand(text, values);
    } catch (const InputError& error) {
        return error.what();
    }
    ADD_FAILURE() << "expected an InputError for:\n" << text;
    return {};
}

TEST(ExpandTemplate, ReplacesPlaceholders) {
    EXPECT_EQ(expand("a ${x} b ${y}${x}\n", {{"x", "1"}, {"y", "22"}}), "a 1 b 221\n");
}

TEST(ExpandTemplate, TextWithoutPlaceholdersIsUnchanged) {
    const std::string text = "-- plain\n\nSELECT $1, $$body$$;\r\nno newline";
    EXPECT_EQ(expand(text, {}), text);
}

TEST(ExpandTemplate, ValuesMaySpanLines) {
    EXPECT_EQ(expand("-- mig:upgrade\n${upgrade}\n\n-- mig:downgrade\n", {{"upgrade", "A;\nB;"}}),
              "-- mig:upgrade\nA;\nB;\n\n-- mig:downgrade\n");
}

TEST(ExpandTemplate, ValuesAreNotExpandedAgain) {
    EXPECT_EQ(expand("${a}\n", {{"a", "${b}"}}), "${b}\n");
}

TEST(ExpandTemplate, DropsADirectiveLineWhosePlaceholdersAreEmpty) {
    const std::string text =
        "-- mig:revision ${revision}\n"
        "-- mig:parents ${parents}\n"
        "-- mig:message ${message}\n";
    EXPECT_EQ(expand(text, {{"revision", "abc"}, {"parents", ""}, {"message", "hi"}}),
              "-- mig:revision abc\n-- mig:message hi\n");
    EXPECT_EQ(expand(text, {{"revision", "abc"}, {"parents", "p1 p2"}, {"message", "hi"}}),
              "-- mig:revision abc\n-- mig:parents p1 p2\n-- mig:message hi\n");
}

TEST(ExpandTemplate, DropsWithCrlfAndWithoutTrailingNewline) {
    EXPECT_EQ(expand("-- mig:revision x\r\n-- mig:parents ${parents}\r\n-- mig:upgrade\r\n",
                     {{"parents", ""}}),
              "-- mig:revision x\r\n-- mig:upgrade\r\n");
    EXPECT_EQ(expand("-- mig:revision x\n-- mig:parents ${parents}", {{"parents", ""}}),
              "-- mig:revision x\n");
    EXPECT_EQ(expand("--mig:parents  ${a}${b}  \n", {{"a", ""}, {"b", ""}}), "");
}

TEST(ExpandTemplate, KeepsLinesThatAreNotBareDirectives) {
    const Values empty{{"x", ""}};
    // No directive: an empty value leaves an empty line (the template controls spacing).
    EXPECT_EQ(expand("a\n${x}\nb\n", empty), "a\n\nb\n");
    // Other text on the line survives the empty placeholder.
    EXPECT_EQ(expand("-- mig:message note ${x}\n", empty), "-- mig:message note \n");
    // A plain comment is not a directive.
    EXPECT_EQ(expand("-- parents ${x}\n", empty), "-- parents \n");
    // A directive line without placeholders is template text and stays.
    EXPECT_EQ(expand("-- mig:upgrade\n", empty), "-- mig:upgrade\n");
}

TEST(ExpandTemplate, KeepsADirectiveLineWhenAnyPlaceholderIsNonEmpty) {
    EXPECT_EQ(expand("-- mig:parents ${a}${b}\n", {{"a", ""}, {"b", "p"}}), "-- mig:parents p\n");
}

TEST(ExpandTemplate, UnknownPlaceholderNamesItAndTheTemplate) {
    const std::string message =
        expansion_error("ok\n-- mig:message ${mesage}\n", {{"message", "m"}, {"parents", ""}});
    EXPECT_THAT(message,
                StartsWith("migrations/script.sql.tmpl:2: unknown placeholder `${mesage}`"));
    EXPECT_THAT(message, HasSubstr("did you mean `${message}`?"));
}

TEST(ExpandTemplate, SuggestsForAbbreviationsButNotForUnrelatedShortWords) {
    const Values values{{"revision", ""}, {"downgrade", ""}};
    EXPECT_THAT(expansion_error("${rev}\n", values), HasSubstr("did you mean `${revision}`?"));
    EXPECT_THAT(
        expansion_error("${foo}\n", values),
        HasSubstr("unknown placeholder `${foo}`; expected one of ${downgrade} and ${revision}"));
}

TEST(ExpandTemplate, UnknownPlaceholderWithoutSuggestionListsTheKnownOnes) {
    const std::string message =
        expansion_error("${zzzzzzzzzz}\n", {{"created", ""}, {"revision", ""}});
    EXPECT_THAT(message,
                HasSubstr(":1: unknown placeholder `${zzzzzzzzzz}`; expected one of ${created} and "
                          "${revision}"));
}

TEST(ExpandTemplate, UnknownPlaceholderIsAParseErrorWithLocation) {
    try {
        expand("\n\n${nope}\n", {});
        FAIL() << "expected a ParseError";
    } catch (const ParseError& error) {
        EXPECT_EQ(error.file(), "migrations/script.sql.tmpl");
        EXPECT_EQ(error.line(), 3);
    }
}

TEST(ExpandTemplate, UnterminatedPlaceholder) {
    EXPECT_THAT(expansion_error("a\n-- mig:revision ${revision\n}\n", {{"revision", "x"}}),
                HasSubstr(":2: unterminated placeholder `${revision`; expected `${name}`"));
}

}  // namespace
}  // namespace mig::script
