#include "config/config.hpp"

#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

namespace mig::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_basic = R"(
[database]
url = "sqlite:///app.db"
[model]
paths = ["models/schema.sql"]
[migrations]
directory = "db/migrations"
[env.test]
url = "sqlite:///test.db"
backup = false
)";

Config parse(const std::string& text, ConfigRequest request = {}) {
    return parse_config(text, "/project/mig.toml", request);
}

TEST(Config, ReadsEveryTable) {
    Config config = parse(k_basic);
    EXPECT_EQ(config.database_url, "sqlite:///app.db");
    EXPECT_EQ(config.database_url_source, "[database] url");
    EXPECT_EQ(config.root, fs::path("/project"));
    EXPECT_EQ(config.migrations_dir, fs::path("/project/db/migrations"));
    ASSERT_EQ(config.model_paths.size(), 1u);
    EXPECT_EQ(config.model_paths[0], "models/schema.sql");
    EXPECT_TRUE(config.backup);
    EXPECT_EQ(config.backup_keep, 5);
    EXPECT_TRUE(config.warnings.empty());
}

TEST(Config, DefaultsMigrationsDirectory) {
    Config config = parse("[database]\nurl = \"sqlite:///a.db\"\n");
    EXPECT_EQ(config.migrations_dir, fs::path("/project/migrations"));
}

TEST(Config, PrecedenceFlagThenEnvironmentVariableThenEnvTableThenDatabase) {
    ConfigRequest request;
    request.env_name = "test";
    EXPECT_EQ(parse(k_basic, request).database_url, "sqlite:///test.db");
    EXPECT_FALSE(parse(k_basic, request).backup);

    request.env_database_url = "sqlite:///from-env.db";
    EXPECT_EQ(parse(k_basic, request).database_url, "sqlite:///from-env.db");
    EXPECT_EQ(parse(k_basic, request).database_url_source, "MIG_DATABASE_URL");

    request.database_url = "sqlite:///from-flag.db";
    EXPECT_EQ(parse(k_basic, request).database_url, "sqlite:///from-flag.db");
    EXPECT_EQ(parse(k_basic, request).database_url_source, "--database-url");
}

TEST(Config, UnknownEnvironmentListsTheKnownOnes) {
    ConfigRequest request;
    request.env_name = "tset";
    try {
        parse(k_basic, request);
        FAIL() << "expected an error";
    } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("unknown environment 'tset'"), std::string::npos);
        EXPECT_NE(error.hint().find("did you mean 'test'"), std::string::npos);
    }
}

TEST(Config, InvalidTomlNamesFileAndLine) {
    try {
        parse("[database]\nurl = \"sqlite:///a.db\"\nbackup = maybe\n");
        FAIL() << "expected an error";
    } catch (const ParseError& error) {
        EXPECT_EQ(error.file(), "/project/mig.toml");
        EXPECT_EQ(error.line(), 3);
    }
}

TEST(Config, WrongTypeIsAnError) {
    EXPECT_THROW(parse("[database]\nurl = 5\n"), InputError);
    EXPECT_THROW(parse("[database]\nurl = \"sqlite:///a.db\"\nbackup_keep = 0\n"), InputError);
}

TEST(Config, MissingUrlIsAnError) {
    EXPECT_THROW(parse("[model]\npaths = []\n"), InputError);
}

TEST(Config, UnknownKeysWarnWithASuggestion) {
    Config config = parse("[database]\nurl = \"sqlite:///a.db\"\nbakup = true\n");
    ASSERT_EQ(config.warnings.size(), 1u);
    EXPECT_NE(config.warnings[0].find("mig.toml:3"), std::string::npos);
    EXPECT_NE(config.warnings[0].find("did you mean 'backup'"), std::string::npos);
}

TEST(Config, DiscoveryWalksUpFromASubfolder) {
    test::TempDir dir;
    dir.write("mig.toml", "[database]\nurl = \"sqlite:///app.db\"\n");
    fs::create_directories(dir / "src/deep");
    ConfigRequest request;
    request.start_dir = dir / "src/deep";
    Config config = load_config(request);
    EXPECT_EQ(config.file, dir / "mig.toml");
    EXPECT_EQ(config.root, dir.path());
}

TEST(Config, NoConfigFileIsAnErrorSuggestingInit) {
    test::TempDir dir;
    ConfigRequest request;
    request.start_dir = dir.path();
    try {
        load_config(request);
        FAIL() << "expected an error";
    } catch (const InputError& error) {
        EXPECT_NE(error.hint().find("mig init"), std::string::npos);
    }
}

TEST(Config, ExplicitConfigFileIsUsedAsGiven) {
    test::TempDir dir;
    dir.write("conf/other.toml", "[database]\nurl = \"sqlite:///x.db\"\n");
    ConfigRequest request;
    request.start_dir = dir.path();
    request.config_file = "conf/other.toml";
    Config config = load_config(request);
    EXPECT_EQ(config.root, dir / "conf");
    request.config_file = "conf/missing.toml";
    EXPECT_THROW(load_config(request), InputError);
}

TEST(Config, ModelCommandAndItsTimeout) {
    Config defaults =
        parse("[database]\nurl = \"sqlite:///a.db\"\n[model]\ncommand = \"python3 dump.py\"\n");
    EXPECT_EQ(defaults.model_command, "python3 dump.py");
    EXPECT_EQ(defaults.model_command_timeout, std::chrono::seconds(60));
    EXPECT_TRUE(defaults.warnings.empty());

    Config set = parse("[database]\nurl = \"sqlite:///a.db\"\n[model]\ncommand_timeout = 2.5\n");
    EXPECT_EQ(set.model_command_timeout, std::chrono::milliseconds(2500));
    EXPECT_TRUE(set.warnings.empty());

    EXPECT_THROW(parse("[database]\nurl = \"sqlite:///a.db\"\n[model]\ncommand_timeout = 0\n"),
                 InputError);
    EXPECT_THROW(parse("[database]\nurl = \"sqlite:///a.db\"\n[model]\ncommand_timeout = \"60\"\n"),
                 InputError);
}

}  // namespace
}  // namespace mig::config
