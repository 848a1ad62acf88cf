// `mig check --staged` on published revisions and on migrations written but not staged, in
// real git repositories: a bare repository as origin, `git push`, then staged edits,
// deletions and renames of pushed revisions, checked by `mig check --staged` and by the
// installed pre-commit hook on `git commit`.
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* k_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n";
constexpr const char* k_users_age =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n";
constexpr const char* k_r1 = "migrations/versions/r1_r1.sql";

// git in `cwd` without the user's configuration; may fail (a refusing hook is looked at).
MigResult git_in(const fs::path& cwd, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"git", "-c", "user.name=mig tests", "-c",
                                  "user.email=tests@example.invalid"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(cwd, argv,
                       {{"GIT_CONFIG_GLOBAL", "/dev/null"},
                        {"GIT_CONFIG_NOSYSTEM", "1"},
                        {"GIT_TERMINAL_PROMPT", "0"}});
}

std::string trimmed(std::string text) {
    while (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    return text;
}

// A repository whose first revision r1 (the users table) is committed; origin is pushed to
// only by the tests that say so.
class Published : public ModelProjectTest {
protected:
    void SetUp() override {
        make_repository(project);
        model(k_users);
        migrate("r1");
        commit_all("users");
    }

    // A bare repository as origin, main pushed to it and tracking it.
    void push_to_origin() {
        git_in(origin.path(), {"init", "-q", "--bare", "-b", "main", "."});
        git(project, {"remote", "add", "origin", origin.path().string()});
        git(project, {"push", "-q", "-u", "origin", "main"});
    }
    std::string short_id(const std::string& ref) const {
        return trimmed(git(project, {"rev-parse", "--short", ref}));
    }
    std::string head() const { return trimmed(git(project, {"rev-parse", "HEAD"})); }
    std::string status() const { return git(project, {"status", "--porcelain"}); }

    // Adds a comment to r1's upgrade: an edit that leaves the schema as it was, so the only
    // problem left is the edit itself.
    void edit_r1() const {
        std::string text = project.dir().read(k_r1);
        text.replace(text.find("-- mig:downgrade"), 0, "-- a comment added later\n\n");
        project.dir().write(k_r1, text);
        git(project, {"add", k_r1});
    }

    std::string edited_line(const std::string& ref) const {
        return std::string(k_r1) + ": revision r1 is published (" + ref + " at " + short_id(ref) +
               ") and the staged change edits it: databases that already ran it will never "
               "run the change\n";
    }

    TempDir origin;
};

constexpr const char* k_fix =
    "published revisions are immutable: put the file back as it is committed (`git checkout "
    "HEAD -- FILE`; for a rename, also `git rm --cached NEW_FILE`) and write a new revision "
    "instead: `mig revision -m MESSAGE` (or `mig migrate -m MESSAGE` for a model change)";

TEST_F(Published, AStagedEditOfAPushedRevisionIsAProblemAndCheckingChangesNothing) {
    push_to_origin();
    edit_r1();
    const std::string before = status();

    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out, edited_line("origin/main"));
    EXPECT_EQ(result.err,
              std::string("mig: error: check found 1 problem (listed above); ") + k_fix + "\n");
    EXPECT_EQ(status(), before) << "the index and the work tree are as they were";

    MigResult json = project.mig({"check", "--staged", "--json"});
    EXPECT_EQ(json.exit_code, 1) << describe(json);
    EXPECT_THAT(json.out, HasSubstr("\"kind\": \"edited_published_revision\""));
}

