// The everyday cycle: init -> revision -> upgrade -> downgrade -> stamp, and what each leaves
// in the files and in the database.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const RevisionSpec k_users =
    rev("aaa111", {}, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);",
        "DROP TABLE users;", "Create users");
const RevisionSpec k_posts =
    rev("bbb222", {},
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER "
        "REFERENCES users (id));\nCREATE INDEX posts_user ON posts (user_id);",
        "DROP INDEX posts_user;\nDROP TABLE posts;", "Create posts");
const RevisionSpec k_age = rev("ccc333", {}, "ALTER TABLE users ADD COLUMN age INTEGER;",
                               "ALTER TABLE users DROP COLUMN age;", "Add age to users");

TEST(Init, WritesConfigMigrationsTemplateAndGitignore) {
    TempDir dir;
    MigResult result = mig_at(dir.path(), {"init"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.err, "");
    EXPECT_THAT(result.out, HasSubstr("Created mig.toml\n"));
    EXPECT_THAT(result.out, HasSubstr("Created migrations/versions\n"));
    EXPECT_THAT(result.out, HasSubstr("Created migrations/script.sql.tmpl\n"));
    EXPECT_TRUE(fs::is_directory(dir / "migrations/versions"));
    EXPECT_TRUE(fs::is_regular_file(dir / "migrations/script.sql.tmpl"));
    EXPECT_THAT(dir.read("mig.toml"), HasSubstr("url = \"sqlite:///app.db\""));
    EXPECT_THAT(lines_of(dir.read(".gitignore")), ::testing::Contains(".mig/"));
    EXPECT_FALSE(fs::exists(dir / "app.db")) << "init must not create the database";
}

TEST(Init, KeepsAnExistingGitignoreAndAddsOnlyWhatIsMissing) {
    TempDir dir;
    dir.write(".gitignore", "build/\n.mig/\n");
    ASSERT_MIG_OK(mig_at(dir.path(), {"init"}));
    std::string text = dir.read(".gitignore");
    EXPECT_TRUE(text.starts_with("build/\n.mig/\n")) << text;
    auto lines = lines_of(text);
    EXPECT_EQ(std::count(lines.begin(), lines.end(), ".mig/"), 1) << text;
    EXPECT_EQ(std::count(lines.begin(), lines.end(), "/app.db"), 1) << text;
}

TEST(Init, RefusesToOverwriteWithExit3) {
    TempDir dir;
    ASSERT_MIG_OK(mig_at(dir.path(), {"init"}));
    dir.write("mig.toml", "[database]\nurl = \"sqlite:///mine.db\"\n");
    MigResult again = mig_at(dir.path(), {"init"});
    EXPECT_EQ(again.exit_code, 3) << describe(again);
    EXPECT_EQ(again.err, "mig: error: " + (dir / "mig.toml").string() +
                             " already exists; mig init never overwrites it; edit it, or run "
                             "`mig init` in an empty folder\n");
    EXPECT_EQ(dir.read("mig.toml"), "[database]\nurl = \"sqlite:///mine.db\"\n");
}

TEST(Init, RefusesAMigrationsFolderThatHoldsRevisions) {
    TempDir dir;
    dir.write("migrations/versions/x_first.sql", "-- mig:revision x\n");
    MigResult result = mig_at(dir.path(), {"init"});
    EXPECT_EQ(result.exit_code, 3) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("already holds revisions or a template"));
    EXPECT_FALSE(fs::exists(dir / "mig.toml"));
}

