// Revision files that are not plain UTF-8 text, or that only look like one: each is refused
// with one line naming file:line and the fix, or (a UTF-8 byte order mark) accepted.

#include "script/revision_script.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace mig::script {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* k_file = "migrations/versions/x.sql";

const std::string k_valid =
    "-- mig:revision abc\n"
    "-- mig:upgrade\n"
    "CREATE TABLE t (x);\n"
    "-- mig:downgrade\n"
    "DROP TABLE t;\n";

std::string parse_error(std::string_view content) {
    try {
        parse_revision_file(std::string(content), k_file);
    } catch (const ParseError& error) {
        return error.what();
    }
    ADD_FAILURE() << "expected a ParseError";
    return {};
}

// Every character of `text` followed (little-endian) or preceded (big-endian) by a NUL.
std::string utf16(std::string_view text, bool little_endian) {
    std::string out;
    for (char c : text) {
        out += little_endian ? std::string{c, '\0'} : std::string{'\0', c};
    }
    return out;
}

TEST(OddInput, ANulByteIsRefusedAtItsLine) {
    std::string content = k_valid;
    content.insert(content.find("CREATE") + 7, std::string(1, '\0'));
    EXPECT_EQ(parse_error(content),
              "migrations/versions/x.sql:3: contains a NUL byte (column 8); the database would "
              "stop reading the SQL there and silently skip the rest: remove it (write binary "
              "data as a blob literal, X'00')");
}

TEST(OddInput, ANulByteInTheHeaderOrAtTheEndIsRefusedToo) {
    EXPECT_THAT(parse_error(std::string(1, '\0') + k_valid),
                StartsWith("migrations/versions/x.sql:1: contains a NUL byte (column 1)"));
    EXPECT_THAT(parse_error(k_valid + std::string(1, '\0')),
                StartsWith("migrations/versions/x.sql:6: contains a NUL byte (column 1)"));
}

TEST(OddInput, Utf16WithAByteOrderMarkNamesTheEncoding) {
    EXPECT_EQ(parse_error("\xFF\xFE" + utf16(k_valid, true)),
              "migrations/versions/x.sql:1: starts with a UTF-16 (little-endian) byte order "
              "mark; mig reads revision files as UTF-8: save the file as UTF-8");
    EXPECT_THAT(parse_error("\xFE\xFF" + utf16(k_valid, false)),
                HasSubstr("starts with a UTF-16 (big-endian) byte order mark"));
    EXPECT_THAT(parse_error(std::string("\xFF\xFE\0\0-\0\0\0", 8)),
                HasSubstr("starts with a UTF-32 (little-endian) byte order mark"));
    EXPECT_THAT(parse_error(std::string("\0\0\xFE\xFF", 4)),
                HasSubstr("starts with a UTF-32 (big-endian) byte order mark"));
}

TEST(OddInput, Utf16WithoutAByteOrderMarkIsRecognised) {
    EXPECT_EQ(parse_error(utf16(k_valid, true)),
              "migrations/versions/x.sql:1: looks like UTF-16 (little-endian) text (a NUL byte "
              "in every other byte); mig reads revision files as UTF-8: save the file as UTF-8");
    EXPECT_THAT(parse_error(utf16(k_valid, false)),
                HasSubstr("looks like UTF-16 (big-endian) text"));
}

TEST(OddInput, AUtf8ByteOrderMarkIsAcceptedAndKeptInTheBytes) {
    const std::string content = "\xEF\xBB\xBF" + k_valid;
    RevisionScript script = parse_revision_file(content, k_file);
    EXPECT_EQ(script.revision.id, "abc");
    EXPECT_EQ(script.upgrade.sql, "CREATE TABLE t (x);\n");
    EXPECT_EQ(script.content, content) << "the checksum must cover the file's own bytes";
}

TEST(OddInput, InvalidUtf8IsRefusedNamingLineColumnAndByte) {
    std::string latin1 = k_valid;
    latin1.insert(latin1.find("DROP"), "-- caf\xE9\n");
    EXPECT_EQ(parse_error(latin1),
              "migrations/versions/x.sql:5: is not valid UTF-8 (byte 0xE9 at column 7: Latin-1 "
              "or Windows-1252?); mig reads revision files as UTF-8: save the file as UTF-8");
}

