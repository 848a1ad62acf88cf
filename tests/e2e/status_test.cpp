// `mig status` and the provenance warnings of `mig upgrade`, end to end in real git repositories:
// where the database is and which commit and branch it was migrated from, what is pending or
// uncommitted, what changed since it was applied, drift, and the same as one JSON document.
#include "e2e/project.hpp"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

constexpr const char* k_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n";
constexpr const char* k_users_age =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n";

class Status : public ModelProjectTest {
protected:
    Status() { make_repository(project); }
    void migrate(const std::string& id) const { ModelProjectTest::migrate(id, "message " + id); }
    std::string head() const { return lines_of(git(project, {"rev-parse", "HEAD"})).at(0); }
    Json status_json() const {
        MigResult result = project.mig({"status", "--json"});
        EXPECT_EQ(result.exit_code, 0) << describe(result);
        return Json::parse(result.out);  // throws (fails the test) unless one whole document
    }
};

TEST_F(Status, ShowsTheDatabaseTheCodeAndWhatIsPending) {
    model(k_users);
    migrate("r1");
    commit_all("users");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string applied_at = head();
    model(k_users_age);
    migrate("r2");
    commit_all("age");

    MigResult text = project.mig({"status"});
    ASSERT_MIG_OK(text);
    EXPECT_THAT(
        text.out,
        AllOf(HasSubstr("Database: sqlite:///app.db\n  at r1  message r1  (applied "),
              HasSubstr("from " + applied_at.substr(0, 7) + " on main)"),
              HasSubstr("Code: main at " + head().substr(0, 7)),
              HasSubstr("Heads:\n  r2  message r2\n"), HasSubstr("Pending:\n  r2  message r2\n"),
              HasSubstr("Uncommitted revision files: none\n"),
              HasSubstr("Applied from another branch: none\n"),
              HasSubstr("Changed since applied: none\n"), HasSubstr("Hooks: not installed\n")));

    Json json = status_json();
    EXPECT_EQ(json["version"], 1);
    EXPECT_EQ(json["database"]["url"], "sqlite:///app.db");
    EXPECT_EQ(json["database"]["revisions"][0]["id"], "r1");
    EXPECT_EQ(json["database"]["revisions"][0]["commit"]["id"], applied_at);
    EXPECT_EQ(json["database"]["revisions"][0]["commit"]["in_head_history"], true);
    EXPECT_EQ(json["git"]["branch"], "main");
    EXPECT_EQ(json["git"]["head"], head());
    EXPECT_EQ(json["heads"][0]["id"], "r2");
    EXPECT_EQ(json["pending"].size(), 1U);
    EXPECT_EQ(json["pending"][0]["id"], "r2");
    EXPECT_EQ(json["hooks"], "not installed");
}

TEST_F(Status, NamesUncommittedRevisionFilesAndChangesNothing) {
    model(k_users);
    migrate("r1");
    Json json = status_json();
    ASSERT_EQ(json["uncommitted"].size(), 1U);
    EXPECT_EQ(json["uncommitted"][0]["file"], "migrations/versions/r1_message_r1.sql");
    EXPECT_EQ(json["uncommitted"][0]["state"], "untracked");
    EXPECT_EQ(json["database"]["exists"], false);
    EXPECT_FALSE(fs::exists(project.db())) << "status never creates the database";
    EXPECT_EQ(json["database"]["revisions"].size(), 0U);
    EXPECT_EQ(json["pending"][0]["id"], "r1");
}

