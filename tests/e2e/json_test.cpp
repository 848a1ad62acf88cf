// `--json` of current, heads, history and check, end to end: standard output is exactly one
// JSON document with "version": 1 first, parsed here field by field; the exit code is the one
// the text gives; bad input leaves standard output empty and says why on stderr; -q never
// drops the document, and warnings stay on stderr.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::StartsWith;
using Json = nlohmann::json;

// Standard output parsed as one JSON document (a second document or trailing text fails the
// parse), after checking that "version": 1 is its first key.
Json parse_document(const MigResult& result) {
    EXPECT_THAT(result.out, StartsWith("{\n  \"version\": 1,")) << describe(result);
    EXPECT_THAT(result.out, ::testing::EndsWith("}\n"));
    Json document = Json::parse(result.out, nullptr, false);
    EXPECT_FALSE(document.is_discarded()) << "not one JSON document:\n" << result.out;
    EXPECT_EQ(document.value("version", 0), 1);
    return document;
}

std::vector<std::string> ids_of(const Json& revisions) {
    std::vector<std::string> ids;
    for (const auto& revision : revisions) {
        ids.push_back(revision.at("id").get<std::string>());
    }
    return ids;
}

// aaa -> {left, right}
void write_fork(const Project& project) {
    project.write_revision(
        rev("aaa", {}, "CREATE TABLE t_a (id INTEGER);", "DROP TABLE t_a;", "first"));
    project.write_revision(
        rev("left", {"aaa"}, "CREATE TABLE t_left (id INTEGER);", "DROP TABLE t_left;", "L"));
    project.write_revision(
        rev("right", {"aaa"}, "CREATE TABLE t_right (id INTEGER);", "DROP TABLE t_right;", "R"));
}

// --- current ---------------------------------------------------------------------------------

TEST(JsonCurrent, BaseIsAnEmptyListAndCreatesNoDatabase) {
    Project project;
    write_linear(project, 2);
    MigResult result = project.mig({"current", "--json"});
    ASSERT_MIG_OK(result);
    const Json document = parse_document(result);
    EXPECT_EQ(document.at("database"), "sqlite:///app.db");
    EXPECT_TRUE(document.at("revisions").is_array());
    EXPECT_THAT(document.at("revisions"), IsEmpty());
    EXPECT_EQ(result.err, "");
    EXPECT_FALSE(fs::exists(project.db())) << "reading never creates the database";
}

TEST(JsonCurrent, NamesTheRevisionWithWhatItsHistoryRowRecorded) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    MigResult result = project.mig({"current", "--json"});
    ASSERT_MIG_OK(result);
    const Json document = parse_document(result);
    ASSERT_EQ(document.at("revisions").size(), 1U);
    const Json& revision = document.at("revisions").at(0);
    EXPECT_EQ(revision.at("id"), "r2");
    EXPECT_EQ(revision.at("message"), "step 2");
    EXPECT_THAT(revision.at("applied_at").get<std::string>(),
                MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
    EXPECT_TRUE(revision.at("git_commit").is_null()) << "not a git repository";
    EXPECT_EQ(revision.at("dirty"), false);
}

TEST(JsonCurrent, TheLatestRowThatReachedTheRevisionWinsNotAnEarlierOneNorADowngrade) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));  // no repository: no commit recorded
    make_repository(project);
    ASSERT_MIG_OK(project.mig({"downgrade", "base"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));          // r1 again, now from a commit; then r2
    ASSERT_MIG_OK(project.mig({"downgrade", "-1"}));  // leaves r2: a row for r2, not r1
    const std::string head = git(project, {"rev-parse", "HEAD"});
    const Json document = parse_document(project.mig({"current", "--json"}));
    ASSERT_EQ(document.at("revisions").size(), 1U);
    const Json& revision = document.at("revisions").at(0);
    EXPECT_EQ(revision.at("id"), "r1");
    EXPECT_EQ(revision.at("message"), "step 1");
    ASSERT_TRUE(revision.at("git_commit").is_string()) << "the second arrival, not the first";
    EXPECT_EQ(revision.at("git_commit").get<std::string>() + "\n", head);
}

