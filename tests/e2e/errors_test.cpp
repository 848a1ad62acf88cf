// Every failure: its exit code, its one `mig: error:` line, and that the database is exactly
// as it was (or, for the revisions a run already committed, as they left it).

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

const RevisionSpec k_base_table =
    rev("aaa", {}, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);", "DROP TABLE t;", "t");

// A project whose database is at `aaa` (table t with one row); returns its dump.
std::string migrated_project(const Project& project) {
    RevisionSpec spec = k_base_table;
    spec.upgrade += "\nINSERT INTO t VALUES (1, 'one');";
    project.write_revision(spec);
    MigResult result = project.mig({"upgrade"});
    EXPECT_MIG_OK(result);
    return dump_database(project.db());
}

// --- unparseable files and broken graphs: exit 2 --------------------------------------------

struct BrokenInput {
    const char* name;
    void (*write)(const Project&);
    // The error line from the file's name on: mig may name the file with or without the
    // folders leading to it.
    const char* error_tail;
};

// gtest prints this in test names, instead of the struct's bytes.
[[maybe_unused]] void PrintTo(const BrokenInput& input, std::ostream* out) {
    *out << input.name;
}

void write_unknown_directive(const Project& project) {
    project.dir().write("migrations/versions/bbb_typo.sql",
                        "-- mig:revision bbb\n-- mig:parents aaa\n\n-- mig:upgarde\nSELECT 1;\n\n"
                        "-- mig:downgrade\n");
}
const char* const k_unknown_directive =
    "bbb_typo.sql:4: unknown directive `-- mig:upgarde`; did you mean `-- mig:upgrade`?\n";

void write_missing_revision(const Project& project) {
    project.dir().write("migrations/versions/bbb_noid.sql",
                        "-- mig:parents aaa\n\n-- mig:upgrade\n\n-- mig:downgrade\n");
}
const char* const k_missing_revision =
    "bbb_noid.sql:1: missing `-- mig:revision ID`; expected the revision id in the header, as in "
    "`-- mig:revision 3f2a9c1d7b4e`\n";

void write_statement_in_header(const Project& project) {
    project.dir().write("migrations/versions/bbb_header.sql",
                        "-- mig:revision bbb\n-- mig:parents aaa\nDROP TABLE t;\n-- mig:upgrade\n\n"
                        "-- mig:downgrade\n");
}
const char* const k_statement_in_header =
    "bbb_header.sql:3: unexpected text before the first section: `DROP TABLE t;`; statements "
    "belong in the upgrade or downgrade section, after `-- mig:upgrade` or `-- mig:downgrade`\n";

void write_duplicate_id(const Project& project) {
    project.write_revision(rev("aaa", {}, "DROP TABLE t;", "", "copy of t"));
}
const char* const k_duplicate_id =
    "duplicate revision id aaa in aaa_copy_of_t.sql and aaa_t.sql; give one of them a new id in "
    "its -- mig:revision line and file name\n";

void write_missing_parent(const Project& project) {
    project.write_revision(rev("bbb", {"aax"}, "DROP TABLE t;", "", "orphan"));
}
const char* const k_missing_parent =
    "bbb_orphan.sql: parent aax of revision bbb does not exist; did you mean aaa? Restore the "
    "missing revision or fix the -- mig:parents line\n";

void write_cycle(const Project& project) {
    project.write_revision(rev("ccc", {"ddd"}, "DROP TABLE t;", "", "c"));
    project.write_revision(rev("ddd", {"ccc"}, "DROP TABLE t;", "", "d"));
}
const char* const k_cycle =
    "revisions form a cycle: ccc -> ddd -> ccc (ccc_c.sql, ddd_d.sql); fix the -- mig:parents "
    "lines so that no revision descends from itself\n";

void write_self_parent(const Project& project) {
    project.write_revision(rev("eee", {"eee"}, "DROP TABLE t;", "", "e"));
}
const char* const k_self_parent =
    "eee_e.sql: revision eee names itself as its parent; fix the -- mig:parents lines so that no "
    "revision descends from itself\n";

class BrokenInputTest : public ::testing::TestWithParam<BrokenInput> {};

