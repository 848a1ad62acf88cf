#include "workflow/model.hpp"

#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace mig::workflow {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::vector<std::string> table_names(SQLite::Database& database) {
    SQLite::Statement query(database,
                            "SELECT type || ' ' || name FROM sqlite_schema ORDER BY name");
    std::vector<std::string> names;
    while (query.executeStep()) {
        names.push_back(query.getColumn(0).getString());
    }
    return names;
}

// Killed, whether or not reaped yet: in some containers PID 1 never reaps orphans, and a
// zombie runs nothing.
bool process_gone(pid_t pid) {
    if (::kill(pid, 0) != 0) {
        return true;
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::size_t end_of_name = text.rfind(") ");
    return end_of_name != std::string::npos && text.substr(end_of_name + 2, 1) == "Z";
}

// A project in a temporary folder whose [model] each test sets.
class ModelTest : public ::testing::Test {
protected:
    Project project(std::vector<std::string> paths,
                    std::optional<std::string> command = std::nullopt,
                    std::chrono::milliseconds timeout = 60s) const {
        config::Config config;
        config.root = m_root;
        config.file = m_root / "mig.toml";
        config.database_url = "sqlite:///app.db";
        config.migrations_dir = m_root / "migrations";
        config.model_paths = std::move(paths);
        config.model_command = std::move(command);
        config.model_command_timeout = timeout;
        return Project(std::move(config));
    }

    LoadedModel load(std::vector<std::string> paths) const {
        return load_model(project(std::move(paths)));
    }

    LoadedModel run(const std::string& command, std::chrono::milliseconds timeout = 60s) const {
        return load_model(project({}, command, timeout));
    }

    // The message of the InputError loading `configured` throws.
    std::string error_of(const Project& configured) const {
        try {
            load_model(configured);
        } catch (const InputError& error) {
            m_hint = error.hint();
            return error.what();
        }
        ADD_FAILURE() << "no error";
        return {};
    }

    std::vector<std::string> relative(const std::vector<fs::path>& files) const {
        std::vector<std::string> names;
        for (const fs::path& file : files) {
            names.push_back(fs::relative(file, m_root).string());
        }
        return names;
    }

    test::TempDir m_dir;
    fs::path m_root = m_dir.path();
    mutable std::string m_hint;
};

TEST_F(ModelTest, PathsLoadInListedOrderWithEachGlobSortedByName) {
    m_dir.write("base.sql", "CREATE TABLE base (id INTEGER PRIMARY KEY);");
    m_dir.write("models/b_index.sql", "CREATE INDEX thing_base ON thing (base_id);");
    m_dir.write("models/a_table.sql", "CREATE TABLE thing (base_id REFERENCES base (id));");
    m_dir.write("models/c_view.sql", "CREATE VIEW things AS SELECT * FROM thing;");
    LoadedModel model = load({"base.sql", "models/*.sql"});
    EXPECT_THAT(relative(model.files), ElementsAre("base.sql", "models/a_table.sql",
                                                   "models/b_index.sql", "models/c_view.sql"));
    EXPECT_THAT(table_names(*model.database),
                ElementsAre("table base", "table thing", "index thing_base", "view things"));
}

TEST_F(ModelTest, GlobOrderIsByteOrderWhateverTheLocale) {
    for (const char* name : {"models/b.sql", "models/B.sql", "models/a.sql", "models/_.sql"}) {
        m_dir.write(name, "");
    }
    EXPECT_THAT(relative(expand_model_paths({"models/?.sql"}, m_root)),
                ElementsAre("models/B.sql", "models/_.sql", "models/a.sql", "models/b.sql"));
}

TEST_F(ModelTest, FileMatchedTwiceLoadsOnceAtItsFirstPlace) {
    m_dir.write("models/z_tables.sql", "CREATE TABLE t (a);");
    m_dir.write("models/index.sql", "CREATE INDEX t_a ON t (a);");
    LoadedModel model = load({"models/z_tables.sql", "models/*.sql"});
    EXPECT_THAT(relative(model.files), ElementsAre("models/z_tables.sql", "models/index.sql"));
}

TEST_F(ModelTest, FoldersAreSkipped) {
    m_dir.write("models/schema.sql", "CREATE TABLE t (a);");
    m_dir.write("models/old.sql/readme", "a folder named like a model file");
    EXPECT_THAT(relative(load({"models/*"}).files), ElementsAre("models/schema.sql"));
}

TEST_F(ModelTest, ProjectFolderWithGlobCharactersIsNotAPattern) {
    m_root = m_dir / "project [v2] *";
    m_dir.write("project [v2] */models/schema.sql", "CREATE TABLE t (a);");
    EXPECT_THAT(table_names(*load({"models/*.sql"}).database), ElementsAre("table t"));
}

TEST_F(ModelTest, AbsolutePathIsUsedAsIs) {
    fs::path file = m_dir.write("elsewhere/schema.sql", "CREATE TABLE t (a);");
    EXPECT_EQ(load({file.string()}).files, std::vector<fs::path>{file});
}

TEST_F(ModelTest, MissingFileIsAnErrorNamingIt) {
    m_dir.write("models/schema.sql", "CREATE TABLE t (a);");
    EXPECT_EQ(error_of(project({"models/schema.sql", "models/missing.sql"})),
              "[model] paths: \"models/missing.sql\" matches no file");
    EXPECT_EQ(m_hint, "paths are relative to mig.toml's folder " + m_root.string() +
                          "; fix [model] paths in mig.toml");
    EXPECT_EQ(error_of(project({"models/*.ddl"})),
              "[model] paths: \"models/*.ddl\" matches no file");
}

TEST_F(ModelTest, SyntaxErrorNamesFileAndLine) {
    m_dir.write("models/a.sql", "CREATE TABLE a (id);\n");
    m_dir.write("models/b.sql",
                "-- users\nCREATE TABLE b (id);\n\nCREATE TABLE \"user\" (\n  id INTEGR PRIMARY "
                "KEY,\n);\n");
    try {
        load({"models/*.sql"});
        FAIL() << "no error";
    } catch (const ParseError& error) {
        EXPECT_STREQ(error.what(),
                     "models/b.sql:4: CREATE TABLE \"user\" (...: near \")\": syntax error");
        EXPECT_EQ(error.file(), "models/b.sql");
        EXPECT_EQ(error.line(), 4);
        EXPECT_EQ(error.hint(), "fix the model in models/b.sql");
    }
}

TEST_F(ModelTest, NothingConfiguredSaysToSetPaths) {
    EXPECT_EQ(error_of(project({})),
              "no model: " + (m_root / "mig.toml").string() + " has no [model] paths or command");
    EXPECT_THAT(m_hint, HasSubstr("set paths = [\"models/schema.sql\"] under [model]"));
}

TEST_F(ModelTest, PathsAndCommandTogetherAreAnError) {
    EXPECT_THAT(error_of(project({"models/*.sql"}, "cat schema.sql")),
                HasSubstr("[model] sets both paths and command"));
}

TEST_F(ModelTest, CommandOutputIsTheModelAndRunsInTheProjectFolder) {
    m_dir.write("dump_schema.sh",
                "echo 'CREATE TABLE \"user\" (id INTEGER PRIMARY KEY);'\n"
                "echo 'CREATE INDEX user_id ON \"user\" (id);'\n"
                "echo 'some progress output' >&2\n");
    LoadedModel model = run("sh dump_schema.sh");
    EXPECT_TRUE(model.files.empty());
    EXPECT_THAT(table_names(*model.database), ElementsAre("table user", "index user_id"));
}

TEST_F(ModelTest, CommandFailureShowsCommandStatusAndEndOfStderr) {
    const std::string command =
        "for i in 1 2 3 4 5 6; do echo \"line $i\" >&2; done; echo 'CREATE TABLE t (a);'; exit 3";
    EXPECT_EQ(error_of(project({}, command)),
              "[model] command `" + command +
                  "` failed with exit status 3; its stderr ends: line 2 | line 3 | line 4 | line "
                  "5 | line 6");
    EXPECT_EQ(m_hint, "run it in " + m_root.string() + " to see what goes wrong");
}

TEST_F(ModelTest, CommandKilledBySignalIsAnError) {
    EXPECT_EQ(error_of(project({}, "kill -9 $$")),
              "[model] command `kill -9 $$` was killed by signal 9");
}

TEST_F(ModelTest, CommandTimeoutStopsItsWholeProcessGroup) {
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(
        error_of(project({}, "echo started >&2; sleep 30 & echo $! > sleeper.pid; wait", 200ms)),
        "[model] command `echo started >&2; sleep 30 & echo $! > sleeper.pid; wait` did not "
        "finish within 0.2 s and was stopped; its stderr ends: started");
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_THAT(m_hint, HasSubstr("[model] command_timeout"));

    // The background sleep was in the command's process group: it is gone too (it may take
    // a moment for the signal to land).
    const pid_t sleeper = std::stoi(m_dir.read("sleeper.pid"));
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = process_gone(sleeper);
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_TRUE(gone);
}

TEST_F(ModelTest, BackgroundProcessHoldingTheOutputDoesNotStallLoading) {
    const auto started = std::chrono::steady_clock::now();
    LoadedModel model = run("sleep 3 & echo 'CREATE TABLE t (a);'");
    EXPECT_THAT(table_names(*model.database), ElementsAre("table t"));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST_F(ModelTest, EmptyCommandOutputIsAnError) {
    EXPECT_EQ(error_of(project({}, "true")), "[model] command `true` printed no SQL statement");
    EXPECT_EQ(error_of(project({}, "echo '-- no tables'; echo 'warning: no app' >&2")),
              "[model] command `echo '-- no tables'; echo 'warning: no app' >&2` printed no SQL "
              "statement; its stderr ends: warning: no app");
}

TEST_F(ModelTest, ErrorInCommandOutputNamesCommandLine) {
    try {
        run("printf 'CREATE TABLE t (a);\\n\\nCREATE TABLE t (b);\\n'");
        FAIL() << "no error";
    } catch (const ParseError& error) {
        EXPECT_STREQ(error.what(), "[model] command:3: CREATE TABLE t (b): table t already exists");
        EXPECT_THAT(error.hint(), HasSubstr("fix the DDL that the command prints"));
    }
}

}  // namespace
}  // namespace mig::workflow