TEST(JsonCurrent, ListsEveryHeadOfTheDatabaseSorted) {
    Project project;
    write_fork(project);
    ASSERT_MIG_OK(project.mig({"upgrade", "heads"}));
    const Json document = parse_document(project.mig({"current", "--json"}));
    EXPECT_THAT(ids_of(document.at("revisions")), ElementsAre("left", "right"));
    EXPECT_EQ(document.at("revisions").at(1).at("message"), "R");
}

TEST(JsonCurrent, RecordsTheCommitARevisionWasAppliedFrom) {
    Project project;
    write_linear(project, 1);
    make_repository(project);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string head = git(project, {"rev-parse", "HEAD"});
    const Json document = parse_document(project.mig({"current", "--json"}));
    EXPECT_EQ(document.at("revisions").at(0).at("git_commit").get<std::string>() + "\n", head);
}

TEST(JsonCurrent, ReadsOnlyTheDatabaseLikeTheText) {
    Project project;
    write_linear(project, 1);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    fs::remove_all(project.versions());  // the checkout lost every revision file
    fs::create_directories(project.versions());
    const Json document = parse_document(project.mig({"current", "--json"}));
    EXPECT_EQ(document.at("revisions").at(0).at("id"), "r1");
    EXPECT_EQ(document.at("revisions").at(0).at("message"), "step 1") << "from mig_history";
}

// --- heads -------------------------------------------------------------------------------------

TEST(JsonHeads, NoRevisionsIsAnEmptyList) {
    Project project;
    MigResult result = project.mig({"heads", "--json"});
    ASSERT_MIG_OK(result);
    const Json document = parse_document(result);
    EXPECT_EQ(document.size(), 2U) << "version and heads, nothing else";
    EXPECT_TRUE(document.at("heads").is_array());
    EXPECT_THAT(document.at("heads"), IsEmpty());
}

TEST(JsonHeads, SeveralHeadsEachWithParentsAndFlags) {
    Project project;
    write_fork(project);
    const Json document = parse_document(project.mig({"heads", "--json"}));
    const Json& heads = document.at("heads");
    EXPECT_THAT(ids_of(heads), ElementsAre("left", "right"));
    for (const auto& head : heads) {
        EXPECT_EQ(head.at("parents"), Json::array({"aaa"}));
        EXPECT_THAT(head.at("children"), IsEmpty());
        EXPECT_EQ(head.at("is_head"), true);
        EXPECT_EQ(head.at("is_base"), false);
        EXPECT_EQ(head.at("is_branch_point"), false);
        EXPECT_EQ(head.at("is_merge_point"), false);
        EXPECT_EQ(head.at("created"), "2026-01-02T03:04:05Z");
    }
    EXPECT_EQ(heads.at(0).at("message"), "L");
    EXPECT_EQ(heads.at(0).at("file"), "migrations/versions/left_l.sql");
}

TEST(JsonHeads, VerboseChangesNothingInTheDocument) {
    Project project;
    write_fork(project);
    EXPECT_EQ(project.mig({"heads", "-v", "--json"}).out, project.mig({"heads", "--json"}).out);
}

// --- history -----------------------------------------------------------------------------------

TEST(JsonHistory, NewestFirstWithTheGraphFlags) {
    Project project;
    write_fork(project);
    project.write_revision(rev("mm", {"left", "right"}, "", "", "merge heads"));
    MigResult result = project.mig({"history", "--json"});
    ASSERT_MIG_OK(result);
    const Json document = parse_document(result);
    const Json& revisions = document.at("revisions");
    ASSERT_EQ(revisions.size(), 4U);
    EXPECT_EQ(revisions.at(0).at("id"), "mm");
    EXPECT_EQ(revisions.at(3).at("id"), "aaa");

    const Json& merge = revisions.at(0);
    EXPECT_EQ(merge.at("parents"), Json::array({"left", "right"}));
    EXPECT_EQ(merge.at("is_merge_point"), true);
    EXPECT_EQ(merge.at("is_head"), true);
    EXPECT_EQ(merge.at("message"), "merge heads");

    const Json& root = revisions.at(3);
    EXPECT_EQ(root.at("parents"), Json::array());
    EXPECT_EQ(root.at("children"), Json::array({"left", "right"}));
    EXPECT_EQ(root.at("is_base"), true);
    EXPECT_EQ(root.at("is_branch_point"), true);
    EXPECT_EQ(root.at("is_head"), false);
    EXPECT_EQ(root.at("is_merge_point"), false);
    EXPECT_EQ(root.at("file"), "migrations/versions/aaa_first.sql");
    EXPECT_EQ(result.err, "");
}

