// `mig hooks install | uninstall | status` in real repositories, with `git commit`, `git push`
// (to a bare repository), `git checkout` and `git merge` running the installed scripts for
// real: what each hook refuses or reports, that a user's hook is kept, chained and restored
// byte for byte, core.hooksPath, linked worktrees, and that installing twice changes nothing.
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n";
constexpr const char* k_users_age =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n";

constexpr const char* k_hook_names[] = {"pre-commit", "pre-push", "post-checkout", "post-merge"};

const std::map<std::string, std::string> k_git_environment = {
    {"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_TERMINAL_PROMPT", "0"}};

// git in `cwd`, which may fail (a hook refusing is what these tests look at).
MigResult git_in(const fs::path& cwd, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"git", "-c", "user.name=mig tests", "-c",
                                  "user.email=tests@example.invalid"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(cwd, argv, k_git_environment);
}

// What git and its hooks printed: git sends a hook's standard output to stderr for some
// hooks and not others, so the tests look at both.
std::string said(const MigResult& result) {
    return result.out + result.err;
}

fs::perms mode_of(const fs::path& path) {
    return fs::symlink_status(path).permissions() & fs::perms::mask;
}

class Hooks : public ModelProjectTest {
protected:
    void SetUp() override {
        make_repository(project);
        model(k_users);
        migrate("r1");
        commit_all("users");
    }

    MigResult commit(const std::string& message) const {
        return git_in(project.root(), {"commit", "-q", "-m", message});
    }
    std::string head() const { return git(project, {"rev-parse", "HEAD"}); }
    fs::path hooks_dir() const { return project / ".git/hooks"; }

    // Every file of `dir` with its bytes and mode, to show that nothing changed.
    static std::map<std::string, std::string> files_of(const fs::path& dir) {
        std::map<std::string, std::string> files;
        for (const auto& entry : fs::directory_iterator(dir)) {
            files[entry.path().filename().string()] =
                file_bytes(entry.path()).value_or("") + " mode " +
                std::to_string(static_cast<unsigned>(mode_of(entry.path())));
        }
        return files;
    }
};

// --- pre-commit -------------------------------------------------------------------------------

TEST_F(Hooks, PreCommitRefusesAModelChangeWithoutItsMigrationAndPassesWithIt) {
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    const std::string before = head();

    model(k_users_age);
    git(project, {"add", "models"});
    MigResult refused = commit("age without its migration");
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(said(refused),
                HasSubstr("table users: column age missing in migrations (model has INTEGER)"));
    EXPECT_THAT(said(refused), HasSubstr("mig: the pre-commit hook refused this commit: fix what "
                                         "`mig check --staged` found above"));
    EXPECT_EQ(head(), before) << "no commit was made";

    migrate("r2");
    git(project, {"add", "migrations"});
    MigResult passed = commit("age with its migration");
    EXPECT_EQ(passed.exit_code, 0) << describe(passed);
    EXPECT_EQ(said(passed), "") << "a passing check says nothing";
    EXPECT_NE(head(), before);
}

TEST_F(Hooks, PreCommitChecksWhatCommitAllAndCommitPathsRecord) {
    // git stages these into a temporary index (GIT_INDEX_FILE); .git/index has no change.
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    const std::string before = head();
    model(k_users_age);
    MigResult all = git_in(project.root(), {"commit", "-q", "-a", "-m", "age"});
    EXPECT_NE(all.exit_code, 0) << describe(all);
    EXPECT_THAT(said(all), HasSubstr("column age missing in migrations"));
    MigResult paths = git_in(project.root(), {"commit", "-q", "-m", "age", "models/schema.sql"});
    EXPECT_NE(paths.exit_code, 0) << describe(paths);
    EXPECT_THAT(said(paths), HasSubstr("column age missing in migrations"));
    EXPECT_EQ(head(), before);

    migrate("r2");
    git(project, {"add", "migrations"});
    MigResult passed = git_in(project.root(), {"commit", "-q", "-a", "-m", "age"});
    EXPECT_EQ(passed.exit_code, 0) << describe(passed);
    EXPECT_NE(head(), before);
}

