// Finding mig.toml, the database URL's precedence, environments and SQLite paths.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

void write_one(const Project& project) {
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (id INTEGER);", "DROP TABLE t;", "t"));
}

// The .db files directly in `dir`, sorted.
std::vector<std::string> db_files(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".db") {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

TEST(Config, FoundByWalkingUpFromASubfolderWithPathsRelativeToIt) {
    Project project;
    write_one(project);
    fs::create_directories(project / "src/deep");
    MigResult up = project.mig_in("src/deep", {"upgrade"});
    ASSERT_MIG_OK(up);
    EXPECT_TRUE(fs::exists(project.db()));
    EXPECT_FALSE(fs::exists(project / "src/deep/app.db"));
    EXPECT_FALSE(fs::exists(project / "src/deep/.mig"));
    EXPECT_EQ(project.mig_in("src/deep", {"current"}).out, "aaa\n");
}

TEST(Config, RelativeSqlitePathIsRelativeToTheConfigFolderEvenFromASubfolder) {
    Project project;
    write_one(project);
    project.write_config("[database]\nurl = \"sqlite:///var/data.db\"\n");
    fs::create_directories(project / "sub");
    ASSERT_MIG_OK(project.mig_in("sub", {"upgrade"}));
    EXPECT_THAT(version_rows(project / "var/data.db"), ElementsAre("aaa"));
    EXPECT_FALSE(fs::exists(project / "sub/var"));

    // A relative URL given on the command line is relative to mig.toml's folder too.
    ASSERT_MIG_OK(project.mig_in("sub", {"--database-url", "sqlite:///flag.db", "upgrade"}));
    EXPECT_THAT(version_rows(project / "flag.db"), ElementsAre("aaa"));
    EXPECT_FALSE(fs::exists(project / "sub/flag.db"));
}

TEST(Config, AbsoluteSqlitePathWithFourSlashes) {
    Project project;
    write_one(project);
    TempDir elsewhere;
    const fs::path db = elsewhere / "abs.db";
    ASSERT_TRUE(db.is_absolute());
    project.write_config("[database]\nurl = \"sqlite:///" + db.string() + "\"\n");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(db), ElementsAre("aaa"));
    EXPECT_FALSE(fs::exists(project.db()));
    EXPECT_THAT(db_files(project.root()), IsEmpty());
}