TEST(JsonHistory, RangeSelectsTheSameRevisionsAsTheText) {
    Project project;
    write_linear(project, 4);
    MigResult text = project.mig({"history", "-r", "r2:r3"});
    ASSERT_MIG_OK(text);
    EXPECT_EQ(lines_of(text.out).size(), 2U);
    const Json document = parse_document(project.mig({"history", "-r", "r2:r3", "--json"}));
    EXPECT_THAT(ids_of(document.at("revisions")), ElementsAre("r3", "r2"));
    EXPECT_EQ(project.mig({"history", "-r", "r2:r3", "-v", "--json"}).out,
              project.mig({"history", "-r", "r2:r3", "--json"}).out);
}

TEST(JsonHistory, EmptyMigrationsIsAnEmptyList) {
    Project project;
    const Json document = parse_document(project.mig({"history", "--json"}));
    EXPECT_THAT(document.at("revisions"), IsEmpty());
}

// --- check ---------------------------------------------------------------------------------

class JsonCheck : public ModelProjectTest {};

constexpr const char* k_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n";
constexpr const char* k_users_age =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n";

TEST_F(JsonCheck, AgreementIsOkWithNoProblems) {
    model(k_users);
    migrate("r1");
    MigResult result = project.mig({"check", "--json"});
    ASSERT_MIG_OK(result);
    const Json document = parse_document(result);
    EXPECT_EQ(document.at("ok"), true);
    EXPECT_THAT(document.at("problems"), IsEmpty());
    EXPECT_THAT(document.at("fixes"), IsEmpty());
    const Json& checked = document.at("checked");
    EXPECT_EQ(checked.at("staged"), false);
    EXPECT_TRUE(checked.at("against").is_null());
    EXPECT_TRUE(checked.at("database").is_null());
    EXPECT_EQ(result.err, "");
}