TEST(Revision, WritesAFileNamedByIdAndSlugWithTheHeadAsParent) {
    Project project;
    MigResult first = project.mig({"revision", "-m", "Add user table"});
    ASSERT_MIG_OK(first);
    EXPECT_THAT(first.out,
                ContainsRegex("^Generated migrations/versions/[0-9a-f]{12}_add_user_"
                              "table\\.sql \\(revision [0-9a-f]{12}, parent <base>\\)\n"));
    const std::string first_file = generated_file(first);
    const std::string first_id = fs::path(first_file).filename().string().substr(0, 12);
    std::string text = project.dir().read(first_file);
    EXPECT_THAT(text, HasSubstr("-- mig:revision " + first_id + "\n"));
    EXPECT_THAT(text, Not(HasSubstr("-- mig:parents")));
    EXPECT_THAT(text, HasSubstr("-- mig:message Add user table\n"));
    EXPECT_THAT(text, ContainsRegex("-- mig:created [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\n"));
    EXPECT_THAT(text, HasSubstr("-- mig:upgrade\n"));
    EXPECT_THAT(text, HasSubstr("-- mig:downgrade\n"));

    MigResult second = project.mig({"revision", "-m", "Second step!", "--rev-id", "step_2"});
    ASSERT_MIG_OK(second);
    EXPECT_EQ(second.out,
              "Generated migrations/versions/step_2_second_step.sql (revision step_2, "
              "parent " +
                  first_id + ")\n");
    EXPECT_THAT(project.dir().read("migrations/versions/step_2_second_step.sql"),
                HasSubstr("-- mig:parents " + first_id + "\n"));

    MigResult heads = project.mig({"heads"});
    ASSERT_MIG_OK(heads);
    EXPECT_EQ(heads.out, "step_2\n");
}

TEST(Revision, HeadOptionBranchesAndBaseStartsASecondRoot) {
    Project project;
    project.write_chain({k_users, k_posts});
    MigResult branch = project.mig({"revision", "-m", "Side", "--head", "aaa", "--rev-id", "side"});
    ASSERT_MIG_OK(branch);
    EXPECT_THAT(branch.out,
                HasSubstr("Generated migrations/versions/side_side.sql (revision side, parent "
                          "aaa111)\n"));
    EXPECT_THAT(branch.out, HasSubstr("starts a new branch"));
    MigResult root = project.mig({"revision", "-m", "Root", "--head", "base", "--rev-id", "r2"});
    ASSERT_MIG_OK(root);
    EXPECT_THAT(root.out, HasSubstr("(revision r2, parent <base>)"));
    EXPECT_THAT(project.dir().read("migrations/versions/r2_root.sql"),
                Not(HasSubstr("-- mig:parents")));
    EXPECT_EQ(project.mig({"heads"}).out, "bbb222\nr2\nside\n");
}

TEST(Revision, RejectsABadOrTakenRevIdWithExit2AndWritesNothing) {
    Project project;
    project.write_revision(k_users);
    MigResult taken = project.mig({"revision", "-m", "again", "--rev-id", "aaa111"});
    EXPECT_EQ(taken.exit_code, 2) << describe(taken);
    EXPECT_THAT(taken.err,
                HasSubstr("revision id aaa111 already exists in aaa111_create_users.sql"));
    MigResult bad = project.mig({"revision", "-m", "bad", "--rev-id", "no-dash"});
    EXPECT_EQ(bad.exit_code, 2) << describe(bad);
    EXPECT_THAT(bad.err, HasSubstr("--rev-id 'no-dash' is not a valid revision id"));
    EXPECT_EQ(std::distance(fs::directory_iterator(project.versions()), fs::directory_iterator()),
              1);
}

