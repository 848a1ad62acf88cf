// Input that must be refused, with the real binary: empty option values (never "absent"),
// config values out of range, SQLite URLs mig cannot honour (`:memory:`, query strings), and
// passwords, which reach neither errors nor logs whatever the shape of the URL. Every refusal
// exits 2 with one line and leaves the project and its database as they were.

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
using ::testing::Not;
using ::testing::StartsWith;

// Every path below `dir` with its size, sorted: equal listings mean nothing was created,
// removed or resized.
// mig's caches (.mig/cache) may change: they are its speed-ups, not the project's state.
std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> entries;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().lexically_relative(dir).generic_string().starts_with(".mig/cache")) {
            continue;
        }
        std::string line = entry.path().lexically_relative(dir).generic_string();
        if (entry.is_regular_file()) {
            line += " " + std::to_string(entry.file_size());
        }
        entries.push_back(line);
    }
    std::sort(entries.begin(), entries.end());
    return entries;
}

// A project whose app.db is at revision aaa, with a second revision pending.
struct Upgraded {
    Project project;
    Upgraded() {
        project.write_revision(
            rev("aaa", {}, "CREATE TABLE t (id INTEGER);", "DROP TABLE t;", "t"));
        EXPECT_MIG_OK(project.mig({"upgrade"}));
        project.write_revision(
            rev("bbb", {"aaa"}, "CREATE TABLE u (id INTEGER);", "DROP TABLE u;", "u"));
    }
};

void expect_refused(const MigResult& result, const std::string& message) {
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err, "mig: error: " + message + "\n");
    EXPECT_EQ(result.out, "");
}

// --- empty values --------------------------------------------------------------------------

TEST(EmptyOption, DatabaseUrlFromAnUnsetVariableDoesNotFallBackToMigToml) {
    Upgraded fixture;
    const Project& project = fixture.project;
    const auto before = listing(project.root());
    const std::string dump = dump_database(project.db());

    expect_refused(project.mig({"--database-url", "", "upgrade"}),
                   "--database-url is empty; pass a URL such as sqlite:///app.db, or leave the "
                   "option out");
    MigResult equals = project.mig({"upgrade", "--database-url="});
    EXPECT_EQ(equals.exit_code, 2) << describe(equals);
    EXPECT_EQ(equals.err,
              "mig: error: --database-url URL needs a value; run `mig upgrade --help` for an "
              "example\n");
    EXPECT_EQ(dump_database(project.db()), dump);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
    EXPECT_EQ(listing(project.root()), before);
}

TEST(EmptyOption, AgainstFromAnUnsetVariableDoesNotSkipTheComparison) {
    Project project;
    make_repository(project);
    const auto before = listing(project.root());
    MigResult result = project.mig({"check", "--against", ""});
    expect_refused(result,
                   "--against is empty; pass a git ref such as origin/main, or leave the option "
                   "out");
    EXPECT_EQ(listing(project.root()), before);
}

TEST(EmptyOption, GlobalOptionsAndArguments) {
    Upgraded fixture;
    const Project& project = fixture.project;
    const auto before = listing(project.root());
    expect_refused(project.mig({"-C", "", "current"}),
                   "-C is empty; pass a folder, or leave the option out");
    expect_refused(project.mig({"--config", "", "current"}),
                   "--config is empty; pass a file such as mig.toml, or leave the option out");
    expect_refused(project.mig({"--env", "", "upgrade"}),
                   "--env is empty; pass a name, or leave the option out");
    expect_refused(project.mig({"upgrade", ""}),
                   "TARGET is empty; pass a target such as head, base or a revision id, or leave "
                   "it out");
    expect_refused(project.mig({"downgrade", ""}),
                   "TARGET is empty; pass a target such as head, base or a revision id, or leave "
                   "it out");
    expect_refused(project.mig({"revision", "-m", "x", "--rev-id", ""}),
                   "--rev-id is empty; pass an id of letters, digits and _, or leave the option "
                   "out");
    expect_refused(project.mig({"history", "-r", ""}),
                   "-r/--rev-range is empty; pass a range such as base:head, or leave the option "
                   "out");
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
    EXPECT_EQ(listing(project.root()), before);
}