TEST_P(BrokenInputTest, EveryCommandThatReadsTheGraphFailsWithExit2AndChangesNothing) {
    Project project;
    const std::string before = migrated_project(project);
    GetParam().write(project);
    for (const auto& args : std::vector<std::vector<std::string>>{{"upgrade"},
                                                                  {"downgrade"},
                                                                  {"upgrade", "--sql"},
                                                                  {"stamp", "head"},
                                                                  {"heads"},
                                                                  {"history"},
                                                                  {"revision", "-m", "more"}}) {
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 2) << args[0] << ": " << describe(result);
        EXPECT_THAT(result.err, StartsWith("mig: error: ")) << args[0];
        EXPECT_THAT(result.err, EndsWith(GetParam().error_tail)) << args[0];
        EXPECT_EQ(lines_of(result.err).size(), 1U) << args[0] << ": " << result.err;
        EXPECT_EQ(result.out, "") << args[0];
    }
    EXPECT_EQ(dump_database(project.db()), before);
    EXPECT_FALSE(fs::exists(project / ".mig/backups")) << "nothing ran, so nothing was backed up";
    EXPECT_EQ(project.mig({"current"}).out, "aaa\n") << "current reads only the database";
}

INSTANTIATE_TEST_SUITE_P(
    E2e, BrokenInputTest,
    ::testing::Values(BrokenInput{"UnknownDirective", write_unknown_directive, k_unknown_directive},
                      BrokenInput{"MissingRevision", write_missing_revision, k_missing_revision},
                      BrokenInput{"StatementInHeader", write_statement_in_header,
                                  k_statement_in_header},
                      BrokenInput{"DuplicateId", write_duplicate_id, k_duplicate_id},
                      BrokenInput{"MissingParent", write_missing_parent, k_missing_parent},
                      BrokenInput{"Cycle", write_cycle, k_cycle},
                      BrokenInput{"SelfParent", write_self_parent, k_self_parent}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(BrokenInput, ABrokenFileStopsTheFirstUpgradeBeforeTheDatabaseExists) {
    Project project;
    project.write_revision(k_base_table);
    write_missing_parent(project);
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_FALSE(fs::exists(project.db()));
}

// --- SQL failures: exit 1 -------------------------------------------------------------------

TEST(SqlErrors, AFailingStatementStopsTheRunAndKeepsTheRevisionsBeforeIt) {
    Project project;
    auto files = project.write_chain(
        {rev("aaa", {}, "CREATE TABLE t (id INTEGER);", "DROP TABLE t;", "t"),
         rev("bbb", {},
             "CREATE TABLE half (id INTEGER);\nINSERT INTO t VALUES (1);\n\n  UPDATE t SET\n  "
             "missing = 1;\nCREATE TABLE never (id INTEGER);",
             "", "breaks"),
         rev("ccc", {}, "CREATE TABLE later (id INTEGER);", "DROP TABLE later;", "later")});

    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    const int line = files[1].upgrade_line + 3;  // the UPDATE starts on the statement's 4th line
    EXPECT_EQ(result.err, "mig: error: revision bbb (" + files[1].relative +
                              "): statement 3 at line " + std::to_string(line) +
                              " failed: no such column: missing; nothing of this revision was "
                              "applied; fix statement 3 in " +
                              files[1].relative + " and run the command again\n");
    EXPECT_THAT(result.out, HasSubstr("upgrade   <base> -> aaa  t"));
    EXPECT_THAT(result.out, Not(HasSubstr("-> bbb")));

    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t"))
        << "bbb's first statement rolled back";
    EXPECT_THAT(query_column(project.db(), "SELECT count(*) FROM t"), ElementsAre("0"));
    EXPECT_THAT(history_summary(project.db()), ElementsAre("upgrade aaa"));
    EXPECT_EQ(project.mig({"current"}).out, "aaa\n");
}

TEST(SqlErrors, AFailingRevisionLeavesAnExistingDatabaseExactlyAsItWas) {
    Project project;
    const std::string before = migrated_project(project);
    auto bad = project.write_revision(rev(
        "bbb", {"aaa"},
        "DELETE FROM t;\nALTER TABLE t ADD COLUMN x;\nINSERT INTO nowhere VALUES (1);", "", "bad"));
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err,
                StartsWith("mig: error: revision bbb (" + bad.relative + "): statement 3 at line " +
                           std::to_string(bad.upgrade_line + 2) +
                           " failed: no such table: nowhere; nothing of this revision "
                           "was applied"));
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(SqlErrors, AFailingFirstRevisionLeavesNoDatabaseFileBehind) {
    Project project;
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (id INTEGER);\nSELECT * FROM nope;"));
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("statement 2 at line"));
    EXPECT_THAT(result.err, HasSubstr("no such table: nope"));
    EXPECT_FALSE(fs::exists(project.db()));
    EXPECT_FALSE(fs::exists(project / "app.db-journal"));
}

TEST(SqlErrors, ADowngradeThatFailsChangesNothing) {
    Project project;
    project.write_revision(rev("aaa", {}, "CREATE TABLE t (id INTEGER);", "DROP TABLE t;", "t"));
    auto bad = project.write_revision(rev("bbb", {"aaa"}, "CREATE TABLE u (id INTEGER);",
                                          "DROP TABLE u;\nDROP TABLE nope;", "u"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"downgrade", "base"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.err, "mig: error: revision bbb (" + bad.relative + "): statement 2 at line " +
                              std::to_string(bad.downgrade_line + 1) +
                              " failed: no such table: nope; nothing of this revision was "
                              "applied; fix statement 2 in " +
                              bad.relative + " and run the command again\n");
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(SqlErrors, TriggersAndSemicolonsInsideStringsAndCommentsSplitCorrectly) {
    Project project;
    auto files = project.write_chain(
        {rev("aaa", {},
             "CREATE TABLE log (msg TEXT);\n"
             "-- a comment; with a semicolon\n"
             "CREATE TABLE items (name TEXT);\n"
             "CREATE TRIGGER items_log AFTER INSERT ON items\n"
             "BEGIN\n"
             "  INSERT INTO log VALUES ('added; ' || NEW.name);\n"
             "  INSERT INTO log VALUES ('end;');\n"
             "END;\n"
             "INSERT INTO items VALUES ('a;b'), ('it''s; fine');\n"
             "/* block; comment */ INSERT INTO items VALUES ('c')",
             "DROP TABLE items;\nDROP TABLE log;", "items"),
         rev("bbb", {},
             "CREATE TRIGGER items_nolog BEFORE DELETE ON items\nBEGIN\n  SELECT 'x;y';\nEND;\n"
             "SELECT nope FROM items;",
             "", "broken")});

    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(
        result.err,
        HasSubstr("revision bbb (" + files[1].relative + "): statement 2 at line " +
                  std::to_string(files[1].upgrade_line + 4) + " failed: no such column: nope"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
    EXPECT_THAT(query_column(project.db(), "SELECT name FROM items ORDER BY rowid"),
                ElementsAre("a;b", "it's; fine", "c"));
    EXPECT_THAT(query_column(project.db(), "SELECT msg FROM log ORDER BY rowid"),
                ElementsAre("added; a;b", "end;", "added; it's; fine", "end;", "added; c", "end;"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("items", "items_log", "log"));
}

TEST(SqlErrors, AForeignKeyViolationIntroducedByARevisionRollsItBack) {
    Project project;
    project.write_revision(rev("aaa", {},
                               "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                               "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
                               "REFERENCES parent (id));",
                               "DROP TABLE child;\nDROP TABLE parent;", "tables"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    const std::string before = dump_database(project.db());
    auto bad = project.write_revision(rev("bbb", {"aaa"},
                                          "INSERT INTO parent VALUES (1);\n"
                                          "INSERT INTO child VALUES (1, 1);\n"
                                          "INSERT INTO child VALUES (2, 7);",
                                          "DELETE FROM child;\nDELETE FROM parent;", "rows"));
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.err, "mig: error: revision bbb (" + bad.relative +
                              "): foreign key check failed: table \"child\": 1 row references "
                              "missing rows of \"parent\" (rowid 2); nothing of this revision was "
                              "applied; make the revision delete or fix the rows whose parent row "
                              "is missing\n");
    EXPECT_EQ(dump_database(project.db()), before);
}

TEST(SqlErrors, ViolationsThatPredateTheRunDoNotBlockAnUnrelatedRevision) {
    Project project;
    project.write_revision(rev("aaa", {},
                               "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                               "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
                               "REFERENCES parent (id));",
                               "", "tables"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    exec_sql(project.db(), "INSERT INTO child VALUES (1, 99)");  // an orphan from elsewhere
    project.write_revision(rev("bbb", {"aaa"}, "CREATE TABLE other (a);", "", "unrelated"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("bbb"));

    project.write_revision(rev("ccc", {"bbb"}, "INSERT INTO child VALUES (2, 98);", "", "more"));
    MigResult more = project.mig({"upgrade"});
    EXPECT_EQ(more.exit_code, 1) << "a new orphan is the revision's fault\n" << describe(more);
    EXPECT_THAT(more.err, HasSubstr("table \"child\": 2 rows reference missing rows of \"parent\" "
                                    "(rowids 1, 2)"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("bbb"));
}

TEST(SqlErrors, ScriptTransactionControlIsAbsorbedIntoMigsTransaction) {
    Project project;
    project.write_revision(rev("aaa", {},
                               "BEGIN;\nPRAGMA foreign_keys = OFF;\nCREATE TABLE x1 (a);\n"
                               "COMMIT;\nCREATE TABLE x2 (a);\nPRAGMA foreign_keys=ON;",
                               "BEGIN TRANSACTION;\nDROP TABLE x2;\nDROP TABLE x1;\nEND;", "own"));
    ASSERT_MIG_OK(project.mig({"upgrade"}));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("x1", "x2"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));

    // The script's COMMIT did not end mig's transaction: a later failure undoes x3 too.
    project.write_revision(
        rev("bbb", {"aaa"}, "BEGIN;\nCREATE TABLE x3 (a);\nCOMMIT;\nINSERT INTO nope VALUES (1);",
            "", "atomic"));
    const std::string before = dump_database(project.db());
    MigResult failed = project.mig({"upgrade"});
    EXPECT_EQ(failed.exit_code, 1) << describe(failed);
    EXPECT_THAT(failed.err, HasSubstr("statement 4 at line"));
    EXPECT_EQ(dump_database(project.db()), before);

    fs::remove(project.versions() / "bbb_atomic.sql");
    ASSERT_MIG_OK(project.mig({"downgrade"}));
    EXPECT_THAT(user_objects(project.db()), IsEmpty());
}

TEST(SqlErrors, RollbackInAScriptIsRejected) {
    Project project;
    auto file =
        project.write_revision(rev("aaa", {}, "CREATE TABLE x (a);\nROLLBACK;", "", "rollback"));
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.err, "mig: error: revision aaa (" + file.relative + "): statement 2 at line " +
                              std::to_string(file.upgrade_line + 1) +
                              ": ROLLBACK is not allowed, mig runs each revision in its own "
                              "transaction; nothing of this revision was applied; remove the "
                              "ROLLBACK, or add `-- mig:transaction off` to the revision's header "
                              "to manage transactions in the script\n");
    EXPECT_FALSE(fs::exists(project.db()));
}

TEST(SqlErrors, VacuumNeedsTransactionOffAndSaysSo) {
    Project project;
    const std::string before = migrated_project(project);
    RevisionSpec vacuum = rev("bbb", {"aaa"}, "DELETE FROM t;\nVACUUM;", "", "vacuum");
    auto file = project.write_revision(vacuum);
    MigResult refused = project.mig({"upgrade"});
    EXPECT_EQ(refused.exit_code, 1) << describe(refused);
    EXPECT_EQ(refused.err, "mig: error: revision bbb (" + file.relative +
                               "): statement 2 at line " + std::to_string(file.upgrade_line + 1) +
                               " failed: cannot VACUUM from within a transaction; nothing of this "
                               "revision was applied; this statement cannot run inside a "
                               "transaction: add `-- mig:transaction off` to the revision's header "
                               "to run it without one\n");
    EXPECT_EQ(dump_database(project.db()), before);

    vacuum.header = {"-- mig:transaction off"};
    project.write_revision(vacuum);
    MigResult ok = project.mig({"upgrade"});
    ASSERT_MIG_OK(ok);
    EXPECT_THAT(version_rows(project.db()), ElementsAre("bbb"));
    EXPECT_THAT(query_column(project.db(), "SELECT count(*) FROM t"), ElementsAre("0"));
    EXPECT_THAT(history_summary(project.db()), ElementsAre("upgrade aaa", "upgrade bbb"));
    MigResult show = project.mig({"show", "bbb"});
    EXPECT_THAT(show.out, HasSubstr("Transaction: off\n"));
}

TEST(SqlErrors, ANonTransactionalRevisionThatFailsSaysItMayBePartlyApplied) {
    Project project;
    const std::string before = migrated_project(project);
    RevisionSpec spec =
        rev("bbb", {"aaa"}, "CREATE TABLE done (a);\nINSERT INTO nope VALUES (1);", "", "partial");
    spec.header = {"-- mig:transaction off"};
    auto file = project.write_revision(spec);
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_EQ(result.err,
              "mig: error: revision bbb (" + file.relative + "): statement 2 at line " +
                  std::to_string(file.upgrade_line + 1) +
                  " failed: no such table: nope; the revision ran without a transaction (-- "
                  "mig:transaction off) and may be partly applied; the statements before "
                  "statement 2 took effect and mig did not record the revision: finish or undo "
                  "them by hand, then `mig stamp` the revision the database now matches\n");
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa")) << "the revision is not recorded";
    EXPECT_THAT(user_objects(project.db()), ElementsAre("done", "t"));
}

TEST(SqlErrors, ANonTransactionalScriptThatLeavesATransactionOpenIsRolledBack) {
    Project project;
    migrated_project(project);
    RevisionSpec spec = rev("bbb", {"aaa"}, "BEGIN;\nCREATE TABLE pending (a);", "", "open");
    spec.header = {"-- mig:transaction off"};
    project.write_revision(spec);
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("the script left a transaction open (BEGIN without COMMIT); "
                                      "it was rolled back"));
    EXPECT_THAT(user_objects(project.db()), ElementsAre("t"));
    EXPECT_THAT(version_rows(project.db()), ElementsAre("aaa"));
}

// --- usage and configuration: exit 2 --------------------------------------------------------

TEST(UsageErrors, NoConfigurationFound) {
    TempDir dir;
    MigResult result = mig_at(dir.path(), {"upgrade"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_EQ(result.err, "mig: error: no mig.toml in " + dir.path().string() +
                              " or any parent folder; run `mig init` to create one, or pass "
                              "--config FILE\n");
}

TEST(UsageErrors, BadCommandLines) {
    Project project;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {}, {"frobnicate"}, {"upgrade", "--bogus"}, {"revision"}, {"show"}}) {
        MigResult result = project.mig(args);
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        auto lines = lines_of(result.err);
        ASSERT_FALSE(lines.empty());
        EXPECT_THAT(lines.back(), StartsWith("mig: error: "));
    }
    MigResult missing_dir = project.mig({"-C", "no/such/dir", "current"});
    EXPECT_EQ(missing_dir.exit_code, 2) << describe(missing_dir);
    EXPECT_EQ(missing_dir.err,
              "mig: error: -C no/such/dir: no such directory; check the path given to -C\n");
}

TEST(UsageErrors, TheDatabaseIsAtARevisionThatNoFileOrHistoryKnows) {
    Project project;
    migrated_project(project);
    fs::remove(project.versions() / "aaa_t.sql");
    project.write_revision(rev("zzz", {}, "CREATE TABLE z (a);", "DROP TABLE z;"));
    const std::string before = dump_database(project.db());
    MigResult result = project.mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err,
                StartsWith("mig: error: the database is at revision aaa, which is not in "
                           "migrations/versions"));
    EXPECT_EQ(dump_database(project.db()), before);
}

// --- passwords ------------------------------------------------------------------------------

TEST(Passwords, AreNeverPrinted) {
    Project project;
    const std::string url = "postgresql://user:secret@127.0.0.1:1/db";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--database-url", url, "upgrade"},
             {"--database-url", url, "-vv", "current"},
             {"--database-url", url, "downgrade", "--sql"},
             {"--database-url", url, "backups"},
             {"--database-url", "mysql://user:secret@db.example/app", "current"},
             {"--database-url", "postgresql://user@host/db?password=secret&x=1", "-v",
              "current"}}) {
        MigResult result = project.mig(args);
        // No server on port 1: exit 1; an unknown scheme or URL option, or `backups` of a
        // server database: exit 2.
        EXPECT_EQ(result.exit_code, args[1] == url && args.back() != "backups" ? 1 : 2)
            << describe(result);
        EXPECT_THAT(result.err, HasSubstr("mig: error: "));
        EXPECT_THAT(result.err, Not(HasSubstr("secret"))) << args[1];
        EXPECT_THAT(result.out, Not(HasSubstr("secret"))) << args[1];
    }
    MigResult env = project.mig({"-v", "upgrade"}, {{"MIG_DATABASE_URL", url}});
    EXPECT_EQ(env.exit_code, 1) << describe(env);
    EXPECT_THAT(env.err, Not(HasSubstr("secret")));
    EXPECT_THAT(env.err, HasSubstr("postgresql://user:***@127.0.0.1:1/db"));

    MigResult invalid =
        project.mig({"--database-url", "mysql://user:secret@db.example/app", "current"});
    EXPECT_EQ(invalid.err,
              "mig: error: invalid database URL 'mysql://user:***@db.example/app': unsupported "
              "scheme; expected sqlite:///relative/path.db, sqlite:////absolute/path.db or "
              "postgresql://user:password@host:port/database\n");
}

TEST(Passwords, AreNotPrintedByInit) {
    TempDir dir;
    MigResult result =
        mig_at(dir.path(), {"init", "--database-url", "postgresql://me:secret@localhost/app"});
    ASSERT_MIG_OK(result);
    EXPECT_THAT(result.out, Not(HasSubstr("secret")));
    EXPECT_THAT(result.err, Not(HasSubstr("secret")));
}

}  // namespace
}  // namespace mig::test
