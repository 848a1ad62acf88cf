// PostgresDialect: classification, the statement policy, quoting and the bookkeeping text.

#include "dialect/postgres_dialect.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::dialect {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

Statement statement(std::string sql) {
    return Statement{std::move(sql), 1, 1};
}

StatementKind kind_of(std::string sql) {
    return PostgresDialect().classify(statement(std::move(sql)));
}

StatementAction action_of(std::string sql, bool transactional = true) {
    return PostgresDialect().action(statement(std::move(sql)), transactional);
}

TEST(PostgresDialectMake, MakeDialectBuildsItWithTheConfiguredSchema) {
    const auto dialect = make_dialect("postgresql", {"mig_meta"});
    EXPECT_EQ(dialect->name(), "postgresql");
    EXPECT_THAT(dialect->bookkeeping().insert_head, HasSubstr("\"mig_meta\".mig_version"));
    EXPECT_THAT(make_dialect("postgresql")->bookkeeping().insert_head,
                HasSubstr("\"public\".mig_version"));
}

TEST(PostgresDialectClassify, TransactionStatements) {
    EXPECT_EQ(kind_of("BEGIN;"), StatementKind::begin_transaction);
    EXPECT_EQ(kind_of("begin work isolation level serializable;"),
              StatementKind::begin_transaction);
    EXPECT_EQ(kind_of("-- first\nSTART TRANSACTION READ WRITE;"), StatementKind::begin_transaction);
    EXPECT_EQ(kind_of("COMMIT;"), StatementKind::commit_transaction);
    EXPECT_EQ(kind_of("commit and chain"), StatementKind::commit_transaction);
    EXPECT_EQ(kind_of("END TRANSACTION;"), StatementKind::commit_transaction);
    EXPECT_EQ(kind_of("ROLLBACK;"), StatementKind::rollback_transaction);
    EXPECT_EQ(kind_of("/* c */ ABORT WORK;"), StatementKind::rollback_transaction);
}

TEST(PostgresDialectClassify, SavepointsAndPreparedTransactionsAreNotTheTransaction) {
    EXPECT_EQ(kind_of("ROLLBACK TO SAVEPOINT s;"), StatementKind::ordinary);
    EXPECT_EQ(kind_of("ROLLBACK WORK TO s;"), StatementKind::ordinary);
    EXPECT_EQ(kind_of("ROLLBACK PREPARED 'x';"), StatementKind::ordinary);
    EXPECT_EQ(kind_of("COMMIT PREPARED 'x';"), StatementKind::ordinary);
    EXPECT_EQ(kind_of("SAVEPOINT s;"), StatementKind::ordinary);
    EXPECT_EQ(kind_of("START ANALYSIS;"), StatementKind::ordinary);
    EXPECT_EQ(kind_of("\"begin\";"), StatementKind::ordinary);  // a quoted name is no keyword
    EXPECT_EQ(kind_of("DO $$ BEGIN END $$;"), StatementKind::ordinary);
}

TEST(PostgresDialectPolicy, MigOwnsTheTransactionOfATransactionalStep) {
    EXPECT_EQ(action_of("BEGIN;").kind, StatementAction::Kind::skip);
    EXPECT_EQ(action_of("COMMIT;").kind, StatementAction::Kind::skip);
    const StatementAction rollback = action_of("ROLLBACK;");
    EXPECT_EQ(rollback.kind, StatementAction::Kind::refuse);
    EXPECT_THAT(rollback.hint, HasSubstr("-- mig:transaction off"));
    EXPECT_EQ(action_of("ROLLBACK TO SAVEPOINT s;").kind, StatementAction::Kind::run);
    // Outside a transaction the script's own transaction control runs.
    EXPECT_EQ(action_of("BEGIN;", false).kind, StatementAction::Kind::run);
    EXPECT_EQ(action_of("ROLLBACK;", false).kind, StatementAction::Kind::run);
}

TEST(PostgresDialectPolicy, CopyWithTheClientIsRefusedInAnyStep) {
    for (const bool transactional : {true, false}) {
        const StatementAction from =
            action_of("COPY t (a, b) FROM stdin WITH (FORMAT csv);", transactional);
        EXPECT_EQ(from.kind, StatementAction::Kind::refuse);
        EXPECT_THAT(from.reason, StartsWith("COPY ... FROM STDIN is not supported"));
        EXPECT_EQ(from.hint, "load data with INSERT, or psql \\copy outside mig");
        const StatementAction to = action_of("copy (SELECT 1) to STDOUT;", transactional);
        EXPECT_EQ(to.kind, StatementAction::Kind::refuse);
        EXPECT_THAT(to.reason, StartsWith("COPY ... TO STDOUT"));
    }
    // A server-side file is the server's business.
    EXPECT_EQ(action_of("COPY t FROM '/srv/data.csv';").kind, StatementAction::Kind::run);
    EXPECT_EQ(action_of("COPY t FROM 'stdin';").kind, StatementAction::Kind::run);
    // FROM inside parentheses is the query's.
    EXPECT_EQ(action_of("COPY (SELECT stdin FROM t) TO '/tmp/x';").kind,
              StatementAction::Kind::run);
}

TEST(PostgresDialectPolicy, PsqlMetaCommandsAreRefused) {
    const StatementAction copy = action_of("\\copy t from 'data.csv'", false);
    EXPECT_EQ(copy.kind, StatementAction::Kind::refuse);
    EXPECT_THAT(copy.reason, HasSubstr("psql meta-commands"));
}

