// The Flask-SQLAlchemy recipe end to end: a real Flask app whose model is printed as DDL by
// docs/recipes/flask/dump_schema.py (mig.toml's `[model] command`), `mig migrate` after the model
// changes, `mig upgrade`, and the app writing through the migrated schema.
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// Whether `python` (a name looked up in PATH, or a path) can import Flask-SQLAlchemy.
bool imports_flask_sqlalchemy(const std::string& python) {
    MigResult probe = run_program(
        fs::temp_directory_path(),
        {"/bin/sh", "-c", "exec \"$0\" -c 'import flask_sqlalchemy' 2>/dev/null", python});
    return probe.exit_code == 0;
}

// The interpreter that `python3` must be for the recipe to work: the one in PATH, or else
// Debian's (a PATH python3 from pyenv or a virtualenv does not see python3-flask-sqlalchemy).
std::optional<std::string> flask_python() {
    for (const char* candidate : {"python3", "/usr/bin/python3"}) {
        if (imports_flask_sqlalchemy(candidate)) {
            return candidate;
        }
    }
    return std::nullopt;
}

class Flask : public ::testing::Test {
protected:
    void SetUp() override {
        std::optional<std::string> python = flask_python();
        if (!python) {
            GTEST_SKIP() << "python3 cannot import flask_sqlalchemy (Debian: apt-get install "
                            "python3-flask-sqlalchemy, or scripts/install-deps.sh)";
        }
        if (*python != "python3") {
            // mig runs `python3 dump_schema.py` through /bin/sh: put that python3 first in PATH.
            fs::create_symlink(*python, m_bin / "python3");
            const char* path = std::getenv("PATH");
            m_env["PATH"] =
                m_bin.path().string() + ":" + (path != nullptr ? path : "/usr/bin:/bin");
        }
        fs::copy_file(fs::path(MIG_SOURCE_DIR) / "docs/recipes/flask/dump_schema.py",
                      project / "dump_schema.py");
        project.write_config(
            "[database]\n"
            "url = \"sqlite:///app.db\"\n"
            "\n"
            "[model]\n"
            "command = \"python3 dump_schema.py\"\n");
    }

    // app.py: the Flask app on the project's app.db, with the User model and `extra` lines
    // appended to its body.
    void write_app(std::string_view extra = {}) const {
        std::string source =
            "import os\n"
            "\n"
            "from flask import Flask\n"
            "from flask_sqlalchemy import SQLAlchemy\n"
            "\n"
            "app = Flask(__name__)\n"
            "app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///' + os.path.join(\n"
            "    os.path.dirname(os.path.abspath(__file__)), 'app.db')\n"
            "db = SQLAlchemy(app)\n"
            "\n"
            "\n"
            "class User(db.Model):\n"
            "    id = db.Column(db.Integer, primary_key=True)\n"
            "    username = db.Column(db.String(64), unique=True, index=True)\n"
            "    email = db.Column(db.String(120))\n";
        source += extra;
        project.dir().write("app.py", source);
    }

    MigResult mig(const std::vector<std::string>& args) const { return project.mig(args, m_env); }

    // `mig migrate -m MESSAGE` that must write a file; returns its text.
    std::string migrate(const std::string& message) const {
        MigResult result = mig({"migrate", "-m", message});
        EXPECT_MIG_OK(result);
        std::string file = generated_file(result);
        EXPECT_FALSE(file.empty()) << describe(result);
        return file.empty() ? std::string() : project.dir().read(file);
    }

    // Runs Python code in the project with the interpreter the recipe uses.
    MigResult python(const std::string& code) const {
        return run_program(project.root(), {"/bin/sh", "-c", "exec python3 -c \"$0\"", code},
                           m_env);
    }

    TempDir m_bin;
    std::map<std::string, std::string> m_env;
    Project project;
};

TEST_F(Flask, ModelChangeBecomesAddColumnRevision) {
    write_app();
    std::string initial = migrate("Initial");
    EXPECT_THAT(initial, HasSubstr("CREATE TABLE user"));
    EXPECT_THAT(initial, HasSubstr("ix_user_username"));
    ASSERT_MIG_OK(mig({"upgrade"}));
    EXPECT_MIG_OK(mig({"check"}));

    MigResult unchanged = mig({"migrate", "-m", "nothing"});
    EXPECT_MIG_OK(unchanged);
    EXPECT_EQ(unchanged.out, "No changes in schema detected.\n");

    write_app("    age = db.Column(db.Integer)\n");
    MigResult pending = mig({"check"});
    EXPECT_EQ(pending.exit_code, 1) << describe(pending);
    EXPECT_THAT(pending.out, HasSubstr("age"));

    std::string added = migrate("Add age column to user model");
    const auto downgrade = added.find("-- mig:downgrade");
    ASSERT_NE(downgrade, std::string::npos) << added;
    EXPECT_THAT(added.substr(0, downgrade),
                HasSubstr("ALTER TABLE \"user\" ADD COLUMN \"age\" INTEGER;"));
    EXPECT_THAT(added.substr(0, downgrade), Not(HasSubstr("mig:destructive")));
    EXPECT_THAT(added.substr(downgrade), HasSubstr("ALTER TABLE \"user\" DROP COLUMN \"age\";"));

    ASSERT_MIG_OK(mig({"upgrade"}));
    EXPECT_EQ(
        query_column(project.db(), "SELECT type FROM pragma_table_info('user') WHERE name = 'age'"),
        (std::vector<std::string>{"INTEGER"}));
    EXPECT_MIG_OK(mig({"check"}));

    // The app works on the migrated database through its own model.
    MigResult insert = python(
        "from app import app, db, User\n"
        "with app.app_context():\n"
        "    db.session.add(User(username='ada', email='ada@example.org', age=36))\n"
        "    db.session.commit()\n");
    EXPECT_EQ(insert.exit_code, 0) << describe(insert);
    EXPECT_EQ(query_rows(project.db(), "SELECT username, email, age FROM user"),
              (std::vector<std::vector<std::string>>{{"ada", "ada@example.org", "36"}}));
}

}  // namespace
}  // namespace mig::test