TEST_F(Published, TheInstalledPreCommitHookRefusesTheEditAndANewRevisionPasses) {
    push_to_origin();
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    const std::string before = head();
    edit_r1();
    MigResult refused = git_in(project.root(), {"commit", "-q", "-m", "edit r1"});
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(refused.out + refused.err, HasSubstr(edited_line("origin/main")));
    EXPECT_THAT(refused.out + refused.err,
                HasSubstr("write a new revision instead: `mig revision -m MESSAGE`"));
    EXPECT_EQ(head(), before) << "no commit was made";

    git(project, {"checkout", "HEAD", "--", k_r1});  // the fix the message gives
    model(k_users_age);
    migrate("r2");
    git(project, {"add", "-A"});
    EXPECT_MIG_OK(project.mig({"check", "--staged"}));
    MigResult passed = git_in(project.root(), {"commit", "-q", "-m", "age"});
    EXPECT_EQ(passed.exit_code, 0) << describe(passed);
    EXPECT_NE(head(), before);
}

TEST_F(Published, TheHookSeesAnEditThatCommitAllStages) {
    push_to_origin();
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    const std::string before = head();
    edit_r1();
    git(project, {"reset", "-q"});  // not staged: `git commit -a` stages it into its own index
    MigResult refused = git_in(project.root(), {"commit", "-q", "-a", "-m", "edit r1"});
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(refused.out + refused.err, HasSubstr(edited_line("origin/main")));
    EXPECT_EQ(head(), before);
}

TEST_F(Published, DeletingAPushedRevisionIsRefused) {
    push_to_origin();
    git(project, {"rm", "-q", k_r1});
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.out,
                HasSubstr(std::string(k_r1) + ": revision r1 is published (origin/main at " +
                          short_id("origin/main") +
                          ") and the staged change deletes it: databases that ran it "
                          "would be at a revision the code does not know\n"));
    EXPECT_THAT(result.err, HasSubstr(k_fix));
}

TEST_F(Published, RenamingAPushedRevisionIsRefusedAsARename) {
    push_to_origin();
    git(project, {"mv", k_r1, "migrations/versions/r1_users.sql"});
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out, std::string(k_r1) + ": revision r1 is published (origin/main at " +
                              short_id("origin/main") +
                              ") and the staged change renames it to "
                              "migrations/versions/r1_users.sql: a published revision keeps its "
                              "file\n");
}

TEST_F(Published, ARevisionCommittedButNotPushedMayStillBeEdited) {
    push_to_origin();
    model(k_users_age);
    migrate("r2");
    commit_all("age, not pushed");
    const std::string r2 = "migrations/versions/r2_r2.sql";
    std::string text = project.dir().read(r2);
    text.replace(text.find("-- mig:downgrade"), 0, "-- reworded\n\n");
    project.dir().write(r2, text);
    git(project, {"add", r2});
    EXPECT_MIG_OK(project.mig({"check", "--staged"}));
}

TEST_F(Published, WithoutAnUpstreamOriginMainIsPublished) {
    push_to_origin();
    git(project, {"branch", "--unset-upstream"});
    edit_r1();
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out, edited_line("origin/main"));
}

TEST_F(Published, WithoutAnUpstreamOrOriginMainNothingIsPublished) {
    edit_r1();
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_MIG_OK(result);
    EXPECT_EQ(result.out, "The staged model matches the staged migrations.\n");
}

TEST_F(Published, HooksPublishedNamesTheRefExplicitly) {
    git(project, {"branch", "release"});
    project.write_config(
        "[database]\nurl = \"sqlite:///app.db\"\n[model]\npaths = [\"models/schema.sql\"]\n"
        "[hooks]\npublished = \"release\"\n");
    edit_r1();
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out, edited_line("release"));
}

TEST_F(Published, AHooksPublishedRefGitDoesNotKnowIsBadConfiguration) {
    project.write_config(
        "[database]\nurl = \"sqlite:///app.db\"\n[model]\npaths = [\"models/schema.sql\"]\n"
        "[hooks]\npublished = \"origin/mian\"\n");
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err,
                StartsWith("mig: error: mig.toml: [hooks] published = \"origin/mian\" names no "
                           "commit git knows"));
}