TEST(PostgresDialectPolicy, StatementsThatCannotRunInATransactionAreRefusedEarly) {
    for (const std::string sql : {
             "CREATE INDEX CONCURRENTLY i ON t (a);",
             "create unique index concurrently i on t (a);",
             "DROP INDEX CONCURRENTLY i;",
             "REINDEX TABLE CONCURRENTLY t;",
             "REINDEX (VERBOSE) DATABASE app;",
             "VACUUM ANALYZE t;",
             "CREATE DATABASE other;",
             "DROP DATABASE other;",
             "CREATE TABLESPACE fast LOCATION '/ssd';",
             "ALTER DATABASE app SET TABLESPACE fast;",
             "ALTER SYSTEM SET work_mem = '64MB';",
             "ALTER TABLE m DETACH PARTITION m_2020 CONCURRENTLY;",
             "CLUSTER;",
             "DISCARD ALL;",
             "COMMIT PREPARED 'x';",
             "ROLLBACK PREPARED 'x';",
         }) {
        const StatementAction action = action_of(sql);
        EXPECT_EQ(action.kind, StatementAction::Kind::refuse) << sql;
        EXPECT_THAT(action.reason, HasSubstr("cannot run inside a transaction")) << sql;
        EXPECT_EQ(action.hint, k_transaction_off_hint) << sql;
        EXPECT_EQ(action_of(sql, false).kind, StatementAction::Kind::run) << sql;
    }
    EXPECT_EQ(action_of("PREPARE TRANSACTION 'x';").kind, StatementAction::Kind::refuse);
}

TEST(PostgresDialectPolicy, LookalikesRunInATransaction) {
    for (const std::string sql : {
             "CREATE INDEX i ON t (concurrently);",
             "REINDEX TABLE t;",
             "REFRESH MATERIALIZED VIEW CONCURRENTLY v;",
             "ALTER DATABASE app SET work_mem = '1MB';",
             "CLUSTER t USING i;",
             "ANALYZE t;",
             "ALTER TYPE mood ADD VALUE 'meh';",  // allowed in a transaction since PG 12
             "CREATE TABLE vacuum (x int);",
             "SELECT 'VACUUM';",
             "DISCARD PLANS;",
         }) {
        EXPECT_EQ(action_of(sql).kind, StatementAction::Kind::run) << sql;
    }
}

TEST(PostgresDialectQuoting, LiteralsDoubleQuotesAndKeepBackslashes) {
    const PostgresDialect dialect;
    EXPECT_EQ(dialect.quote_literal("it's"), "'it''s'");
    EXPECT_EQ(dialect.quote_literal("C:\\dir"), "'C:\\dir'");
    EXPECT_EQ(dialect.quote_literal(""), "''");
    EXPECT_EQ(dialect.quote_identifier("my \"table\""), "\"my \"\"table\"\"\"");
}

TEST(PostgresDialectBookkeeping, TablesLiveInTheConfiguredSchema) {
    const PostgresDialect in_public;
    EXPECT_EQ(in_public.schema(), "public");
    ASSERT_EQ(in_public.bookkeeping().create_tables.size(), 2u);
    EXPECT_THAT(in_public.bookkeeping().create_tables[0],
                StartsWith("CREATE TABLE IF NOT EXISTS \"public\".mig_version"));

    const PostgresDialect custom("Mig \"ops\"");
    const auto& create = custom.bookkeeping().create_tables;
    ASSERT_EQ(create.size(), 3u);
    EXPECT_EQ(create[0], "CREATE SCHEMA IF NOT EXISTS \"Mig \"\"ops\"\"\";");
    EXPECT_THAT(create[2], HasSubstr("\"Mig \"\"ops\"\"\".mig_history"));
    EXPECT_THAT(custom.bookkeeping().table_exists, HasSubstr("quote_ident('Mig \"ops\"')"));
    EXPECT_THAT(custom.bookkeeping().insert_head,
                HasSubstr("INSERT INTO \"Mig \"\"ops\"\"\".mig_version"));
}

TEST(PostgresDialectBookkeeping, OfflineHistoryRowUsesLiterals) {
    const PostgresDialect dialect;
    HistoryRecord record;
    record.revision = "b2";
    record.parents = {"a1", "c3"};
    record.direction = "upgrade";
    record.sha256 = "ff";
    record.downgrade_sql = "DROP TABLE \"it's\"; -- $1 ?";
    record.dirty = true;
    record.message = "add; things";
    std::string out;
    dialect.history_insert(out, record);
    EXPECT_EQ(out,
              "INSERT INTO \"public\".mig_history (revision, parents, direction, applied_at, "
              "git_commit, sha256, downgrade_sql, dirty, message) VALUES ('b2', 'a1 c3', "
              "'upgrade', statement_timestamp(), NULL, 'ff', 'DROP TABLE \"it''s\"; -- $1 ?', "
              "1 <> 0, 'add; things');\n");
    out.clear();
    dialect.version_update(out, {"a1"}, {"b2"});
    EXPECT_EQ(out,
              "DELETE FROM \"public\".mig_version WHERE revision = 'a1';\n"
              "INSERT INTO \"public\".mig_version (revision) VALUES ('b2');\n");
}

}  // namespace
}  // namespace mig::dialect