TEST(Config, ChdirOptionBeforeOrAfterTheCommand) {
    Project project;
    write_one(project);
    TempDir elsewhere;
    ASSERT_MIG_OK(mig_at(elsewhere.path(), {"-C", project.root().string(), "upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
    MigResult after = mig_at(elsewhere.path(), {"current", "-C", project.root().string()});
    ASSERT_MIG_OK(after);
    EXPECT_EQ(after.out, "aaa\n");
    EXPECT_THAT(db_files(elsewhere.path()), IsEmpty());
}

TEST(Config, ConfigFileOptionUsesThatFileAndItsFolder) {
    Project project;
    write_one(project);
    project.dir().write("conf/custom.toml",
                        "[database]\nurl = \"sqlite:///custom.db\"\n"
                        "[migrations]\ndirectory = \"../migrations\"\n");
    ASSERT_MIG_OK(project.mig({"--config", "conf/custom.toml", "upgrade"}));
    EXPECT_THAT(version_rows(project / "conf/custom.db"), ElementsAre("aaa"));
    EXPECT_FALSE(fs::exists(project.db()));

    MigResult missing = project.mig({"--config", "nope.toml", "current"});
    EXPECT_EQ(missing.exit_code, 2) << describe(missing);
    EXPECT_EQ(
        missing.err,
        "mig: error: config file nope.toml does not exist; check the path given to --config\n");
}

TEST(Config, MigrationsDirectoryIsConfigurable) {
    Project project;
    project.write_config(
        "[database]\nurl = \"sqlite:///app.db\"\n[migrations]\ndirectory = \"db/migrations\"\n");
    fs::rename(project / "migrations", project / "db-migrations-tmp");
    fs::create_directories(project / "db");
    fs::rename(project / "db-migrations-tmp", project / "db/migrations");
    project.dir().write("db/migrations/versions/aaa_t.sql",
                        "-- mig:revision aaa\n\n-- mig:upgrade\nCREATE TABLE t (a);\n\n"
                        "-- mig:downgrade\nDROP TABLE t;\n");
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
    MigResult show = project.mig({"show", "aaa"});
    EXPECT_THAT(show.out, HasSubstr("Path:     db/migrations/versions/aaa_t.sql\n"));
}

const char* const k_environments =
    "[database]\nurl = \"sqlite:///toml.db\"\n"
    "[env.staging]\nurl = \"sqlite:///staging.db\"\n"
    "[env.ci]\nurl = \"sqlite:///ci.db\"\n";

// Runs `mig -v upgrade` and returns which database it used, checked two ways: the file that
// appeared and the info line naming the URL and its source.
struct Used {
    std::string file;
    std::string info;
};

Used upgrade_with(const Project& project, std::vector<std::string> args,
                  const std::map<std::string, std::string>& env) {
    auto before = db_files(project.root());
    args.emplace_back("-v");
    args.emplace_back("upgrade");
    MigResult result = project.mig(args, env);
    EXPECT_MIG_OK(result);
    auto after = db_files(project.root());
    std::vector<std::string> created;
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                        std::back_inserter(created));
    Used used;
    used.file = created.size() == 1 ? created[0] : "?";
    for (const auto& line : lines_of(result.err)) {
        if (line.starts_with("mig: info: database ")) {
            used.info = line.substr(std::string("mig: info: database ").size());
        }
    }
    return used;
}

TEST(Config, DatabaseUrlPrecedence) {
    Project project;
    write_one(project);
    project.write_config(k_environments);
    Used plain = upgrade_with(project, {}, {});
    EXPECT_EQ(plain.file, "toml.db");
    EXPECT_EQ(plain.info, "sqlite:///toml.db (from [database] url)");

    Used by_env_var = upgrade_with(project, {}, {{"MIG_ENV", "staging"}});
    EXPECT_EQ(by_env_var.file, "staging.db");
    EXPECT_EQ(by_env_var.info, "sqlite:///staging.db (from [env.staging] url)");

    Used by_flag = upgrade_with(project, {"--env", "ci"}, {{"MIG_ENV", "staging"}});
    EXPECT_EQ(by_flag.file, "ci.db") << "--env beats MIG_ENV";

    Used url_var =
        upgrade_with(project, {"--env", "ci"}, {{"MIG_DATABASE_URL", "sqlite:///from_var.db"}});
    EXPECT_EQ(url_var.file, "from_var.db") << "MIG_DATABASE_URL beats the environment";
    EXPECT_EQ(url_var.info, "sqlite:///from_var.db (from MIG_DATABASE_URL)");

    Used url_flag = upgrade_with(project, {"--database-url", "sqlite:///from_flag.db"},
                                 {{"MIG_DATABASE_URL", "sqlite:///from_var.db"}});
    EXPECT_EQ(url_flag.file, "from_flag.db") << "--database-url beats everything";
    EXPECT_EQ(url_flag.info, "sqlite:///from_flag.db (from --database-url)");

    for (const auto& file : {"toml.db", "staging.db", "ci.db", "from_var.db", "from_flag.db"}) {
        EXPECT_THAT(version_rows(project / file), ElementsAre("aaa")) << file;
    }
}

TEST(Config, AnEnvironmentWithoutAUrlKeepsTheDatabaseUrlButItsOtherSettings) {
    Project project;
    write_one(project);
    project.write_config(
        "[database]\nurl = \"sqlite:///app.db\"\n[env.nobackup]\nbackup = false\n");
    ASSERT_MIG_OK(project.mig({"upgrade", "base"}));
    ASSERT_MIG_OK(project.mig({"upgrade"}));  // creates app.db: no backup either way
    ASSERT_MIG_OK(project.mig({"--env", "nobackup", "downgrade"}));
    EXPECT_THAT(version_rows(project.db()), IsEmpty());
    EXPECT_FALSE(fs::exists(project / ".mig/backups/"));
}

TEST(Config, UnknownEnvironmentIsExit2AndListsTheKnownOnes) {
    Project project;
    write_one(project);
    project.write_config(k_environments);
    MigResult result = project.mig({"--env", "stagin", "upgrade"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err,
              "mig: error: unknown environment 'stagin': " + (project / "mig.toml").string() +
                  " has no [env.stagin] table; did you mean 'staging'? environments in "
                  "mig.toml: ci, staging\n");
    MigResult by_var = project.mig({"current"}, {{"MIG_ENV", "prod"}});
    EXPECT_EQ(by_var.exit_code, 2) << describe(by_var);
    EXPECT_THAT(by_var.err, HasSubstr("unknown environment 'prod'"));
    EXPECT_THAT(db_files(project.root()), IsEmpty());
}

TEST(Config, ParseErrorsNameTheFileAndLine) {
    Project project;
    project.write_config("[database]\nurl = \"sqlite:///app.db\"\n[model\npaths = []\n");
    MigResult syntax = project.mig({"current"});
    EXPECT_EQ(syntax.exit_code, 2) << describe(syntax);
    EXPECT_THAT(syntax.err, StartsWith("mig: error: " + (project / "mig.toml").string() + ":3: "));
    EXPECT_THAT(syntax.err, HasSubstr("; fix the TOML syntax\n"));

    project.write_config("[database]\nurl = \"sqlite:///app.db\"\nbackup_keep = \"all\"\n");
    MigResult type = project.mig({"upgrade"});
    EXPECT_EQ(type.exit_code, 2) << describe(type);
    EXPECT_EQ(type.err, "mig: error: " + (project / "mig.toml").string() +
                            ":3: [database] backup_keep must be a whole number from 1 to 1000 "
                            "(got \"all\"); fix the value in mig.toml\n");

    project.write_config("[database]\nurl = \"sqlite:///app.db\"\nlock_timeout = -1\n");
    MigResult negative = project.mig({"upgrade"});
    EXPECT_EQ(negative.exit_code, 2) << describe(negative);
    EXPECT_THAT(negative.err, HasSubstr("mig.toml:3: [database] lock_timeout must be a number of "
                                        "seconds from 0 to 86400 (got -1)"));

    project.write_config("[model]\npaths = []\n");
    MigResult no_url = project.mig({"upgrade"});
    EXPECT_EQ(no_url.exit_code, 2) << describe(no_url);
    EXPECT_EQ(no_url.err, "mig: error: no database URL: " + (project / "mig.toml").string() +
                              " has no [database] url; add url = \"sqlite:///app.db\" under "
                              "[database], or pass --database-url URL\n");
    EXPECT_THAT(db_files(project.root()), IsEmpty());
}

TEST(Config, UnknownKeysAreWarnedAboutButDoNotStopTheCommand) {
    Project project;
    write_one(project);
    project.write_config("[database]\nurl = \"sqlite:///app.db\"\nbakup = false\n");
    MigResult result = project.mig({"upgrade"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.err, "mig: warning: " + (project / "mig.toml").string() +
                              ":3: unknown key 'bakup' in [database]; did you mean 'backup'?\n");
    MigResult quiet = project.mig({"-q", "current"});
    ASSERT_MIG_OK(quiet);
    EXPECT_EQ(quiet.err, "") << "-q keeps only errors";
    EXPECT_EQ(quiet.out, "aaa\n") << "-q never drops the data asked for";
}

TEST(Config, InvalidSqliteUrlsAreExit2) {
    Project project;
    for (const auto& url : {"sqlite://app.db", "sqlite:///", "sqlite:///dir/"}) {
        MigResult result = project.mig({"--database-url", url, "current"});
        EXPECT_EQ(result.exit_code, 2) << url << ": " << describe(result);
        EXPECT_THAT(result.err,
                    StartsWith(std::string("mig: error: invalid database URL '") + url));
    }
}

TEST(Config, QuietUpgradePrintsNothing) {
    Project project;
    write_one(project);
    MigResult result = project.mig({"-q", "upgrade"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err, "");
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
}

}  // namespace
}  // namespace mig::test