TEST(Revision, RefusesToGuessAParentWhenThereAreSeveralHeads) {
    Project project;
    project.write_revision(k_users);
    project.write_revision(rev("left", {"aaa111"}, "", "", "left"));
    project.write_revision(rev("right", {"aaa111"}, "", "", "right"));
    MigResult result = project.mig({"revision", "-m", "next"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("the migrations have several heads: left, right"));
    EXPECT_THAT(result.err, HasSubstr("mig merge"));
}

TEST(Cycle, UpgradeDowngradeAndUpgradeAgain) {
    Project project;
    auto files = project.write_chain({k_users, k_posts, k_age});

    MigResult up = project.mig({"upgrade"});
    ASSERT_MIG_OK(up);
    EXPECT_EQ(up.err, "");
    EXPECT_THAT(up.out, ContainsRegex("upgrade +<base> -> aaa111  Create users  \\([0-9]+ ms\\)"));
    EXPECT_THAT(up.out, ContainsRegex("upgrade +aaa111 -> bbb222  Create posts  \\([0-9]+ ms\\)"));
    EXPECT_THAT(up.out, ContainsRegex("upgrade +bbb222 -> ccc333  Add age to users"));
    EXPECT_THAT(up.out, HasSubstr("Database is now at ccc333 (3 revisions applied)."));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("posts", "posts_user", "users"));
    EXPECT_EQ(project.mig({"current"}).out, "ccc333\n");
    EXPECT_THAT(query_column(project.db(), "SELECT name FROM pragma_table_info('users')"),
                ElementsAre("id", "name", "age"));

    MigResult nothing = project.mig({"upgrade"});
    ASSERT_MIG_OK(nothing);
    EXPECT_THAT(nothing.out, HasSubstr("Nothing to upgrade: the database is at ccc333."));

    MigResult down = project.mig({"downgrade"});
    ASSERT_MIG_OK(down);
    EXPECT_THAT(down.out, ContainsRegex("downgrade ccc333 -> bbb222  Add age to users"));
    EXPECT_THAT(down.out, HasSubstr("Database is now at bbb222 (1 revision reverted)."));
    EXPECT_EQ(project.mig({"current"}).out, "bbb222\n");
    EXPECT_THAT(query_column(project.db(), "SELECT name FROM pragma_table_info('users')"),
                ElementsAre("id", "name"));

    MigResult to_base = project.mig({"downgrade", "base"});
    ASSERT_MIG_OK(to_base);
    EXPECT_THAT(to_base.out, HasSubstr("Database is now at <base> (2 revisions reverted)."));
    EXPECT_THAT(user_objects(project.db()), IsEmpty());
    EXPECT_THAT(version_rows(project.db()), IsEmpty());
    MigResult current = project.mig({"current"});
    ASSERT_MIG_OK(current);
    EXPECT_EQ(current.out, "");

    MigResult nothing_down = project.mig({"downgrade"});
    EXPECT_EQ(nothing_down.exit_code, 2) << describe(nothing_down);
    EXPECT_THAT(nothing_down.err, HasSubstr("the database is at base; nothing below it"));

    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_EQ(project.mig({"current"}).out, "ccc333\n");
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade aaa111", "upgrade bbb222", "upgrade ccc333",
                            "downgrade ccc333", "downgrade bbb222", "downgrade aaa111",
                            "upgrade aaa111", "upgrade bbb222", "upgrade ccc333"));
}

TEST(Cycle, RevisionsMadeByMigRevisionRunAfterTheSqlIsFilledIn) {
    Project project;
    MigResult made = project.mig({"revision", "-m", "Create things"});
    ASSERT_MIG_OK(made);
    const std::string file = generated_file(made);
    std::string text = project.dir().read(file);
    text.replace(text.find("-- mig:upgrade\n"), 15,
                 "-- mig:upgrade\nCREATE TABLE things (id INTEGER PRIMARY KEY);\n");
    text.replace(text.find("-- mig:downgrade\n"), 17, "-- mig:downgrade\nDROP TABLE things;\n");
    project.dir().write(file, text);

    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("things"));
    ASSERT_MIG_OK(project.mig({"downgrade"}));
    EXPECT_THAT(user_objects(project.db()), IsEmpty());
}

TEST(Cycle, HistoryRowsRecordDirectionFileHashParentsAndDowngradeSql) {
    Project project;
    auto files = project.write_chain({k_users, k_posts});
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    ASSERT_MIG_OK(project.mig({"downgrade"}));

    auto rows = history_rows(project.db());
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows[0].revision, "aaa111");
    EXPECT_EQ(rows[0].direction, "upgrade");
    EXPECT_EQ(rows[0].parents, "NULL");
    EXPECT_EQ(rows[0].sha256, sha256_of(files[0].path));
    EXPECT_EQ(rows[0].downgrade_sql, "DROP TABLE users;");
    EXPECT_EQ(rows[0].message, "Create users");
    EXPECT_EQ(rows[0].git_commit, "NULL") << "not inside a git repository";
    EXPECT_EQ(rows[0].dirty, "0");

    EXPECT_EQ(rows[1].revision, "bbb222");
    EXPECT_EQ(rows[1].direction, "upgrade");
    EXPECT_EQ(rows[1].parents, "aaa111");
    EXPECT_EQ(rows[1].sha256, sha256_of(files[1].path));
    EXPECT_EQ(rows[1].downgrade_sql, "DROP INDEX posts_user;\nDROP TABLE posts;");

    EXPECT_EQ(rows[2].revision, "bbb222");
    EXPECT_EQ(rows[2].direction, "downgrade");
    EXPECT_EQ(rows[2].parents, "aaa111");

    auto applied_at = query_column(project.db(), "SELECT applied_at FROM mig_history");
    for (const auto& at : applied_at) {
        EXPECT_THAT(at,
                    ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{"
                                            "2}Z"));
    }
}