// Status keeps the version tables under the database file's content token: whatever changes
// the database afterwards (mig itself, another mig, the application, in the same second), the
// next status must show the database as it is, never the cached copy.
TEST_F(Status, TheDatabaseAsItIsAfterEveryChangeNeverAStaleCachedCopy) {
    model(k_users);
    migrate("r1");
    commit_all("users");
    model(k_users_age);
    migrate("r2");
    commit_all("age");
    auto revisions = [&] {
        std::vector<std::string> ids;
        const Json json = status_json();
        for (const Json& revision : json["database"]["revisions"]) {
            ids.push_back(revision["id"].get<std::string>());
        }
        return ids;
    };
    using Ids = std::vector<std::string>;
    EXPECT_EQ(revisions(), Ids{}) << "no database yet";
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    EXPECT_EQ(revisions(), Ids{"r1"});
    EXPECT_EQ(revisions(), Ids{"r1"}) << "from the cache";
    EXPECT_TRUE(fs::exists(project / ".mig/cache/version-tables"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_EQ(revisions(), Ids{"r2"});
    ASSERT_MIG_OK(project.mig({"downgrade", "-1"}));
    EXPECT_EQ(revisions(), Ids{"r1"});
    {
        // Another program moves the version row, keeping the file's size.
        SQLite::Database database(project.db().string(), SQLite::OPEN_READWRITE);
        database.exec("UPDATE mig_version SET revision = 'r2'");
    }
    EXPECT_EQ(revisions(), Ids{"r2"});
    {
        // A WAL-mode database: its header counter does not move per write, so no cache.
        SQLite::Database database(project.db().string(), SQLite::OPEN_READWRITE);
        database.exec("PRAGMA journal_mode=WAL");
    }
    EXPECT_EQ(revisions(), Ids{"r2"});
    ASSERT_MIG_OK(project.mig({"stamp", "r1"}));
    EXPECT_EQ(revisions(), Ids{"r1"});
}

TEST_F(Status, DriftIsUnknownUntilTheHeadSchemaIsCachedThenReported) {
    model(k_users);
    migrate("r1");
    commit_all("users");
    fs::remove_all(project / ".mig/cache");
    Json unknown = status_json();
    EXPECT_EQ(unknown["drift"]["state"], "unknown");
    EXPECT_THAT(unknown["drift"]["reason"].get<std::string>(), HasSubstr("mig check"));

    EXPECT_MIG_OK(project.mig({"check"}));  // replays and caches the head schema
    EXPECT_EQ(status_json()["drift"]["state"], "none");
    model(k_users_age);
    Json differs = status_json();
    EXPECT_EQ(differs["drift"]["state"], "differs");
    EXPECT_THAT(differs["drift"]["differences"][0].get<std::string>(), HasSubstr("age"));
    EXPECT_TRUE(fs::exists(project / ".mig/cache/model-drift"));
    EXPECT_EQ(status_json()["drift"], differs["drift"]) << "the cached answer is the same";
    model(k_users);
    EXPECT_EQ(status_json()["drift"]["state"], "none") << "a changed model is compared again";
}

// Status keeps what it derives from the files (the revision headers and checksums, the head
// schema's key, the model's key) under their stat data. An edit that keeps a file's size and
// puts its modification time back (a tool restoring times, a checkout within one tick) must
// still be seen: the change time moves on every write.
TEST_F(Status, AnEditThatKeepsTheSizeAndTheModificationTimeIsStillSeen) {
    model(k_users);
    migrate("r1");
    commit_all("users");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    ASSERT_MIG_OK(project.mig({"check"}));  // caches the head schema
    const fs::path model_file = project / "models/schema.sql";
    const fs::path revision_file = project.versions() / "r1_message_r1.sql";
    const auto a_minute_ago = fs::file_time_type::clock::now() - std::chrono::minutes(1);
    fs::last_write_time(model_file, a_minute_ago);
    fs::last_write_time(revision_file, a_minute_ago);
    const Json before = status_json();  // learns, with times outside the racy window
    EXPECT_EQ(status_json(), before) << "a warm run gives the same answer";
    EXPECT_EQ(before["drift"]["state"], "none");
    EXPECT_TRUE(fs::exists(project / ".mig/cache/model-key"));
    EXPECT_TRUE(fs::exists(project / ".mig/cache/head-key"));

    // Same size, same modification time, other bytes.
    project.dir().write("models/schema.sql",
                        "CREATE TABLE users (id INTEGER PRIMARY KEY, nick TEXT);\n");
    fs::last_write_time(model_file, a_minute_ago);
    const Json model_edited = status_json();
    EXPECT_EQ(model_edited["drift"]["state"], "differs") << model_edited.dump();

    std::string revision = *file_bytes(revision_file);
    const std::size_t at = revision.find("message r1");
    ASSERT_NE(at, std::string::npos);
    revision.replace(at, 10, "massage r1");
    project.dir().write("migrations/versions/r1_message_r1.sql", revision);
    fs::last_write_time(revision_file, a_minute_ago);
    const Json revision_edited = status_json();
    ASSERT_EQ(revision_edited["heads"].size(), 1U) << revision_edited.dump();
    EXPECT_EQ(revision_edited["heads"][0]["message"], "massage r1");
    ASSERT_EQ(revision_edited["changed"].size(), 1U) << revision_edited.dump();
    EXPECT_EQ(revision_edited["changed"][0]["id"], "r1");
}

TEST_F(Status, ReportsARevisionEditedAfterItWasApplied) {
    model(k_users);
    migrate("r1");
    commit_all("users");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const fs::path file = project.versions() / "r1_message_r1.sql";
    project.dir().write("migrations/versions/r1_message_r1.sql",
                        *file_bytes(file) + "\n-- edited after it ran\n");
    commit_all("edit r1");
    Json json = status_json();
    ASSERT_EQ(json["changed"].size(), 1U);
    EXPECT_EQ(json["changed"][0]["id"], "r1");
    EXPECT_EQ(json["changed"][0]["file"], "migrations/versions/r1_message_r1.sql");
    MigResult text = project.mig({"status"});
    EXPECT_THAT(text.out, HasSubstr("Changed since applied:\n  revision r1 "
                                    "(migrations/versions/r1_message_r1.sql) was changed after it "
                                    "was applied on "));

    MigResult check = project.mig({"check", "--db"});
    EXPECT_EQ(check.exit_code, 1) << describe(check);
    EXPECT_THAT(check.out, HasSubstr("revision r1 "
                                     "(migrations/versions/r1_message_r1.sql) was changed after it "
                                     "was applied on "));
    MigResult check_json = project.mig({"check", "--db", "--json"});
    EXPECT_EQ(check_json.exit_code, 1) << describe(check_json);
    EXPECT_EQ(Json::parse(check_json.out)["problems"][0]["kind"], "changed_revision");
}

TEST_F(Status, ADatabaseMigratedFromAnotherBranchIsNamedByStatusAndUpgrade) {
    model(k_users);
    migrate("r1");
    commit_all("users");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    git(project, {"checkout", "-q", "-b", "feature"});
    model(k_users_age);
    migrate("r2");
    commit_all("age on a branch");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string feature_commit = head().substr(0, 7);
    git(project, {"checkout", "-q", "main"});

    MigResult upgrade = project.mig({"upgrade"});
    EXPECT_EQ(upgrade.exit_code, 2) << "this checkout does not know r2: " << describe(upgrade);
    EXPECT_THAT(upgrade.err,
                AllOf(HasSubstr("mig: warning: the database is at r2, applied from commit " +
                                feature_commit +
                                " \"age on a branch\" on feature, which is not "
                                "in the history of this checkout; run `mig sync` to bring "
                                "it to this checkout (or `mig downgrade r1` to revert it "
                                "alone)")));

    MigResult text = project.mig({"status"});
    ASSERT_MIG_OK(text);
    EXPECT_THAT(text.out, AllOf(HasSubstr("Applied from another branch:\n  the database is at r2"),
                                HasSubstr("Pending: unknown (the database is at r2, which this "
                                          "checkout lacks)")));
    Json json = status_json();
    EXPECT_EQ(json["database"]["revisions"][0]["commit"]["in_head_history"], false);
    EXPECT_EQ(json["database"]["revisions"][0]["commit"]["branches"][0], "feature");
    EXPECT_EQ(json["database"]["unknown_revisions"][0], "r2");
    EXPECT_TRUE(json["pending"].is_null());

    // What the warning says to run works: the stored SQL reverts r2.
    ASSERT_MIG_OK(project.mig({"downgrade", "r1"}));
    MigResult clean = project.mig({"upgrade"});
    ASSERT_MIG_OK(clean);
    EXPECT_THAT(clean.err, Not(HasSubstr("warning")));
}

TEST(StatusWithoutGit, SaysSoAndStillReports) {
    Project project;
    write_linear(project, 2);
    ASSERT_MIG_OK(project.mig({"upgrade", "r1"}));
    MigResult text = project.mig({"status"});
    ASSERT_MIG_OK(text);
    EXPECT_THAT(text.out,
                AllOf(HasSubstr("Code: not in a git repository\n"),
                      HasSubstr("Pending:\n  r2  step 2\n"), Not(HasSubstr("Uncommitted"))));
    MigResult json = project.mig({"status", "--json"});
    ASSERT_MIG_OK(json);
    EXPECT_EQ(Json::parse(json.out)["git"]["repository"], false);
}

TEST(StatusBadInput, ABrokenGraphExits2WithNothingOnStdout) {
    Project project;
    project.write_chain({rev("aaa", {"missing"}, "SELECT 1;", "SELECT 1;", "orphan")});
    MigResult result = project.mig({"status", "--json"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr("mig: error: "));
}

}  // namespace
}  // namespace mig::test
