// Revision files mig must refuse clearly (exit 2, one line naming file:line and the fix) or
// accept deliberately: NUL bytes, UTF-16/UTF-32, invalid UTF-8, a UTF-8 byte order mark, CRLF,
// no final newline, empty files, directories and other entries named *.sql, unreadable files.
// Each refusal leaves the database exactly as it was.

#include "e2e/hostile.hpp"
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const RevisionSpec k_first =
    rev("r1", {}, "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;", "first");

// A project whose database is at r1, plus r2's file written as `bytes` (r2's parent is r1).
struct AppliedThenOdd {
    Project project;
    fs::path odd;
    std::string before;

    explicit AppliedThenOdd(const std::string& bytes) {
        project.write_revision(k_first);
        EXPECT_EQ(project.mig({"upgrade"}).exit_code, 0);
        before = dump_database(project.db());
        odd = project.dir().write("migrations/versions/r2_odd.sql", bytes);
    }

    // Every command that reads revision files refuses with `error`, and nothing changes.
    void expect_refused_everywhere(const std::string& error) const {
        for (const std::vector<std::string>& args :
             std::vector<std::vector<std::string>>{{"upgrade"},
                                                   {"upgrade", "--sql"},
                                                   {"upgrade", "base:head", "--sql"},
                                                   {"downgrade", "base"},
                                                   {"history"},
                                                   {"heads"},
                                                   {"stamp", "head"}}) {
            MigResult result = project.mig(args);
            EXPECT_EQ(result.exit_code, 2) << args[0] << ": " << describe(result);
            EXPECT_EQ(result.err, "mig: error: " + error + "\n") << args[0];
            EXPECT_EQ(result.out, "") << args[0];
        }
        EXPECT_EQ(dump_database(project.db()), before) << "a refused command changed the database";
        EXPECT_THAT(version_rows(project.db()), ElementsAre("r1"));
    }
};

std::string r2_text(const std::string& upgrade) {
    return "-- mig:revision r2\n-- mig:parents r1\n-- mig:upgrade\n" + upgrade +
           "-- mig:downgrade\nDROP TABLE a;\nDROP TABLE b;\n";
}

TEST(OddFiles, ANulByteIsRefusedInsteadOfTruncatingTheRevision) {
    // Before issue 7, upgrade ran only `CREATE TABLE a` and recorded r2 as applied, and
    // --sql stopped printing at the NUL.
    std::string upgrade = "CREATE TABLE a (id INTEGER);\n";
    upgrade += std::string(1, '\0') + "CREATE TABLE b (id INTEGER);\n";
    AppliedThenOdd odd(r2_text(upgrade));
    odd.expect_refused_everywhere(
        "migrations/versions/r2_odd.sql:5: contains a NUL byte (column 1); the database would "
        "stop reading the SQL there and silently skip the rest: remove it (write binary data as "
        "a blob literal, X'00')");
}

// `text` as UTF-16 code units (ASCII only), with a byte order mark when `bom`.
std::string as_utf16le(const std::string& text, bool bom) {
    std::string out = bom ? "\xFF\xFE" : "";
    for (char c : text) {
        out += c;
        out += '\0';
    }
    return out;
}

TEST(OddFiles, Utf16WithAByteOrderMarkIsRefusedNamingTheEncoding) {
    AppliedThenOdd odd(as_utf16le(r2_text("CREATE TABLE a (id INTEGER);\n"), true));
    odd.expect_refused_everywhere(
        "migrations/versions/r2_odd.sql:1: starts with a UTF-16 (little-endian) byte order mark; "
        "mig reads revision files as UTF-8: save the file as UTF-8");
}

TEST(OddFiles, Utf16WithoutAByteOrderMarkIsRefusedNamingTheEncoding) {
    AppliedThenOdd odd(as_utf16le(r2_text("CREATE TABLE a (id INTEGER);\n"), false));
    odd.expect_refused_everywhere(
        "migrations/versions/r2_odd.sql:1: looks like UTF-16 (little-endian) text (a NUL byte in "
        "every other byte); mig reads revision files as UTF-8: save the file as UTF-8");
}

TEST(OddFiles, InvalidUtf8IsRefusedNamingLineAndColumn) {
    AppliedThenOdd odd(r2_text("INSERT INTO t1 VALUES (1); -- caf\xE9\n"));
    odd.expect_refused_everywhere(
        "migrations/versions/r2_odd.sql:4: is not valid UTF-8 (byte 0xE9 at column 34: Latin-1 "
        "or Windows-1252?); mig reads revision files as UTF-8: save the file as UTF-8");
}