TEST_F(JsonCheck, ProblemsAreExitOneWithTheDocumentAndOneLineOnStderr) {
    model(k_users);
    migrate("r1");
    model(k_users_age);  // the model moved on without a revision
    MigResult result = project.mig({"check", "--json"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    const Json document = parse_document(result);
    EXPECT_EQ(document.at("ok"), false);
    ASSERT_EQ(document.at("problems").size(), 1U);
    const Json& problem = document.at("problems").at(0);
    EXPECT_EQ(problem.at("kind"), "model_difference");
    // The same words as the text's line.
    EXPECT_EQ(problem.at("message").get<std::string>() + "\n", project.mig({"check"}).out);
    ASSERT_EQ(document.at("fixes").size(), 1U);
    EXPECT_THAT(document.at("fixes").at(0).get<std::string>(), HasSubstr("mig migrate"));
    EXPECT_EQ(result.err,
              "mig: error: check found 1 problem (in the JSON document on standard output); run "
              "`mig migrate -m MESSAGE` to write a revision for this difference\n");
}

TEST_F(JsonCheck, SeveralHeadsIsItsOwnKind) {
    model(k_users);
    write_fork(project);
    MigResult result = project.mig({"check", "--json"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    const Json document = parse_document(result);
    ASSERT_EQ(document.at("problems").size(), 1U);
    EXPECT_EQ(document.at("problems").at(0).at("kind"), "multiple_heads");
    EXPECT_THAT(document.at("problems").at(0).at("message").get<std::string>(),
                HasSubstr("left, right"));
}

TEST_F(JsonCheck, DriftNamesTheDatabaseChecked) {
    model(k_users);
    migrate("r1");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "ALTER TABLE users ADD COLUMN nickname TEXT;");
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"check", "--db", "--json"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    const Json document = parse_document(result);
    EXPECT_EQ(document.at("checked").at("database"), "app.db");
    ASSERT_EQ(document.at("problems").size(), 1U);
    EXPECT_EQ(document.at("problems").at(0).at("kind"), "drift");
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST_F(JsonCheck, AgainstReportsEditedAndDeletedRevisions) {
    make_repository(project);
    model(k_users);
    migrate("r1");
    model(k_users_age);
    migrate("r2");
    git(project, {"add", "-A"});
    git(project, {"commit", "-q", "-m", "two revisions"});
    const std::string r1 = "migrations/versions/r1_r1.sql";
    std::string edited = project.dir().read(r1);
    edited.replace(edited.find("-- mig:downgrade"), 0, "CREATE INDEX ix ON users (name);\n\n");
    project.dir().write(r1, edited);
    fs::remove(project / "migrations/versions/r2_r2.sql");
    model(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\nCREATE INDEX ix ON users "
        "(name);\n");
    MigResult result = project.mig({"check", "--against", "HEAD", "--json"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    const Json document = parse_document(result);
    EXPECT_EQ(document.at("checked").at("against"), "HEAD");
    std::vector<std::string> kinds;
    for (const auto& problem : document.at("problems")) {
        kinds.push_back(problem.at("kind").get<std::string>());
    }
    EXPECT_THAT(kinds, ElementsAre("edited_revision", "deleted_revision"));
}

TEST_F(JsonCheck, StagedSaysSoInWhatWasChecked) {
    make_repository(project);
    model(k_users);
    migrate("r1");
    git(project, {"add", "-A"});
    MigResult result = project.mig({"check", "--staged", "--json"});
    ASSERT_MIG_OK(result);
    const Json document = parse_document(result);
    EXPECT_EQ(document.at("ok"), true);
    EXPECT_EQ(document.at("checked").at("staged"), true);
}

TEST_F(JsonCheck, QuietKeepsTheDocument) {
    model(k_users);
    migrate("r1");
    MigResult result = project.mig({"-q", "check", "--json"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(parse_document(result).at("ok"), true);
}

// --- bad input, warnings ------------------------------------------------------------------------

// Exit 2 with one `mig: error:` line and nothing at all on standard output.
void expect_bad_input(const MigResult& result) {
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, StartsWith("mig: error: "));
    EXPECT_EQ(lines_of(result.err).size(), 1U) << result.err;
}

TEST(JsonBadInput, LeavesStandardOutputEmpty) {
    Project project;
    write_linear(project, 2);
    expect_bad_input(project.mig({"history", "-r", "nonsense", "--json"}));
    expect_bad_input(project.mig({"history", "-r", "r9:", "--json"}));
    expect_bad_input(project.mig({"check", "--db", "--json"}));  // no database yet
    expect_bad_input(project.mig({"--database-url", "sqlite://app.db", "current", "--json"}));
    expect_bad_input(project.mig({"current", "--json", "extra"}));
    EXPECT_FALSE(fs::exists(project.db()));
}

TEST(JsonBadInput, ABrokenGraphLeavesStandardOutputEmpty) {
    Project project;
    project.write_revision(rev("orphan", {"missing"}, "", "", "orphan"));
    for (const auto& command : {std::vector<std::string>{"heads", "--json"},
                                std::vector<std::string>{"history", "--json"},
                                std::vector<std::string>{"check", "--json"}}) {
        SCOPED_TRACE(command.front());
        expect_bad_input(project.mig(command));
    }
}

TEST(JsonWarnings, StayOnStderr) {
    Project project;
    write_linear(project, 1);
    project.write_config("[database]\nurl = \"sqlite:///app.db\"\nbakup = false\n");
    MigResult result = project.mig({"heads", "--json"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(result.err, StartsWith("mig: warning: "));
    EXPECT_THAT(ids_of(parse_document(result).at("heads")), ElementsAre("r1"));
}

}  // namespace
}  // namespace mig::test
