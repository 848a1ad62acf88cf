// `mig migrate` and `mig check` end to end: the model file is edited, mig writes the revision,
// and the revision is applied to and reverted from a real SQLite file with rows in it.
#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class Autogenerate : public ::testing::Test {
protected:
    void model(std::string_view ddl) const { project.dir().write("models/schema.sql", ddl); }

    // `mig migrate -m MESSAGE` that must write a file; returns its text.
    std::string migrate(const std::string& message,
                        const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args{"migrate", "-m", message};
        args.insert(args.end(), extra.begin(), extra.end());
        MigResult result = project.mig(args);
        EXPECT_MIG_OK(result);
        std::string file = generated_file(result);
        return project.dir().read(file);
    }

    void upgrade() const { ASSERT_MIG_OK(project.mig({"upgrade"})); }

    Project project;
};

TEST_F(Autogenerate, NoChangeWritesNothing) {
    MigResult result = project.mig({"migrate", "-m", "nothing"});
    EXPECT_MIG_OK(result);
    EXPECT_EQ(result.out, "No changes in schema detected.\n");
    EXPECT_TRUE(fs::is_empty(project.versions()));
}

TEST_F(Autogenerate, CreateThenAddColumnAppliesAndReverts) {
    model("CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n");
    std::string first = migrate("Create user table");
    EXPECT_THAT(first, HasSubstr("CREATE TABLE \"user\""));
    EXPECT_THAT(first, HasSubstr("-- mig:destructive"));  // the downgrade drops the table
    upgrade();
    exec_sql(project.db(), "INSERT INTO \"user\"(name) VALUES ('ada'), ('grace');");

    model("CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER);\n");
    std::string second = migrate("Add age column to user model");
    EXPECT_THAT(second, HasSubstr("ALTER TABLE \"user\" ADD COLUMN \"age\" INTEGER;"));
    upgrade();
    EXPECT_EQ(query_column(project.db(), "SELECT name FROM \"user\" ORDER BY id"),
              (std::vector<std::string>{"ada", "grace"}));
    EXPECT_MIG_OK(project.mig({"check"}));

    ASSERT_MIG_OK(project.mig({"downgrade"}));
    EXPECT_EQ(query_column(project.db(),
                           "SELECT count(*) FROM pragma_table_info('user') WHERE name = 'age'"),
              (std::vector<std::string>{"0"}));
    EXPECT_EQ(query_column(project.db(), "SELECT count(*) FROM \"user\""),
              (std::vector<std::string>{"2"}));
}

TEST_F(Autogenerate, TypeChangeRebuildsTheTableAndKeepsEveryRow) {
    model(
        "CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER, label TEXT);\n"
        "CREATE INDEX item_label ON item(label);\n"
        "CREATE TABLE line (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES item(id));\n");
    migrate("items");
    upgrade();
    exec_sql(project.db(),
             "INSERT INTO item VALUES (1, 10, 'a'), (2, 20, 'b'); INSERT INTO line VALUES (1, 2);");

    model(
        "CREATE TABLE item (id INTEGER PRIMARY KEY, price REAL NOT NULL DEFAULT 0, label TEXT);\n"
        "CREATE INDEX item_label ON item(label);\n"
        "CREATE TABLE line (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES item(id));\n");
    std::string rebuild = migrate("price as real");
    EXPECT_THAT(rebuild, HasSubstr("INSERT INTO"));
    upgrade();
    EXPECT_EQ(query_rows(project.db(), "SELECT id, price, label FROM item ORDER BY id"),
              (std::vector<std::vector<std::string>>{{"1", "10.0", "a"}, {"2", "20.0", "b"}}));
    EXPECT_EQ(query_column(project.db(), "PRAGMA integrity_check"),
              (std::vector<std::string>{"ok"}));
    EXPECT_TRUE(query_rows(project.db(), "PRAGMA foreign_key_check").empty());
    EXPECT_EQ(
        query_column(project.db(),
                     "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'item_label'"),
        (std::vector<std::string>{"item_label"}));
    EXPECT_MIG_OK(project.mig({"check"}));

    ASSERT_MIG_OK(project.mig({"downgrade"}));
    EXPECT_EQ(query_column(project.db(),
                           "SELECT type FROM pragma_table_info('item') WHERE name = 'price'"),
              (std::vector<std::string>{"INTEGER"}));
    EXPECT_EQ(query_column(project.db(), "SELECT count(*) FROM item"),
              (std::vector<std::string>{"2"}));
}