TEST(OddFiles, AnEmptyFileIsRefused) {
    AppliedThenOdd odd("");
    odd.expect_refused_everywhere(
        "migrations/versions/r2_odd.sql:1: the file is empty; expected a revision script (write "
        "one with `mig revision -m MESSAGE`), or delete the file");
}

TEST(OddFiles, AMisspeltSectionMarkerIsRefusedNotSwallowed) {
    // `-- MIG:downgrade` was an SQL comment: the upgrade section would have run the downgrade.
    AppliedThenOdd odd(
        "-- mig:revision r2\n-- mig:parents r1\n-- mig:upgrade\nCREATE TABLE a (id INTEGER);\n"
        "-- MIG:downgrade\nDROP TABLE a;\n");
    odd.expect_refused_everywhere(
        "migrations/versions/r2_odd.sql:5: `-- MIG:downgrade` looks like a directive but is not "
        "written `-- mig:NAME` (lowercase `mig`, no space before or after the colon); did you "
        "mean `-- mig:downgrade`?");
}

TEST(OddFiles, ARepeatedUpgradeMarkerIsRefused) {
    AppliedThenOdd odd(
        "-- mig:revision r2\n-- mig:parents r1\n-- mig:upgrade\nCREATE TABLE a (id INTEGER);\n"
        "-- mig:upgrade\nCREATE TABLE b (id INTEGER);\n-- mig:downgrade\nDROP TABLE a;\n");
    odd.expect_refused_everywhere(
        "migrations/versions/r2_odd.sql:5: repeated `-- mig:upgrade` (first at line 3); expected "
        "it once");
}

TEST(OddFiles, AUtf8ByteOrderMarkIsAcceptedAndTheChecksumIsOfTheFilesBytes) {
    Project project;
    const fs::path file = project.dir().write(
        "migrations/versions/r1_bom.sql",
        "\xEF\xBB\xBF-- mig:revision r1\n-- mig:upgrade\nCREATE TABLE t1 (id INTEGER);\n"
        "-- mig:downgrade\nDROP TABLE t1;\n");
    MigResult sql = project.mig({"upgrade", "--sql"});
    ASSERT_MIG_OK(sql);
    EXPECT_THAT(sql.out, HasSubstr("CREATE TABLE t1 (id INTEGER);"));
    EXPECT_EQ(sql.out.find("\xEF\xBB\xBF"), std::string::npos) << "the BOM reached the SQL";

    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t1"));
    auto rows = history_rows(project.db());
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].sha256, sha256_of(file)) << "the recorded checksum must cover the BOM";
    ASSERT_MIG_OK(project.mig({"downgrade"}));
    EXPECT_THAT(user_objects(project.db()), IsEmpty());
}

TEST(OddFiles, CrlfFilesWorkEverywhere) {
    Project project;
    project.dir().write("migrations/versions/r1_crlf.sql",
                        "-- mig:revision r1\r\n"
                        "-- mig:message Windows line endings\r\n"
                        "-- mig:transaction on\r\n"
                        "\r\n"
                        "-- mig:upgrade\r\n"
                        "CREATE TABLE t1 (id INTEGER);\r\n"
                        "INSERT INTO t1 VALUES (1);\r\n"
                        "\r\n"
                        "-- mig:downgrade\r\n"
                        "DROP TABLE t1;\r\n");
    MigResult history = project.mig({"history"});
    ASSERT_MIG_OK(history);
    EXPECT_EQ(history.out, "<base> -> r1 (head), Windows line endings\n");

    MigResult sql = project.mig({"upgrade", "--sql"});
    ASSERT_MIG_OK(sql);
    EXPECT_THAT(sql.out, HasSubstr("CREATE TABLE t1 (id INTEGER);"));
    EXPECT_THAT(sql.out, HasSubstr("INSERT INTO t1 VALUES (1);"));

    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(query_column(project.db(), "SELECT id FROM t1"), ElementsAre("1"));
    EXPECT_THAT(history_rows(project.db())[0].downgrade_sql, StartsWith("DROP TABLE t1;"));
    MigResult show = project.mig({"show", "r1"});
    ASSERT_MIG_OK(show);
    EXPECT_THAT(show.out, HasSubstr("Windows line endings"));
    ASSERT_MIG_OK(project.mig({"downgrade"}));
    EXPECT_THAT(user_objects(project.db()), IsEmpty());
}