TEST(Cycle, MigsFootprintInTheDatabaseIsItsTwoTables) {
    Project project;
    project.write_revision(k_users);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(query_column(project.db(),
                             "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"),
                ElementsAre("mig_history", "mig_version", "users"));
}

TEST(Cycle, DowngradeToARevisionThatIsNotAppliedIsRefused) {
    Project project;
    project.write_chain({k_users, k_posts});
    ASSERT_MIG_OK(project.mig({"upgrade", "aaa111"}));
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"downgrade", "bbb222"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err,
              "mig: error: revision bbb222 is not applied; the database is at aaa111; to apply it, "
              "use mig upgrade bbb222\n");
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(Current, PrintsNothingForBaseAndNeverCreatesTheDatabase) {
    Project project;
    project.write_revision(k_users);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"current"}, {"heads"}, {"history"}, {"show", "head"}, {"branches"}, {"backups"}}) {
        MigResult result = project.mig(args);
        EXPECT_MIG_OK(result) << args[0];
        EXPECT_FALSE(fs::exists(project.db())) << args[0] << " created the database";
    }
    EXPECT_EQ(project.mig({"current"}).out, "");
    EXPECT_FALSE(fs::exists(project / ".mig/app.db.lock")) << "reading commands take no lock";
    EXPECT_FALSE(fs::exists(project / ".mig/backups"));
}

TEST(Current, PrintsEachHeadOnItsOwnLine) {
    Project project;
    project.write_revision(k_users);
    project.write_revision(rev("left", {"aaa111"}, "", "", "left"));
    project.write_revision(rev("right", {"aaa111"}, "", "", "right"));
    ASSERT_MIG_OK(project.mig({"upgrade", "heads"}));
    MigResult current = project.mig({"current"});
    ASSERT_MIG_OK(current);
    EXPECT_EQ(current.out, "left\nright\n");
}

TEST(Stamp, SetsTheVersionWithoutRunningScripts) {
    Project project;
    auto files = project.write_chain({k_users, k_posts});
    MigResult stamped = project.mig({"stamp", "head"});
    ASSERT_MIG_OK(stamped);
    EXPECT_EQ(stamped.out, "Stamped the database: <base> -> bbb222 (no script ran).\n");
    EXPECT_THAT(user_objects(project.db()), IsEmpty()) << "stamp must not run scripts";
    EXPECT_EQ(project.mig({"current"}).out, "bbb222\n");

    MigResult again = project.mig({"stamp", "bbb"});
    ASSERT_MIG_OK(again);
    EXPECT_EQ(again.out, "The database is already at bbb222.\n");

    ASSERT_MIG_OK(project.mig({"stamp", "-1"}));
    EXPECT_EQ(project.mig({"current"}).out, "aaa111\n");
    MigResult to_base = project.mig({"stamp", "base"});
    ASSERT_MIG_OK(to_base);
    EXPECT_EQ(to_base.out, "Stamped the database: aaa111 -> <base> (no script ran).\n");
    EXPECT_EQ(project.mig({"current"}).out, "");

    auto rows = history_rows(project.db());
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows[0].direction, "stamp");
    EXPECT_EQ(rows[0].revision, "bbb222");
    EXPECT_EQ(rows[0].sha256, sha256_of(files[1].path));
    EXPECT_EQ(rows[1].direction, "stamp");
    EXPECT_EQ(rows[1].revision, "aaa111");
    EXPECT_EQ(rows[2].direction, "stamp");
    EXPECT_EQ(rows[2].revision, "NULL");
    EXPECT_THAT(user_objects(project.db()), IsEmpty());
}