TEST_F(Autogenerate, LikelyRenameIsReportedAndRenameFlagKeepsTheData) {
    model("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n");
    migrate("users");
    upgrade();
    exec_sql(project.db(), "INSERT INTO users(name) VALUES ('ada');");

    model("CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT);\n");
    MigResult guessed = project.mig({"migrate", "-m", "rename", "--sql"});
    EXPECT_MIG_OK(guessed);
    EXPECT_THAT(guessed.err, HasSubstr("--rename users.name=full_name"));
    EXPECT_THAT(guessed.out,
                HasSubstr("-- hint: column users.name was dropped and column full_name added"));
    EXPECT_EQ(std::distance(fs::directory_iterator(project.versions()), fs::directory_iterator()),
              1)
        << "--sql writes nothing";

    std::string renamed = migrate("rename name", {"--rename", "users.name=full_name"});
    EXPECT_THAT(renamed,
                HasSubstr("ALTER TABLE \"users\" RENAME COLUMN \"name\" TO \"full_name\";"));
    EXPECT_THAT(renamed, Not(HasSubstr("DROP COLUMN")));
    upgrade();
    EXPECT_EQ(query_column(project.db(), "SELECT full_name FROM users"),
              (std::vector<std::string>{"ada"}));
}

TEST_F(Autogenerate, CheckFailsWithOneLinePerDifferenceAndTheFix) {
    model("CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\n");
    MigResult result = project.mig({"check"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.out,
              "table a: missing in migrations (the model has it)\n"
              "table b: missing in migrations (the model has it)\n");
    EXPECT_EQ(result.err,
              "mig: error: check found 2 problems (listed above); run `mig migrate -m MESSAGE` to "
              "write a revision for these differences\n");
}

TEST_F(Autogenerate, MigrateWithTwoHeadsAsksForAMergeAndWritesNothing) {
    project.write_revision(rev("x1", {}, "CREATE TABLE a (id INTEGER);", "DROP TABLE a;", "a"));
    project.write_revision(rev("y1", {}, "CREATE TABLE b (id INTEGER);", "DROP TABLE b;", "b"));
    model(
        "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\nCREATE TABLE c (id "
        "INTEGER);\n");
    MigResult result = project.mig({"migrate", "-m", "c"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err,
              "mig: error: the migrations have 2 heads (x1, y1), so there is no single schema to "
              "compare the model with; merge them first with `mig merge -m \"merge heads\" heads`, "
              "then run mig migrate again\n");
    EXPECT_EQ(std::distance(fs::directory_iterator(project.versions()), fs::directory_iterator()),
              2);
}

TEST_F(Autogenerate, ModelSyntaxErrorNamesTheFileAndLine) {
    model("CREATE TABLE a (id INTEGER PRIMARY KEY);\n\nCREATE TABLE b (id INTEGR PRIMARY KEY,);\n");
    MigResult result = project.mig({"migrate", "-m", "broken"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("models/schema.sql:3"));
    EXPECT_TRUE(fs::is_empty(project.versions()));
}

TEST_F(Autogenerate, SemanticallyEqualSpellingsAreNoChange) {
    model("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT DEFAULT 'x');\n");
    migrate("t");
    model(
        "-- the same table, written differently\ncreate table \"t\" (\n  \"id\" integer primary "
        "key,\n  v text default 'x'\n);\n");
    MigResult result = project.mig({"migrate", "-m", "same"});
    EXPECT_MIG_OK(result);
    EXPECT_EQ(result.out, "No changes in schema detected.\n");
}

// A long hand-written history (rebuilds, named constraints, CHAR(36), BOOLEAN, TIMESTAMP
// defaults, AUTOINCREMENT, indexes, a view and a trigger): a model that is a dump of the schema
// it produces must compare equal.
TEST_F(Autogenerate, DumpOfAHandWrittenHistoryComparesEqual) {
    project.write_chain({
        rev("h01", {},
            "CREATE TABLE account (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid CHAR(36) NOT NULL,\n"
            "  email VARCHAR(255) NOT NULL, active BOOLEAN NOT NULL DEFAULT 1,\n"
            "  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n"
            "  CONSTRAINT uq_account_uuid UNIQUE (uuid));",
            "DROP TABLE account;"),
        rev("h02", {}, "CREATE INDEX ix_account_email ON account (email);",
            "DROP INDEX ix_account_email;"),
        rev("h03", {},
            "CREATE TABLE \"order\" (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL,\n"
            "  total NUMERIC(10, 2) DEFAULT 0, CONSTRAINT fk_order_account FOREIGN KEY "
            "(account_id)\n"
            "  REFERENCES account (id) ON DELETE CASCADE);",
            "DROP TABLE \"order\";"),
        rev("h04", {}, "ALTER TABLE account ADD COLUMN nickname TEXT;",
            "ALTER TABLE account DROP COLUMN nickname;"),
        // A rebuild by hand: total becomes NOT NULL with a CHECK.
        rev("h05", {},
            "CREATE TABLE order_new (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL,\n"
            "  total NUMERIC(10, 2) NOT NULL DEFAULT 0 CONSTRAINT ck_order_total CHECK (total >= "
            "0),\n"
            "  CONSTRAINT fk_order_account FOREIGN KEY (account_id) REFERENCES account (id) ON "
            "DELETE CASCADE);\n"
            "INSERT INTO order_new SELECT id, account_id, coalesce(total, 0) FROM \"order\";\n"
            "DROP TABLE \"order\";\n"
            "ALTER TABLE order_new RENAME TO \"order\";",
            "SELECT 1;"),
        rev("h06", {}, "CREATE INDEX ix_order_account ON \"order\" (account_id) WHERE total > 0;",
            "DROP INDEX ix_order_account;"),
        rev("h07", {}, "CREATE VIEW active_account AS SELECT id, email FROM account WHERE active;",
            "DROP VIEW active_account;"),
        rev("h08", {},
            "CREATE TRIGGER account_touch AFTER UPDATE OF email ON account BEGIN\n"
            "  UPDATE account SET created_at = created_at WHERE id = NEW.id;\nEND;",
            "DROP TRIGGER account_touch;"),
    });
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    std::string dump;
    for (const auto& sql :
         query_column(project.db(),
                      "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE "
                      "'mig_%' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
        dump += sql + ";\n";
    }
    model(dump);
    MigResult check = project.mig({"check"});
    EXPECT_MIG_OK(check);
    MigResult migrate_result = project.mig({"migrate", "-m", "nothing"});
    EXPECT_MIG_OK(migrate_result);
    EXPECT_EQ(migrate_result.out, "No changes in schema detected.\n");
}

// A drop and an add of the same shape is reported as a likely rename in plain `-- hint:`
// comments (never `-- mig:` lines, which the parser would reject): the file parses back, the
// drop + add runs, and the hint gives the exact command for a rename.
TEST_F(Autogenerate, DropAndAddOfATableOfTheSameShapeWritesARevisionThatRuns) {
    model("CREATE TABLE a (id integer);\n");
    migrate("a");
    upgrade();
    model("CREATE TABLE b (id integer);\n");
    std::string text = migrate("a to b");
    EXPECT_THAT(text, HasSubstr("-- hint: table a was dropped and table b added"));
    EXPECT_THAT(text, HasSubstr("-- hint:     mig migrate -m 'a to b' --rename a=b\n"));
    EXPECT_THAT(text, Not(HasSubstr("-- mig: ")));
    upgrade();
    EXPECT_EQ(query_column(project.db(),
                           "SELECT name FROM sqlite_schema WHERE name IN ('a', 'b') ORDER BY 1"),
              (std::vector<std::string>{"b"}));
    EXPECT_MIG_OK(project.mig({"check"}));
    ASSERT_MIG_OK(project.mig({"downgrade"}));
}

TEST_F(Autogenerate, DropAndAddOfAColumnOfTheSameShapeWritesARevisionThatRuns) {
    model("CREATE TABLE t (id INTEGER PRIMARY KEY, old_name TEXT);\n");
    migrate("t");
    upgrade();
    model("CREATE TABLE t (id INTEGER PRIMARY KEY, new_name TEXT);\n");
    std::string text = migrate("replace column");
    EXPECT_THAT(text, HasSubstr("-- hint: column t.old_name was dropped and column new_name"));
    EXPECT_THAT(text, HasSubstr("--rename t.old_name=new_name\n"));
    upgrade();
    EXPECT_MIG_OK(project.mig({"check"}));
    ASSERT_MIG_OK(project.mig({"downgrade"}));
}

// A template that no longer renders a parsable revision is named with its own line.
TEST_F(Autogenerate, BrokenTemplateIsBlamedWithItsLineAndNothingIsWritten) {
    project.dir().write("migrations/script.sql.tmpl",
                        "-- mig:revision ${revision}\n-- mig:parents ${parents}\n"
                        "-- mig:message ${message}\n-- mig:created ${created}\n\n"
                        "-- mig:upgrade\n${upgrade}\n-- mig:upgrade\n${downgrade}\n");
    model("CREATE TABLE t (id INTEGER);\n");
    MigResult result = project.mig({"migrate", "-m", "t"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("migrations/script.sql.tmpl:8: "));
    EXPECT_THAT(result.err, HasSubstr("repeated `-- mig:upgrade`"));
    EXPECT_THAT(result.err, Not(HasSubstr("bug in mig")));
    EXPECT_TRUE(fs::is_empty(project.versions()));
}

// Convergence: an added column keeps its column constraints (CHECK, REFERENCES with actions,
// COLLATE, a constant DEFAULT) through ADD COLUMN, so `mig check` agrees right after upgrade.
TEST_F(Autogenerate, AddColumnKeepsItsConstraintsSoCheckAgreesAfterUpgrade) {
    model(
        "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE t (id INTEGER PRIMARY KEY);\n");
    migrate("tables");
    upgrade();
    exec_sql(project.db(), "INSERT INTO p VALUES (1); INSERT INTO t VALUES (1), (2);");
    model(
        "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE t (id INTEGER PRIMARY KEY,\n"
        "  qty INTEGER DEFAULT 0 CHECK (qty >= 0),\n"
        "  p_id INTEGER REFERENCES p(id) ON DELETE SET NULL,\n"
        "  label TEXT COLLATE NOCASE CONSTRAINT label_short CHECK (length(label) < 10));\n");
    std::string text = migrate("constrained columns");
    EXPECT_THAT(text, HasSubstr("ADD COLUMN \"qty\" INTEGER DEFAULT 0 CHECK (qty >= 0);"));
    EXPECT_THAT(text, HasSubstr("ADD COLUMN \"p_id\" INTEGER REFERENCES \"p\" (\"id\") ON DELETE "
                                "SET NULL;"));
    EXPECT_THAT(text, HasSubstr("ADD COLUMN \"label\" TEXT COLLATE NOCASE CONSTRAINT "
                                "\"label_short\" CHECK (length(label) < 10);"));
    upgrade();
    MigResult check = project.mig({"check", "--db"});
    EXPECT_MIG_OK(check);
    exec_sql(project.db(), "PRAGMA foreign_keys = ON; UPDATE t SET p_id = 1; DELETE FROM p;");
    EXPECT_EQ(query_column(project.db(), "SELECT count(*) FROM t WHERE p_id IS NULL"),
              (std::vector<std::string>{"2"}))
        << "ON DELETE SET NULL was kept";
    ASSERT_MIG_OK(project.mig({"downgrade"}));
    EXPECT_EQ(query_column(project.db(), "SELECT count(*) FROM pragma_table_info('t')"),
              (std::vector<std::string>{"1"}));
}

}  // namespace
}  // namespace mig::test