TEST(OddFiles, AFileWithoutAFinalNewlineRunsItsLastStatement) {
    Project project;
    project.dir().write("migrations/versions/r1_last.sql",
                        "-- mig:revision r1\n-- mig:upgrade\nCREATE TABLE t1 (id INTEGER);\n"
                        "-- mig:downgrade\nDROP TABLE t1;");
    project.dir().write("migrations/versions/r2_last.sql",
                        "-- mig:revision r2\r\n-- mig:parents r1\r\n-- mig:upgrade\r\nCREATE "
                        "TABLE t2 (id INTEGER);\r\n-- mig:downgrade\r\nDROP TABLE t2;");
    MigResult sql = project.mig({"upgrade", "--sql"});
    ASSERT_MIG_OK(sql);
    EXPECT_THAT(sql.out, HasSubstr("CREATE TABLE t2 (id INTEGER);"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t1", "t2"));
    ASSERT_MIG_OK(project.mig({"downgrade", "base"}));
    EXPECT_THAT(user_objects(project.db()), IsEmpty());
}

TEST(OddFiles, ADirectoryNamedLikeARevisionIsRefused) {
    Project project;
    project.write_revision(k_first);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());
    fs::create_directory(project.versions() / "r2_folder.sql");
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"upgrade"}, {"history"}, {"upgrade", "--sql"}}) {
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_EQ(result.err,
                  "mig: error: migrations/versions/r2_folder.sql: is a directory, not a revision "
                  "file; every *.sql entry in versions/ must be a revision file: rename or move "
                  "it\n");
    }
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(OddFiles, ABrokenSymlinkNamedLikeARevisionIsRefused) {
    Project project;
    project.write_revision(k_first);
    fs::create_symlink(project.root() / "nowhere.sql", project.versions() / "r2_link.sql");
    MigResult result = project.mig({"history"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err,
              "mig: error: migrations/versions/r2_link.sql: is a symbolic link to a file that "
              "does not exist; every *.sql entry in versions/ must be a revision file: rename or "
              "move it\n");
}

TEST(OddFiles, AnUnreadableFileSaysHowToFixIt) {
    Project project;
    const WrittenRevision written = project.write_revision(k_first);
    hand_over(project.root());  // as root, mig runs as nobody, whom chmod binds
    fs::permissions(written.path, fs::perms::none);
    Hostile unprivileged;
    unprivileged.unprivileged = true;
    MigResult result = mig_hostile(project.root(), unprivileged, {"upgrade"});
    fs::permissions(written.path, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err, "mig: error: cannot read " + written.path.string() +
                              ": Permission denied; make it readable (chmod a+r " +
                              written.path.filename().string() +
                              "), or move it out of versions/\n");
    EXPECT_FALSE(fs::exists(project.db()));
}

TEST(RevId, TooLongEmptyOrOddIdsAreBadInputAndWriteNothing) {
    Project project;
    auto versions_listing = [&] {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(project.versions())) {
            names.push_back(entry.path().filename().string());
        }
        return names;
    };
    const auto before = versions_listing();

    MigResult too_long = project.mig({"revision", "-m", "x", "--rev-id", std::string(129, 'a')});
    EXPECT_EQ(too_long.exit_code, 2) << describe(too_long);
    EXPECT_EQ(too_long.err,
              "mig: error: --rev-id is 129 characters long; the longest id is 128 (a file name "
              "holds 255 bytes: the id, `_`, a slug of up to 80 and `.sql`); choose a shorter id, "
              "or leave --rev-id out for a random one\n");

    MigResult bad = project.mig({"revision", "-m", "x", "--rev-id", "a-b"});
    EXPECT_EQ(bad.exit_code, 2) << describe(bad);
    EXPECT_EQ(bad.err,
              "mig: error: --rev-id 'a-b' is not a valid revision id; use letters, digits and '_' "
              "only\n");
    MigResult slash = project.mig({"revision", "-m", "x", "--rev-id", "../escape"});
    EXPECT_EQ(slash.exit_code, 2) << describe(slash);

    EXPECT_EQ(versions_listing(), before);

    // The longest id still fits with the longest slug.
    MigResult longest =
        project.mig({"revision", "-m", std::string(200, 'm'), "--rev-id", std::string(128, 'a')});
    ASSERT_MIG_OK(longest);
    ASSERT_MIG_OK(project.mig({"history"}));
}

}  // namespace
}  // namespace mig::test