TEST_F(Published, AgainstTheSameRefNamesTheEditOnce) {
    push_to_origin();
    edit_r1();
    MigResult result = project.mig({"check", "--staged", "--against", "origin/main"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out, edited_line("origin/main"));
}

// --- a migration written but not staged -------------------------------------------------------

TEST_F(Published, AWrittenButUnstagedMigrationIsNamedWithItsGitAdd) {
    model(k_users_age);
    migrate("r2");
    git(project, {"add", "models"});
    const std::string before = status();

    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out,
              "table users: column age missing in migrations (model has INTEGER)\n"
              "migrations/versions/r2_r2.sql is untracked: it holds the migration for the "
              "staged model, but the commit would leave it out\n");
    EXPECT_EQ(result.err,
              "mig: error: check found 2 problems (listed above); stage the migration with `git "
              "add migrations/versions/r2_r2.sql`\n");
    EXPECT_EQ(status(), before);

    git(project, {"add", "migrations/versions/r2_r2.sql"});  // what the message says
    EXPECT_MIG_OK(project.mig({"check", "--staged"}));
}

TEST_F(Published, AnUnstagedChangeToAStagedMigrationIsNamedToo) {
    model(k_users_age);
    const std::string r2 =
        project.write_revision(rev("r2", {"r1"}, "SELECT 1;", "SELECT 1;")).relative;
    git(project, {"add", "-A"});  // the model and a revision that does not add the column yet
    std::string text = project.dir().read(r2);
    text.replace(text.find("SELECT 1;"), 9, "ALTER TABLE users ADD COLUMN age INTEGER;");
    project.dir().write(r2, text);

    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.out,
                HasSubstr(r2 + " is modified: it holds the migration for the staged model"));
    EXPECT_THAT(result.err, HasSubstr("`git add " + r2 + "`"));
}

TEST_F(Published, TheGitAddPathIsRelativeToTheRepositoryRoot) {
    // mig.toml in app/, the repository at the project's root
    project.dir().write("app/mig.toml",
                        "[database]\nurl = \"sqlite:///app.db\"\n[model]\npaths = "
                        "[\"schema.sql\"]\n[migrations]\ndirectory = \"migrations\"\n");
    project.dir().write("app/schema.sql", k_users);
    fs::create_directories(project / "app/migrations/versions");
    fs::copy_file(project / "migrations/script.sql.tmpl",
                  project / "app/migrations/script.sql.tmpl");
    ASSERT_MIG_OK(project.mig_in("app", {"migrate", "-m", "users", "--rev-id", "a1"}));
    commit_all("app");
    project.dir().write("app/schema.sql", k_users_age);
    ASSERT_MIG_OK(project.mig_in("app", {"migrate", "-m", "age", "--rev-id", "a2"}));
    git(project, {"add", "app/schema.sql"});

    MigResult result = project.mig_in("app", {"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.out, HasSubstr("migrations/versions/a2_age.sql is untracked"));
    EXPECT_THAT(result.err, HasSubstr("`git add app/migrations/versions/a2_age.sql`"));
}

TEST_F(Published, AnUnstagedRevisionThatDoesNotExplainTheDriftIsOnlyMentioned) {
    model(k_users_age);
    project.write_revision(
        rev("r2", {"r1"}, "CREATE TABLE other (id INTEGER);", "DROP TABLE other;"));
    git(project, {"add", "models"});
    MigResult result = project.mig({"check", "--staged"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out, "table users: column age missing in migrations (model has INTEGER)\n");
    EXPECT_THAT(result.err, HasSubstr("run `mig migrate -m MESSAGE`"));
    EXPECT_THAT(result.err,
                HasSubstr("(revision files not staged: if they hold this change, `git add "
                          "migrations/versions/r2_revision_r2.sql`)"));
    EXPECT_THAT(result.out, Not(HasSubstr("is untracked")));
}

}  // namespace
}  // namespace mig::test