TEST_F(Hooks, AUsersPreCommitHookStillRunsFirstAndItsFailureStillBlocks) {
    const fs::path user_hook = hooks_dir() / "pre-commit";
    project.dir().write(".git/hooks/pre-commit",
                        "#!/bin/sh\necho \"user hook ran\" >&2\n[ ! -f block ] || exit 7\n");
    fs::permissions(user_hook, fs::perms(0700));
    MigResult install = project.mig({"hooks", "install"});
    ASSERT_MIG_OK(install);
    EXPECT_THAT(install.out, HasSubstr("pre-commit     installed; the hook that was there is kept "
                                       "as pre-commit.mig-chained and runs first\n"));

    project.dir().write("notes.txt", "a change that is not mig's\n");
    git(project, {"add", "notes.txt"});
    MigResult passed = commit("notes");
    EXPECT_EQ(passed.exit_code, 0) << describe(passed);
    EXPECT_EQ(said(passed), "user hook ran\n");

    project.dir().write("block", "");
    project.dir().write("notes.txt", "another\n");
    git(project, {"add", "notes.txt"});
    const std::string before = head();
    MigResult blocked = commit("blocked by the user's hook");
    EXPECT_NE(blocked.exit_code, 0) << describe(blocked);
    EXPECT_THAT(said(blocked), HasSubstr("user hook ran"));
    EXPECT_EQ(head(), before);
    fs::remove(project / "block");

    model(k_users_age);  // the user's hook passes, mig's refuses
    git(project, {"add", "models"});
    MigResult refused = commit("age");
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(said(refused), HasSubstr("user hook ran"));
    EXPECT_THAT(said(refused), HasSubstr("column age missing in migrations"));
}

// --- install, uninstall, status ---------------------------------------------------------------

TEST_F(Hooks, UninstallPutsBackTheUsersHookByteForByteWithItsMode) {
    // No final newline, a CR and a byte that is not UTF-8: nothing may be normalised.
    const std::string user_hook = "#!/bin/sh\r\n# \xff user's own\nexit 0";
    project.dir().write(".git/hooks/pre-push", user_hook);
    fs::permissions(hooks_dir() / "pre-push", fs::perms(0750));
    const auto before = files_of(hooks_dir());

    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    EXPECT_EQ(file_bytes(hooks_dir() / "pre-push.mig-chained"), user_hook);
    EXPECT_EQ(mode_of(hooks_dir() / "pre-push.mig-chained"), fs::perms(0750));
    for (const char* name : k_hook_names) {
        EXPECT_EQ(mode_of(hooks_dir() / name), fs::perms(0755)) << name;
    }

    MigResult uninstall = project.mig({"hooks", "uninstall"});
    ASSERT_MIG_OK(uninstall);
    EXPECT_EQ(uninstall.out,
              "Hooks in .git/hooks:\n"
              "  pre-commit     removed\n"
              "  pre-push       removed; pre-push.mig-chained is back as pre-push\n"
              "  post-checkout  removed\n"
              "  post-merge     removed\n");
    EXPECT_EQ(files_of(hooks_dir()), before) << "the folder is as it was before install";

    MigResult again = project.mig({"hooks", "uninstall"});
    ASSERT_MIG_OK(again);
    EXPECT_THAT(again.out, HasSubstr("  pre-push       not mig's, left alone\n"));
    EXPECT_THAT(again.out, HasSubstr("  pre-commit     not installed\n"));
    EXPECT_EQ(files_of(hooks_dir()), before);
}

TEST_F(Hooks, InstallingTwiceChangesNothing) {
    project.dir().write(".git/hooks/post-merge", "#!/bin/sh\nexit 0\n");
    fs::permissions(hooks_dir() / "post-merge", fs::perms(0755));
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    const auto installed = files_of(hooks_dir());
    std::map<std::string, fs::file_time_type> times;
    for (const auto& entry : fs::directory_iterator(hooks_dir())) {
        times[entry.path().filename().string()] = fs::last_write_time(entry.path());
    }

    MigResult again = project.mig({"hooks", "install"});
    ASSERT_MIG_OK(again);
    EXPECT_EQ(again.out,
              "Hooks in .git/hooks:\n"
              "  pre-commit     already installed\n"
              "  pre-push       already installed\n"
              "  post-checkout  already installed\n"
              "  post-merge     already installed\n");
    EXPECT_EQ(files_of(hooks_dir()), installed);
    for (const auto& entry : fs::directory_iterator(hooks_dir())) {
        EXPECT_EQ(fs::last_write_time(entry.path()), times[entry.path().filename().string()])
            << entry.path() << " was rewritten";
    }
    EXPECT_FALSE(fs::exists(hooks_dir() / "post-merge.mig-chained.mig-chained"))
        << "mig's own script is never chained";
}

