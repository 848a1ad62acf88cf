// Every key of mig.toml with the wrong type or out of its range is refused (exit 2) naming
// `mig.toml:LINE: [section] key`, what is allowed and what was there; never a silent default,
// never a value that overflows later (lock_timeout = inf once became a negative wait).

#include "config/config.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::config {
namespace {

Config parse(const std::string& text, ConfigRequest request = {}) {
    return parse_config(text, "/project/mig.toml", request);
}

// The error of parsing `text`, or "no error".
std::string error_of(const std::string& text, ConfigRequest request = {}) {
    try {
        parse(text, request);
    } catch (const InputError& error) {
        EXPECT_EQ(error.code(), ExitCode::bad_input);
        EXPECT_EQ(error.hint(), "fix the value in mig.toml") << text;
        return error.what();
    }
    return "no error";
}

const std::string k_url = "[database]\nurl = \"sqlite:///a.db\"\n";

struct Bad {
    std::string toml;  // after k_url
    std::string message;
};

TEST(ConfigValues, OutOfRangeOrWrongTypeNamesLineSectionKeyRangeAndValue) {
    const std::string seconds = "a number of seconds from 0 to 86400";
    const std::vector<Bad> cases = {
        {"lock_timeout = inf", "3: [database] lock_timeout must be " + seconds + " (got inf)"},
        {"lock_timeout = -inf", "3: [database] lock_timeout must be " + seconds + " (got -inf)"},
        {"lock_timeout = nan", "3: [database] lock_timeout must be " + seconds + " (got nan)"},
        {"lock_timeout = -1", "3: [database] lock_timeout must be " + seconds + " (got -1)"},
        {"lock_timeout = -0.5", "3: [database] lock_timeout must be " + seconds + " (got -0.5)"},
        {"lock_timeout = 1e300", "3: [database] lock_timeout must be " + seconds + " (got 1e+300)"},
        {"lock_timeout = 9223372036854775807",
         "3: [database] lock_timeout must be " + seconds + " (got 9223372036854775807)"},
        {"lock_timeout = 86401", "3: [database] lock_timeout must be " + seconds + " (got 86401)"},
        {"lock_timeout = \"30s\"",
         "3: [database] lock_timeout must be " + seconds + " (got \"30s\")"},
        {"lock_timeout = true", "3: [database] lock_timeout must be " + seconds + " (got true)"},
        {"backup_keep = 0",
         "3: [database] backup_keep must be a whole number from 1 to 1000 (got 0)"},
        {"backup_keep = 1001",
         "3: [database] backup_keep must be a whole number from 1 to 1000 (got 1001)"},
        {"backup_keep = 2.5",
         "3: [database] backup_keep must be a whole number from 1 to 1000 (got 2.5)"},
        {"backup_keep = \"5\"",
         "3: [database] backup_keep must be a whole number from 1 to 1000 (got \"5\")"},
        {"backup = \"yes\"", "3: [database] backup must be true or false (got \"yes\")"},
        {"backup = 1", "3: [database] backup must be true or false (got 1)"},
        {"schema = 5", "3: [database] schema must be a non-empty string (got 5)"},
        {"schema = \"" + std::string(64, 's') + "\"",
         "3: [database] schema must be a schema name of 1 to 63 bytes without control "
         "characters (got \"" +
             std::string(40, 's') + "...\")"},
        {"schema = \"a\\nb\"",
         "3: [database] schema must be a schema name of 1 to 63 bytes without control "
         "characters (got \"a\nb\")"},
        {"statement_timeout = -1",
         "3: [database] statement_timeout must be " + seconds + " (got -1)"},
        {"statement_timeout = \"5s\"",
         "3: [database] statement_timeout must be " + seconds + " (got \"5s\")"},
        {"dev_url = \"\"", "3: [database] dev_url must be a non-empty string (got \"\")"},
        {"schemas = [1]", "3: [database] schemas must be a non-empty string (got 1)"},
        {"[model]\npaths = 5", "4: [model] paths must be a string or a list of strings (got 5)"},
        {"[model]\npaths = [\"\"]", "4: [model] paths must be a non-empty string (got \"\")"},
        {"[model]\ncommand = \"\"", "4: [model] command must be a non-empty string (got \"\")"},
        {"[model]\ncommand_timeout = 0",
         "4: [model] command_timeout must be a number of seconds above 0, at most 86400 (got 0)"},
        {"[model]\ncommand_timeout = inf",
         "4: [model] command_timeout must be a number of seconds above 0, at most 86400 (got "
         "inf)"},
        {"[migrations]\ndirectory = \"\"",
         "4: [migrations] directory must be a non-empty string (got \"\")"},
        {"[migrations]\ndirectory = [\"a\"]",
         "4: [migrations] directory must be a non-empty string (got a list)"},
        {"[hooks]\nsync = \"yes\"", "4: [hooks] sync must be true or false (got \"yes\")"},
        {"[hooks]\nsnapshots = 0", "4: [hooks] snapshots must be true or false (got 0)"},
        {"[hooks]\nsnapshot_keep = 0",
         "4: [hooks] snapshot_keep must be a whole number from 1 to 1000 (got 0)"},
        {"[hooks]\nsnapshot_keep = 2.5",
         "4: [hooks] snapshot_keep must be a whole number from 1 to 1000 (got 2.5)"},
        {"[hooks]\npublished = \"\"", "4: [hooks] published must be a non-empty string (got \"\")"},
    };
    for (const Bad& bad : cases) {
        EXPECT_EQ(error_of(k_url + bad.toml + "\n"), "/project/mig.toml:" + bad.message)
            << bad.toml;
    }
}

TEST(ConfigValues, TheDatabaseTableItselfAndItsUrl) {
    EXPECT_EQ(error_of("database = \"sqlite:///a.db\"\n"),
              "/project/mig.toml:1: database must be a table ([database]) (got "
              "\"sqlite:///a.db\")");
    EXPECT_EQ(error_of("model = 5\n" + k_url),
              "/project/mig.toml:1: model must be a table ([model]) (got 5)");
    EXPECT_EQ(error_of("[database]\nurl = \"\"\n"),
              "/project/mig.toml:2: [database] url must be a non-empty string (got \"\")");
    EXPECT_EQ(error_of("[database]\nurl = 5\n"),
              "/project/mig.toml:2: [database] url must be a non-empty string (got 5)");
}

TEST(ConfigValues, AnEnvironmentTableNamesItself) {
    ConfigRequest request;
    request.env_name = "ci";
    EXPECT_EQ(error_of(k_url + "[env.ci]\nlock_timeout = nan\n", request),
              "/project/mig.toml:4: [env.ci] lock_timeout must be a number of seconds from 0 to "
              "86400 (got nan)");
    EXPECT_EQ(error_of(k_url + "[env]\nci = 3\n", request),
              "/project/mig.toml:4: [env] ci must be a table ([env.ci]) (got 3)");
}

TEST(ConfigValues, ValuesInRangeAreKept) {
    Config config = parse(k_url +
                          "lock_timeout = 0\nbackup_keep = 1000\nbackup = false\n"
                          "[model]\ncommand = \"dump\"\ncommand_timeout = 0.25\n"
                          "[hooks]\nsync = true\nsnapshots = false\nsnapshot_keep = 3\n"
                          "published = \"origin/main\"\n");
    EXPECT_EQ(config.lock_timeout, std::chrono::milliseconds(0));
    EXPECT_EQ(config.backup_keep, 1000);
    EXPECT_FALSE(config.backup);
    EXPECT_EQ(config.model_command_timeout, std::chrono::milliseconds(250));
    EXPECT_TRUE(config.hooks_sync);
    EXPECT_EQ(config.hooks_snapshot_keep, 3);
    EXPECT_EQ(parse(k_url).hooks_snapshot_keep, 10);
    EXPECT_EQ(config.hooks_published, "origin/main");
    EXPECT_TRUE(config.warnings.empty()) << config.warnings.front();

    EXPECT_EQ(parse(k_url + "lock_timeout = 86400\n").lock_timeout, std::chrono::hours(24));
    EXPECT_EQ(parse(k_url + "lock_timeout = 1.5\n").lock_timeout, std::chrono::milliseconds(1500));
    EXPECT_TRUE(parse(k_url + "[model]\npaths = []\n").model_paths.empty());
}

TEST(ConfigValues, PostgresSessionKeys) {
    Config config =
        parse(k_url + "statement_timeout = 2.5\nschema = \"" + std::string(63, 's') + "\"\n");
    EXPECT_EQ(config.statement_timeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(config.schema, std::string(63, 's'));
    EXPECT_TRUE(config.warnings.empty()) << config.warnings.front();
    EXPECT_EQ(parse(k_url + "statement_timeout = 0\n").statement_timeout,
              std::chrono::milliseconds(0));
    EXPECT_EQ(parse(k_url).statement_timeout, std::nullopt);
    EXPECT_EQ(parse(k_url).schema, std::nullopt);
    ConfigRequest request;
    request.env_name = "ci";
    EXPECT_EQ(parse(k_url + "statement_timeout = 1\n[env.ci]\nstatement_timeout = 60\n", request)
                  .statement_timeout,
              std::chrono::seconds(60));
}

TEST(ConfigValues, UnknownKeysWarnWithTheClosestKnownOne) {
    Config config = parse(k_url +
                          "lock_timout = 5\n[model]\npath = \"a.sql\"\n[migration]\n"
                          "[hooks]\nsnapshot = true\n");
    ASSERT_EQ(config.warnings.size(), 4U);
    EXPECT_EQ(config.warnings[0],
              "/project/mig.toml:6: unknown key 'migration' in mig.toml; did you mean "
              "'migrations'?");
    EXPECT_EQ(config.warnings[1],
              "/project/mig.toml:3: unknown key 'lock_timout' in [database]; did you mean "
              "'lock_timeout'?");
    EXPECT_EQ(config.warnings[2],
              "/project/mig.toml:5: unknown key 'path' in [model]; did you mean 'paths'?");
    EXPECT_EQ(config.warnings[3],
              "/project/mig.toml:8: unknown key 'snapshot' in [hooks]; did you mean "
              "'snapshots'?");
}

}  // namespace
}  // namespace mig::config
