// The "revision files are committed" check cannot be bypassed: not through symbolic links that
// lead out of the repository or to SQL HEAD does not hold (git records where a link points, not
// the SQL behind it), and not from a git directory (a bare repository, or `.git` itself), where
// nothing is checked out. Each refusal leaves the database as it was.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string k_link_hint =
    ": git records where a link points, not the SQL that would run; keep the revision files "
    "themselves in the repository and commit them, or pass --allow-dirty to upgrade anyway\n";

// What a revision file holds: written into `dir` (outside the project) by the fixture.
void write_revision_text(const TempDir& dir, const std::string& relative, const std::string& id,
                         const std::string& parent, const std::string& table) {
    std::string text = "-- mig:revision " + id + "\n";
    if (!parent.empty()) {
        text += "-- mig:parents " + parent + "\n";
    }
    text += "-- mig:message " + table + "\n\n-- mig:upgrade\nCREATE TABLE " + table +
            " (a);\n\n-- mig:downgrade\nDROP TABLE " + table + ";\n";
    dir.write(relative, text);
}

void commit_all(const Project& project, const std::string& message) {
    git(project, {"add", "-A"});
    git(project, {"commit", "-q", "-m", message});
}

void expect_refused(const MigResult& result, const std::string& message) {
    EXPECT_EQ(result.exit_code, 3) << describe(result);
    EXPECT_EQ(result.err, "mig: error: " + message + k_link_hint);
}

TEST(GitBypass, ACommittedVersionsLinkToAFolderOutsideIsRefused) {
    Project project;
    TempDir outside;
    write_revision_text(outside, "versions/aaa_t.sql", "aaa", "", "t");
    fs::remove_all(project.versions());
    fs::create_directory_symlink(outside / "versions", project.versions());
    make_repository(project);
    ASSERT_THAT(git(project, {"status", "--porcelain"}), IsEmpty()) << "git sees nothing to commit";

    expect_refused(project.mig({"upgrade"}),
                   "migrations/versions leads out of the repository (to " +
                       (outside / "versions").string() + ")");
    EXPECT_FALSE(fs::exists(project.db()));

    // --allow-dirty runs it, but the history must not claim the commit holds that SQL.
    ASSERT_MIG_OK(project.mig({"upgrade", "--allow-dirty"}));
    auto rows = history_rows(project.db());
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].dirty, "1");
}

TEST(GitBypass, ACommittedMigrationsLinkToAFolderOutsideIsRefused) {
    Project project;
    TempDir outside;
    write_revision_text(outside, "migrations/versions/aaa_t.sql", "aaa", "", "t");
    fs::remove_all(project / "migrations");
    fs::create_directory_symlink(outside / "migrations", project / "migrations");
    make_repository(project);

    expect_refused(project.mig({"upgrade"}),
                   "migrations/versions leads out of the repository (to " +
                       (outside / "migrations/versions").string() + ")");
    EXPECT_FALSE(fs::exists(project.db()));
}

TEST(GitBypass, ATrackedRevisionLinkOutOfTheRepositoryIsRefused) {
    Project project;
    make_repository(project);
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));
    commit_all(project, "aaa");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string dump = dump_database(project.db());

    TempDir outside;
    write_revision_text(outside, "bbb.sql", "bbb", "aaa", "u");
    fs::create_symlink(outside / "bbb.sql", project.versions() / "bbb_u.sql");
    commit_all(project, "bbb as a link");
    // The target changes after the commit; git status stays clean.
    write_revision_text(outside, "bbb.sql", "bbb", "aaa", "u2");
    ASSERT_THAT(git(project, {"status", "--porcelain"}), IsEmpty());

    expect_refused(project.mig({"upgrade"}),
                   "migrations/versions/bbb_u.sql is a symbolic link out of the repository (to " +
                       (outside / "bbb.sql").string() + ")");
    EXPECT_EQ(dump_database(project.db()), dump);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
}

TEST(GitBypass, ARevisionLinkInsideTheRepositoryMustMatchHead) {
    Project project;
    make_repository(project);
    write_revision_text(project.dir(), "sql/aaa.sql", "aaa", "", "t");
    fs::create_symlink("../../sql/aaa.sql", project.versions() / "aaa_t.sql");
    commit_all(project, "aaa as a link to a committed file");

    // Committed as it is: as good as the file itself.
    MigResult first = project.mig({"upgrade"});
    ASSERT_MIG_OK(first);
    ASSERT_EQ(history_rows(project.db()).size(), 1U);
    EXPECT_EQ(history_rows(project.db())[0].dirty, "0");

    write_revision_text(project.dir(), "sql/bbb.sql", "bbb", "aaa", "u");
    fs::create_symlink("../../sql/bbb.sql", project.versions() / "bbb_u.sql");
    commit_all(project, "bbb as a link");
    write_revision_text(project.dir(), "sql/bbb.sql", "bbb", "aaa", "u2");  // not committed
    const std::string dump = dump_database(project.db());
    expect_refused(project.mig({"upgrade"}),
                   "migrations/versions/bbb_u.sql is a symbolic link to sql/bbb.sql, which is not "
                   "committed as it is");
    EXPECT_EQ(dump_database(project.db()), dump);
}