TEST_F(Hooks, StatusNamesEachHooksState) {
    project.dir().write(".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
    MigResult before = project.mig({"hooks", "status"});
    ASSERT_MIG_OK(before);
    EXPECT_EQ(before.out,
              "Hooks in .git/hooks:\n"
              "  pre-commit     foreign\n"
              "  pre-push       missing\n"
              "  post-checkout  missing\n"
              "  post-merge     missing\n");
    EXPECT_THAT(project.mig({"status"}).out, HasSubstr("\nHooks: not installed\n"));

    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    fs::remove(hooks_dir() / "post-merge");
    project.dir().write(".git/hooks/post-merge", "#!/bin/sh\n# husky, say\n");
    MigResult after = project.mig({"hooks", "status"});
    ASSERT_MIG_OK(after);
    EXPECT_EQ(after.out,
              "Hooks in .git/hooks:\n"
              "  pre-commit     chained\n"
              "  pre-push       mig\n"
              "  post-checkout  mig\n"
              "  post-merge     foreign\n");
    EXPECT_THAT(project.mig({"status"}).out,
                HasSubstr("\nHooks: pre-commit chained, pre-push mig, post-checkout mig, "
                          "post-merge foreign\n"));

    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    EXPECT_THAT(project.mig({"status"}).out,
                HasSubstr("\nHooks: installed (pre-commit, pre-push, post-checkout, "
                          "post-merge)\n"));
    MigResult json = project.mig({"status", "--json"});
    EXPECT_THAT(json.out, HasSubstr("\"hooks\": \"installed (pre-commit, pre-push, "
                                    "post-checkout, post-merge)\""));
}

TEST_F(Hooks, InstallRefusesWhenTheNameForAKeptHookIsTakenAndChangesNothing) {
    project.dir().write(".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
    project.dir().write(".git/hooks/pre-commit.mig-chained", "#!/bin/sh\nexit 1\n");
    const auto before = files_of(hooks_dir());
    MigResult refused = project.mig({"hooks", "install"});
    EXPECT_EQ(refused.exit_code, 3) << describe(refused);
    EXPECT_THAT(refused.err, HasSubstr("pre-commit.mig-chained, where mig keeps a hook it "
                                       "chains, is already taken; nothing was installed"));
    EXPECT_EQ(files_of(hooks_dir()), before);
}

TEST(HooksOutsideGit, AreBadInputInOneLine) {
    Project project;
    for (const char* verb : {"install", "uninstall", "status"}) {
        MigResult result = project.mig({"hooks", verb});
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        EXPECT_THAT(result.err, HasSubstr("is not in a git repository, so it has no git hooks"));
        EXPECT_EQ(lines_of(result.err).size(), 1U) << result.err;
    }
    EXPECT_FALSE(fs::exists(project / ".git"));
}

// --- where the hooks go -----------------------------------------------------------------------

TEST_F(Hooks, CoreHooksPathIsWhereTheyGoAndWhereGitRunsThem) {
    git(project, {"config", "core.hooksPath", "githooks"});
    MigResult install = project.mig({"hooks", "install"});
    ASSERT_MIG_OK(install);
    EXPECT_THAT(install.out, HasSubstr("Hooks in githooks:\n"));
    EXPECT_TRUE(fs::exists(project / "githooks/pre-commit"));
    EXPECT_FALSE(fs::exists(hooks_dir() / "pre-commit"));

    model(k_users_age);
    git(project, {"add", "models"});
    MigResult refused = commit("age");
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(said(refused), HasSubstr("column age missing in migrations"));

    // From a subfolder, mig finds the same folder (relative to the work tree root, as git).
    project.dir().write("sub/.keep", "");
    MigResult status = project.mig_in("sub", {"hooks", "status"});
    ASSERT_MIG_OK(status);
    EXPECT_THAT(status.out, HasSubstr("  pre-commit     mig\n"));

    TempDir shared;  // an absolute core.hooksPath, as a team's shared hooks folder
    git(project, {"config", "core.hooksPath", shared.path().string()});
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    EXPECT_TRUE(fs::exists(shared / "pre-push"));
    MigResult again = commit("age");
    EXPECT_NE(again.exit_code, 0) << describe(again);
    EXPECT_THAT(said(again), HasSubstr("column age missing in migrations"));
}

TEST_F(Hooks, ALinkedWorktreeSharesTheHooksOfTheMainOne) {
    TempDir elsewhere;
    const fs::path linked = elsewhere / "linked";
    git(project, {"worktree", "add", "-q", "-b", "side", linked.string()});
    MigResult install = run_mig(linked, {"hooks", "install"}, {{"MIG_DATABASE_URL", ""}});
    ASSERT_MIG_OK(install);
    EXPECT_TRUE(fs::exists(hooks_dir() / "pre-commit")) << "in the common git directory";

    elsewhere.write("linked/models/schema.sql", k_users_age);
    ASSERT_EQ(git_in(linked, {"add", "models"}).exit_code, 0);
    MigResult refused = git_in(linked, {"commit", "-q", "-m", "age"});
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(said(refused), HasSubstr("column age missing in migrations"));

    MigResult status = run_mig(project.root(), {"hooks", "status"}, {{"MIG_DATABASE_URL", ""}});
    EXPECT_THAT(status.out, HasSubstr("  pre-commit     mig\n"));
}

TEST_F(Hooks, AProjectInASubfolderIsCheckedThereFromTheWorkTreeRoot) {
    project.dir().write("svc/.keep", "");
    ASSERT_MIG_OK(project.mig_in("svc", {"init"}));
    project.dir().write("svc/models/schema.sql", k_users);
    ASSERT_MIG_OK(project.mig_in("svc", {"migrate", "-m", "s1", "--rev-id", "s1"}));
    commit_all("svc");
    ASSERT_MIG_OK(project.mig_in("svc", {"hooks", "install"}));
    EXPECT_THAT(file_bytes(hooks_dir() / "pre-commit").value_or(""),
                HasSubstr("\nmig_project='svc'\n"));

    project.dir().write("svc/models/schema.sql", k_users_age);
    git(project, {"add", "svc"});
    MigResult refused = commit("svc age");
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(said(refused), HasSubstr("column age missing in migrations"));
}

// --- finding mig ------------------------------------------------------------------------------

TEST_F(Hooks, AMissingMigIsSaidInOneLinePreCommitFailsPostCheckoutDoesNot) {
    // Install with a copy of mig, then delete it: the baked path is gone and PATH has no mig.
    TempDir bin;
    const fs::path copy = bin / "mig";
    fs::copy_file(mig_binary(), copy);
    ASSERT_MIG_OK(run_program(project.root(), {copy.string(), "hooks", "install"},
                              {{"MIG_DATABASE_URL", ""}}));
    fs::remove(copy);

    project.dir().write("notes.txt", "x\n");
    git(project, {"add", "notes.txt"});
    MigResult refused = commit("notes");
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(said(refused),
                HasSubstr("mig: the pre-commit hook cannot find mig (" + copy.string() +
                          ", nor mig on PATH); install mig, or run `mig hooks uninstall`"));

    git(project, {"checkout", "-q", "-b", "other"});
    ASSERT_EQ(git_in(project.root(), {"commit", "-q", "--no-verify", "-m", "notes"}).exit_code, 0);
    git(project, {"checkout", "-q", "main"});  // checkouts to a branch at another commit run it
    MigResult checkout = git_in(project.root(), {"checkout", "-q", "other"});
    EXPECT_EQ(checkout.exit_code, 0) << describe(checkout);
    EXPECT_THAT(said(checkout), HasSubstr("the post-checkout hook cannot find mig"));
}

// --- pre-push ---------------------------------------------------------------------------------

class PrePush : public Hooks {
protected:
    void SetUp() override {
        Hooks::SetUp();
        git(project, {"init", "-q", "--bare", remote.path().string()});
        git(project, {"remote", "add", "origin", remote.path().string()});
        git(project, {"push", "-q", "-u", "origin", "main"});
        ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    }
    MigResult push(const std::vector<std::string>& args = {"origin", "main"}) const {
        std::vector<std::string> argv{"push", "-q"};
        argv.insert(argv.end(), args.begin(), args.end());
        return git_in(project.root(), argv);
    }
    std::string remote_main() const { return git_in(remote.path(), {"rev-parse", "main"}).out; }

    TempDir remote;
};

TEST_F(PrePush, RefusesARevisionThatTheRemoteHasEditedHere) {
    const std::string published = remote_main();
    // r1 is on origin/main; rewritten (model included) and committed past pre-commit (which
    // refuses it: tests/e2e/published_test.cpp), it is still refused by pre-push.
    const fs::path r1 = project / "migrations/versions/r1_r1.sql";
    std::string text = file_bytes(r1).value();
    const std::string from = "name TEXT";
    text.replace(text.find(from), from.size(), "name TEXT, age INTEGER");
    project.dir().write("migrations/versions/r1_r1.sql", text);
    model(k_users_age);
    git(project, {"add", "-A"});
    ASSERT_EQ(git_in(project.root(), {"commit", "-q", "--no-verify", "-m", "edit r1"}).exit_code,
              0);

    MigResult refused = push();
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(said(refused),
                HasSubstr("revision r1 (migrations/versions/r1_r1.sql) differs from the one on "
                          "origin/main"));
    EXPECT_THAT(said(refused),
                HasSubstr("mig: the pre-push hook refused to push refs/heads/main: its migrations "
                          "do not fit origin/main"));
    EXPECT_EQ(remote_main(), published) << "nothing was pushed";
}

TEST_F(PrePush, AMergeOfTwoBranchesEachAddingARevisionIsReportedThenRefused) {
    const auto models_glob = [this] {
        project.write_config(
            "[database]\nurl = \"sqlite:///app.db\"\n[model]\npaths = [\"models/*.sql\"]\n");
    };
    git(project, {"checkout", "-q", "-b", "feature"});
    models_glob();
    project.dir().write("models/a.sql", "CREATE TABLE a (id INTEGER);\n");
    migrate("r2");
    commit_all("a");
    git(project, {"checkout", "-q", "main"});
    models_glob();
    project.dir().write("models/b.sql", "CREATE TABLE b (id INTEGER);\n");
    migrate("r3");
    commit_all("b");
    ASSERT_EQ(push().exit_code, 0) << "main moves on with r3";
    const std::string published = remote_main();

    // git merges the files without a conflict; the revision graph forks.
    git(project, {"checkout", "-q", "feature"});
    MigResult merge = git_in(project.root(), {"merge", "-q", "--no-edit", "main"});
    EXPECT_EQ(merge.exit_code, 0) << describe(merge);
    EXPECT_THAT(said(merge), HasSubstr("mig: the migrations have 2 heads (r2, r3); join them with "
                                       "`mig merge -m \"merge heads\" heads`"));
    EXPECT_FALSE(fs::exists(project.db())) << "the report creates no database";

    MigResult refused = push({"origin", "feature:main"});
    EXPECT_NE(refused.exit_code, 0) << describe(refused);
    EXPECT_THAT(said(refused),
                HasSubstr("mig: the pre-push hook refused to push refs/heads/feature: "
                          "its migrations do not fit origin/main"));
    EXPECT_EQ(remote_main(), published) << "nothing was pushed";

    ASSERT_MIG_OK(project.mig({"merge", "-m", "merge heads", "heads", "--rev-id", "r4"}));
    commit_all("merge heads");
    MigResult pushed = push({"origin", "feature:main"});
    EXPECT_EQ(pushed.exit_code, 0) << describe(pushed);

    git(project, {"tag", "-a", "-m", "a tag", "v1", "HEAD~1"});
    ASSERT_EQ(push({"origin", "v1"}).exit_code, 0);
    git(project, {"tag", "-f", "-a", "-m", "moved", "v1", "HEAD"});
    MigResult tag = push({"-f", "origin", "v1"});  // replaces a remote tag: remote id not zero
    EXPECT_EQ(tag.exit_code, 0) << describe(tag);
    EXPECT_THAT(said(tag), Not(HasSubstr("mig:"))) << "tags are not branches: nothing to say";

    MigResult new_branch = push({"origin", "feature"});
    EXPECT_EQ(new_branch.exit_code, 0)
        << "a new remote branch has nothing to fit: " << describe(new_branch);
}

TEST_F(PrePush, AUsersPrePushHookGetsTheSameStandardInput) {
    ASSERT_MIG_OK(project.mig({"hooks", "uninstall"}));
    project.dir().write(".git/hooks/pre-push",
                        "#!/bin/sh\necho \"$1\" > pushed.txt\ncat >> pushed.txt\n");
    fs::permissions(hooks_dir() / "pre-push", fs::perms(0755));
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));

    project.dir().write("notes.txt", "x\n");
    git(project, {"add", "notes.txt"});
    ASSERT_EQ(commit("notes").exit_code, 0);
    const std::string local = head().substr(0, 40);
    const std::string remote_before = remote_main().substr(0, 40);
    MigResult pushed = push();
    EXPECT_EQ(pushed.exit_code, 0) << describe(pushed);
    EXPECT_EQ(project.dir().read("pushed.txt"),
              "origin\nrefs/heads/main " + local + " refs/heads/main " + remote_before + "\n");
    EXPECT_EQ(remote_main().substr(0, 40), local);
}