// A variable set to "" in the environment is the shell's way of unsetting it (`MIG_ENV= mig
// upgrade`): that keeps meaning "not set".
TEST(EmptyOption, EmptyEnvironmentVariablesStillMeanUnset) {
    Upgraded fixture;
    const Project& project = fixture.project;
    MigResult result = project.mig({"-v", "upgrade"}, {{"MIG_DATABASE_URL", ""}, {"MIG_ENV", ""}});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(result.err, HasSubstr("database sqlite:///app.db (from [database] url)"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("bbb"));
}

// --- config values -------------------------------------------------------------------------

TEST(ConfigValue, LockTimeoutOutOfRangeIsRefusedBeforeTouchingTheDatabase) {
    Upgraded fixture;
    const Project& project = fixture.project;
    const std::string dump = dump_database(project.db());
    for (const std::string value : {"inf", "nan", "-1", "1e300", "\"30\""}) {
        project.write_config("[database]\nurl = \"sqlite:///app.db\"\nlock_timeout = " + value +
                             "\n");
        const auto before = listing(project.root());
        MigResult result = project.mig({"upgrade"});
        const std::string shown = value == "1e300" ? "1e+300" : value;
        expect_refused(result, (project / "mig.toml").string() +
                                   ":3: [database] lock_timeout must be a number of seconds from "
                                   "0 to 86400 (got " +
                                   shown + "); fix the value in mig.toml");
        EXPECT_EQ(listing(project.root()), before) << value;
    }
    EXPECT_EQ(dump_database(project.db()), dump);
}

TEST(ConfigValue, AMisspeltKeyIsAWarningWithTheKeyItMeant) {
    Upgraded fixture;
    const Project& project = fixture.project;
    project.write_config("[database]\nurl = \"sqlite:///app.db\"\nlock_timout = 5\n");
    MigResult result = project.mig({"current"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.err, "mig: warning: " + (project / "mig.toml").string() +
                              ":3: unknown key 'lock_timout' in [database]; did you mean "
                              "'lock_timeout'?\n");
}

// --- SQLite URLs mig does not honour -------------------------------------------------------

TEST(SqliteUrl, InMemoryIsRefusedAndNoFileIsCreated) {
    Upgraded fixture;
    const Project& project = fixture.project;
    const auto before = listing(project.root());
    for (const std::vector<std::string>& args : {std::vector<std::string>{"upgrade"},
                                                 {"current"},
                                                 {"upgrade", "--sql"},
                                                 {"stamp", "aaa"}}) {
        std::vector<std::string> with_url{"--database-url", "sqlite:///:memory:"};
        with_url.insert(with_url.end(), args.begin(), args.end());
        expect_refused(project.mig(with_url),
                       "database URL 'sqlite:///:memory:' names an in-memory database: it would "
                       "vanish when mig exits, and its revision with it; migrate a database file, "
                       "such as sqlite:///app.db");
    }
    const std::string config = *file_bytes(project / "mig.toml");
    project.write_config("[database]\nurl = \"sqlite:///:memory:\"\n");
    EXPECT_EQ(project.mig({"upgrade"}).exit_code, 2);
    project.write_config(config);
    EXPECT_EQ(listing(project.root()), before);
    EXPECT_FALSE(fs::exists(project / ":memory:"));
}

TEST(SqliteUrl, AQueryStringIsRefusedAndNoOddlyNamedFileIsCreated) {
    Upgraded fixture;
    const Project& project = fixture.project;
    const auto before = listing(project.root());
    const std::string dump = dump_database(project.db());
    for (const std::string url : {"sqlite:///app.db?mode=ro", "sqlite:///new.db?cache=shared"}) {
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"upgrade"}, {"current"}, {"downgrade"}}) {
            std::vector<std::string> with_url{"--database-url", url};
            with_url.insert(with_url.end(), args.begin(), args.end());
            MigResult result = project.mig(with_url);
            EXPECT_EQ(result.exit_code, 2) << describe(result);
            EXPECT_THAT(result.err,
                        StartsWith("mig: error: database URL '" + url + "' has a query string ('" +
                                   url.substr(url.find('?')) +
                                   "'): mig takes no options in a SQLite URL; "));
        }
    }
    EXPECT_EQ(listing(project.root()), before);
    EXPECT_EQ(dump_database(project.db()), dump);
}

// --- passwords -----------------------------------------------------------------------------

// URLs holding the password S3cret in every shape a user may get wrong.
const std::vector<std::string> k_secret_urls = {
    "postgresql//alice:S3cret@db/app",           // a missing ':'
    "postgresql://alice:S3cret/app",             // a missing '@'
    "postgresql:/alice:S3cret@db/app",           // a missing '/'
    "postgresql://alice:S3cret@db/app",          // well-formed: no server at db
    "postgres://alice:p@ss:S3cret@db:5432/app",  // an unencoded '@' in the password
    "postgresql://db/app?sslmode=require&password=S3cret",
    "host=db user=alice password=S3cret dbname=app",  // libpq key/value form
    "mysql://alice:S3cret@db/app",
    "alice:S3cret@db/app",
    "sqlite:///app.db?password=S3cret",
};

TEST(Password, NeverReachesErrorsOrLogsWhateverTheUrlLooksLike) {
    Upgraded fixture;
    const Project& project = fixture.project;
    const auto before = listing(project.root());
    const std::vector<std::vector<std::string>> commands = {
        {"upgrade"}, {"current"}, {"upgrade", "--sql"}, {"downgrade"}, {"check"}, {"backups"}};
    const std::string config = *file_bytes(project / "mig.toml");
    for (const auto& url : k_secret_urls) {
        for (const auto& command : commands) {
            std::vector<std::string> args{"-vv", "--database-url", url};
            args.insert(args.end(), command.begin(), command.end());
            MigResult by_flag = project.mig(args);
            EXPECT_NE(by_flag.exit_code, 0) << url << " " << command.at(0);
            EXPECT_THAT(by_flag.out + by_flag.err, Not(HasSubstr("S3cret")))
                << url << " " << command.at(0) << "\n"
                << describe(by_flag);
            EXPECT_THAT(by_flag.err, HasSubstr("***")) << url << "\n" << describe(by_flag);

            std::vector<std::string> plain{"-vv"};
            plain.insert(plain.end(), command.begin(), command.end());
            MigResult by_variable = project.mig(plain, {{"MIG_DATABASE_URL", url}});
            EXPECT_THAT(by_variable.out + by_variable.err, Not(HasSubstr("S3cret")))
                << url << "\n"
                << describe(by_variable);
        }
        project.write_config("[database]\nurl = \"" + url + "\"\n");
        MigResult from_file = project.mig({"-vv", "upgrade"});
        EXPECT_NE(from_file.exit_code, 0) << describe(from_file);
        EXPECT_THAT(from_file.out + from_file.err, Not(HasSubstr("S3cret"))) << describe(from_file);
        project.write_config(config);
    }
    EXPECT_EQ(listing(project.root()), before);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
}

TEST(Password, AnUnknownTargetThatIsAUrlIsMaskedToo) {
    Upgraded fixture;
    MigResult result = fixture.project.mig({"upgrade", "postgresql://alice:S3cret@db/app"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.out + result.err, Not(HasSubstr("S3cret"))) << describe(result);
}

}  // namespace
}  // namespace mig::test