TEST(GitBypass, AMigTomlLinkOutOfTheRepositoryGivesNoWayAround) {
    Project project;
    TempDir outside;
    write_revision_text(outside, "migrations/versions/aaa_t.sql", "aaa", "", "t");
    outside.write("mig.toml",
                  "[database]\nurl = \"sqlite:///app.db\"\n[migrations]\ndirectory = \"" +
                      (outside / "migrations").string() + "\"\n");
    fs::remove(project / "mig.toml");
    fs::create_symlink(outside / "mig.toml", project / "mig.toml");
    make_repository(project);

    MigResult outside_dir = project.mig({"upgrade"});
    EXPECT_EQ(outside_dir.exit_code, 3) << describe(outside_dir);
    EXPECT_THAT(outside_dir.err, HasSubstr("leads out of the repository (to " +
                                           (outside / "migrations/versions").string() + ")"));
    EXPECT_FALSE(fs::exists(project.db()));

    // With the default folder, the project's own versions/ is checked as usual.
    outside.write("mig.toml", "[database]\nurl = \"sqlite:///app.db\"\n");
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));
    MigResult untracked = project.mig({"upgrade"});
    EXPECT_EQ(untracked.exit_code, 3) << describe(untracked);
    EXPECT_THAT(untracked.err, HasSubstr("migrations/versions/aaa_t.sql (untracked)"));
    EXPECT_FALSE(fs::exists(project.db()));
}

// --- git directories -------------------------------------------------------------------------

std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> entries;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        entries.push_back(entry.path().lexically_relative(dir).generic_string());
    }
    std::sort(entries.begin(), entries.end());
    return entries;
}

MigResult git_in(const fs::path& dir, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(dir, argv,
                       {{"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}});
}

TEST(GitDirectory, InitAndUpgradeAreRefusedInABareRepository) {
    TempDir dir;
    ASSERT_EQ(git_in(dir.path(), {"init", "-q", "--bare", "app.git"}).exit_code, 0);
    const fs::path bare = dir / "app.git";
    const auto before = listing(bare);
    const std::string message = "mig: error: this is a bare repository (" + bare.string() +
                                "): it has no work tree for mig's files; run mig in a work tree "
                                "(git worktree add ../work, or git clone " +
                                bare.string() + ")\n";

    MigResult init = mig_at(bare, {"init"});
    EXPECT_EQ(init.exit_code, 2) << describe(init);
    EXPECT_EQ(init.err, message);
    EXPECT_EQ(listing(bare), before) << "init wrote into the git directory";

    MigResult from_subfolder = mig_at(bare / "refs", {"init"});
    EXPECT_EQ(from_subfolder.exit_code, 2) << describe(from_subfolder);
    EXPECT_EQ(listing(bare), before);

    // A project an older mig wrote there: its files are in no commit, so nothing may run.
    dir.write("app.git/mig.toml", "[database]\nurl = \"sqlite:///app.db\"\n");
    dir.write("app.git/migrations/versions/aaa_t.sql",
              "-- mig:revision aaa\n-- mig:message t\n\n-- mig:upgrade\nCREATE TABLE t "
              "(a);\n\n-- mig:downgrade\nDROP TABLE t;\n");
    MigResult upgrade = mig_at(bare, {"upgrade"});
    EXPECT_EQ(upgrade.exit_code, 2) << describe(upgrade);
    EXPECT_EQ(upgrade.err, message);
    EXPECT_FALSE(fs::exists(bare / "app.db"));
    MigResult with_c = mig_at(dir.path(), {"-C", "app.git", "upgrade"});
    EXPECT_EQ(with_c.exit_code, 2) << describe(with_c);
    EXPECT_FALSE(fs::exists(bare / "app.db"));
}

TEST(GitDirectory, InitAndUpgradeAreRefusedInsideDotGit) {
    Project project;
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));
    make_repository(project);
    const fs::path dot_git = project / ".git";
    const auto before = listing(dot_git);
    const std::string message = "mig: error: " + dot_git.string() +
                                " is git's own folder, not the work tree; run mig in the work "
                                "tree: cd " +
                                project.root().string() + " (or mig -C " + project.root().string() +
                                ")\n";

    MigResult init = project.mig_in(".git", {"init"});
    EXPECT_EQ(init.exit_code, 2) << describe(init);
    EXPECT_EQ(init.err, message);
    MigResult upgrade = project.mig_in(".git/refs", {"upgrade"});
    EXPECT_EQ(upgrade.exit_code, 2) << describe(upgrade);
    EXPECT_EQ(upgrade.err, message);
    EXPECT_EQ(listing(dot_git), before);
    EXPECT_FALSE(fs::exists(project.db()));

    ASSERT_MIG_OK(project.mig({"upgrade"})) << "the work tree itself is fine";
}

}  // namespace
}  // namespace mig::test