TEST(Stamp, RecordsTheDowngradeSqlAsUpgradeDoes) {
    Project project;
    project.write_revision(k_users);
    ASSERT_MIG_OK(project.mig({"stamp", "head"}));
    auto rows = history_rows(project.db());
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].downgrade_sql, "DROP TABLE users;");
    EXPECT_EQ(rows[0].parents, "NULL");
    EXPECT_EQ(rows[0].message, "Create users");
}

TEST(Stamp, NeverLeavesAnEmptyDatabaseFileBehind) {
    Project project;
    project.write_revision(k_users);
    MigResult unknown = project.mig({"stamp", "nope"});
    EXPECT_EQ(unknown.exit_code, 2) << describe(unknown);
    EXPECT_FALSE(fs::exists(project.db())) << "a failed stamp created the database";
    MigResult base = project.mig({"stamp", "base"});
    ASSERT_MIG_OK(base);
    EXPECT_EQ(base.out, "The database is already at <base>.\n");
    EXPECT_FALSE(fs::exists(project.db())) << "a stamp that changed nothing created the database";
}

TEST(Stamp, ThenUpgradeRunsOnlyWhatFollows) {
    Project project;
    project.write_chain({k_users, k_posts});
    ASSERT_MIG_OK(project.mig({"stamp", "aaa111"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    // users was never created (stamped), posts was.
    EXPECT_THAT(user_objects(project.db()), ElementsAre("posts", "posts_user"));
    EXPECT_THAT(history_summary(project.db()), ElementsAre("stamp aaa111", "upgrade bbb222"));
}

TEST(Stamp, UnknownTargetIsExit2AndChangesNothing) {
    Project project;
    project.write_revision(k_users);
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"stamp", "nope"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("mig: error: no revision matches nope"));
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(Downgrade, UsesTheRecordedSqlForARevisionWhoseFileLeftTheCheckout) {
    Project project;
    auto files = project.write_chain({k_users, k_posts});
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    fs::remove(files[1].path);  // e.g. after checking out a branch without it

    MigResult result = project.mig({"downgrade"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(project.mig({"current"}).out, "aaa111\n");
    EXPECT_THAT(user_objects(project.db()), ElementsAre("users"));
    EXPECT_THAT(history_summary(project.db()),
                ElementsAre("upgrade aaa111", "upgrade bbb222", "downgrade bbb222"));
}

// `-- mig:transaction off` is recorded with the stored downgrade SQL, so a downgrade from it
// still runs outside a transaction (VACUUM fails inside one).
TEST(Downgrade, StoredSqlOfATransactionOffRevisionRunsWithoutATransaction) {
    Project project;
    RevisionSpec vacuum =
        rev("bbb222", {}, "CREATE TABLE v (x);\nVACUUM;", "DROP TABLE v;\nVACUUM;");
    vacuum.header = {"-- mig:transaction off"};
    auto files = project.write_chain({k_users, vacuum});
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(query_column(project.db(),
                             "SELECT downgrade_sql FROM mig_history WHERE revision = 'bbb222'"),
                ElementsAre("-- mig:transaction off\nDROP TABLE v;\nVACUUM;"));
    fs::remove(files[1].path);

    MigResult result = project.mig({"downgrade"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(project.mig({"current"}).out, "aaa111\n");
    EXPECT_THAT(user_objects(project.db()), ElementsAre("users"));
}

TEST(Downgrade, AnUnknownRevisionWithoutHistoryIsExit2) {
    Project project;
    project.write_revision(k_users);
    ASSERT_MIG_OK(project.mig({"stamp", "aaa111"}));
    fs::remove(project.versions() / "aaa111_create_users.sql");
    project.write_revision(k_posts);  // a different graph: bbb222 alone
    // The stamp row records aaa111, so the downgrade knows how to revert it (nothing to run).
    MigResult up = project.mig({"upgrade"});
    EXPECT_EQ(up.exit_code, 2) << describe(up);
    EXPECT_THAT(up.err, HasSubstr("the database is at revision aaa111, which is not in "
                                  "migrations/versions"));
}

}  // namespace
}  // namespace mig::test