// --- post-checkout and post-merge -------------------------------------------------------------

TEST_F(Hooks, PostCheckoutSaysTheDatabaseIsAtARevisionThisCheckoutLacksAndChangesNothing) {
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    git(project, {"checkout", "-q", "-b", "feature"});
    model(k_users_age);
    migrate("r2");
    commit_all("age");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string database = dump_database(project.db());

    MigResult checkout = git_in(project.root(), {"checkout", "-q", "main"});
    EXPECT_EQ(checkout.exit_code, 0) << describe(checkout);
    EXPECT_THAT(said(checkout), HasSubstr("mig: the database is at r2, applied from commit "));
    EXPECT_THAT(said(checkout), HasSubstr("`mig downgrade r1` to revert it alone"));
    EXPECT_EQ(dump_database(project.db()), database) << "the hook never touches the database";

    MigResult back = git_in(project.root(), {"checkout", "-q", "feature"});
    EXPECT_EQ(back.exit_code, 0) << describe(back);
    EXPECT_EQ(said(back), "") << "nothing to say when they agree";
}

TEST_F(Hooks, PostCheckoutNamesPendingUpgrades) {
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    git(project, {"checkout", "-q", "-b", "feature"});
    model(k_users_age);
    migrate("r2");
    commit_all("age");
    git(project, {"checkout", "-q", "main"});
    ASSERT_MIG_OK(project.mig({"hooks", "install"}));
    const std::string database = dump_database(project.db());

    MigResult checkout = git_in(project.root(), {"checkout", "-q", "feature"});
    EXPECT_EQ(checkout.exit_code, 0) << describe(checkout);
    EXPECT_THAT(said(checkout),
                HasSubstr("mig: the database sqlite:///app.db has 1 pending revision (r2); run "
                          "`mig upgrade`"));
    EXPECT_EQ(dump_database(project.db()), database);
}