TEST(OddInput, MalformedUtf8SequencesAreRefused) {
    // Overlong "/", a surrogate, above U+10FFFF, a truncated sequence, a lone continuation.
    for (std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80"}) {
        EXPECT_THAT(parse_error(k_valid + "-- " + bad + "\n"), HasSubstr("is not valid UTF-8"))
            << "bytes of length " << bad.size();
    }
}

TEST(OddInput, WellFormedUtf8IsAccepted) {
    const std::string text = k_valid + "-- café, 日本, 🙂, U+10FFFF \xF4\x8F\xBF\xBF\n";
    EXPECT_NO_THROW(parse_revision_file(text, k_file));
}

TEST(OddInput, AnEmptyFileSaysSo) {
    const std::string expected =
        "migrations/versions/x.sql:1: the file is empty; expected a revision script (write one "
        "with `mig revision -m MESSAGE`), or delete the file";
    EXPECT_EQ(parse_error(""), expected);
    EXPECT_EQ(parse_error(" \n\r\n\t\n"), expected);
    EXPECT_EQ(parse_error("\xEF\xBB\xBF"), expected);
}

TEST(OddInput, CrlfAndNoFinalNewlineParse) {
    const std::string crlf =
        "-- mig:revision abc\r\n-- mig:upgrade\r\nCREATE TABLE t (x);\r\n-- "
        "mig:downgrade\r\nDROP TABLE t;";
    RevisionScript script = parse_revision_file(crlf, k_file);
    EXPECT_EQ(script.upgrade.sql, "CREATE TABLE t (x);\r\n");
    EXPECT_EQ(script.downgrade.sql, "DROP TABLE t;");
    EXPECT_EQ(script.downgrade.first_line, 5);
}

TEST(OddInput, AMisspeltDirectivePrefixIsRefusedNotTakenForAComment) {
    std::string upper = k_valid;
    upper.replace(upper.find("-- mig:downgrade"), 16, "-- MIG:downgrade");
    EXPECT_EQ(parse_error(upper),
              "migrations/versions/x.sql:4: `-- MIG:downgrade` looks like a directive but is not "
              "written `-- mig:NAME` (lowercase `mig`, no space before or after the colon); did "
              "you mean `-- mig:downgrade`?");
    std::string spaced = k_valid;
    spaced.replace(spaced.find("-- mig:downgrade"), 16, "--  mig :downgrade");
    EXPECT_THAT(parse_error(spaced), HasSubstr("did you mean `-- mig:downgrade`?"));
}

TEST(OddInput, AnUppercaseDirectiveNameSaysDirectivesAreLowercase) {
    std::string upper = k_valid;
    upper.replace(upper.find("-- mig:upgrade"), 14, "-- mig:UPGRADE");
    EXPECT_EQ(parse_error(upper),
              "migrations/versions/x.sql:2: unknown directive `-- mig:UPGRADE`; directive names "
              "are lowercase: `-- mig:upgrade`");
}

TEST(OddInput, CommentsThatMerelyMentionMigPass) {
    const std::string text = k_valid + "-- migration notes: see mig: docs\n-- mig-ish\n";
    EXPECT_NO_THROW(parse_revision_file(text, k_file));
}

TEST(OddInput, ARepeatedSectionMarkerNamesTheFirst) {
    EXPECT_EQ(parse_error(k_valid + "-- mig:upgrade\n"),
              "migrations/versions/x.sql:6: repeated `-- mig:upgrade` (first at line 2); "
              "expected it once");
}

TEST(OddInput, DirectivesWithTabsAndIndentationParse) {
    const std::string text =
        "  --\tmig:revision\tabc  \n\t-- mig:upgrade \nSELECT 1;\n   --mig:downgrade\t\nSELECT "
        "2;\n";
    RevisionScript script = parse_revision_file(text, k_file);
    EXPECT_EQ(script.revision.id, "abc");
    EXPECT_EQ(script.upgrade.sql, "SELECT 1;\n");
    EXPECT_EQ(script.downgrade.sql, "SELECT 2;\n");
}

}  // namespace
}  // namespace mig::script