// --- the pre-commit framework ----------------------------------------------------------------

TEST(PreCommitFramework, TheHooksFileIsValidYamlWithTheFieldsTheFrameworkRequires) {
    const fs::path file = fs::path(MIG_SOURCE_DIR) / ".pre-commit-hooks.yaml";
    const std::string text = file_bytes(file).value_or("");
    ASSERT_FALSE(text.empty()) << file;
    // The framework requires id, name, entry and language for each hook.
    const char* check = R"(
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
assert isinstance(hooks, list), hooks
hook = {h["id"]: h for h in hooks}["mig-check"]
for key in ("id", "name", "entry", "language"):
    assert isinstance(hook[key], str) and hook[key], key
assert hook["entry"] == "mig check --staged", hook["entry"]
assert hook["language"] == "system", hook["language"]
assert hook["pass_filenames"] is False, hook
assert hook["always_run"] is True, hook
print("ok")
)";
    MigResult result = run_program(fs::current_path(), {"python3", "-c", check, file.string()});
    if (result.err.find("No module named 'yaml'") != std::string::npos) {
        // Without PyYAML, the same fields checked as text.
        EXPECT_THAT(text, HasSubstr("\n- id: mig-check\n"));
        EXPECT_THAT(text, HasSubstr("\n  entry: mig check --staged\n"));
        EXPECT_THAT(text, HasSubstr("\n  language: system\n"));
        EXPECT_THAT(text, HasSubstr("\n  pass_filenames: false\n"));
        EXPECT_THAT(text, HasSubstr("\n  always_run: true\n"));
        return;
    }
    EXPECT_EQ(result.exit_code, 0) << describe(result);
    EXPECT_EQ(result.out, "ok\n");
}

}  // namespace
}  // namespace mig::test
