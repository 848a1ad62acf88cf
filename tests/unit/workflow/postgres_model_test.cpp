// The PostgreSQL model loaded into a scratch database against the run's server: files and
// command output read as for SQLite, statements run in order, what pg_dump writes loading
// without its roles, and failures naming the file (or `[model] command`) and line.

#include "workflow/postgres_model.hpp"

#include "db/database_url.hpp"
#include "db/postgres_introspect.hpp"
#include "db/postgres_scratch.hpp"
#include "schema/postgres_catalog_json.hpp"
#include "support/postgres.hpp"
#include "support/run_mig.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"
#include "workflow/model.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace mig::workflow {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

// The folder of the server's own programs, as postgres_introspect_dump_test finds it:
// MIG_PG_BINDIR, else the bindir file scripts/pg-server.sh writes, else PATH.
std::string server_program(const std::string& name) {
    if (const char* bindir = std::getenv("MIG_PG_BINDIR"); bindir != nullptr && *bindir != 0) {
        return std::string(bindir) + "/" + name;
    }
    if (const char* dir = std::getenv("MIG_TEST_PG_DIR"); dir != nullptr && *dir != 0) {
        std::ifstream file(std::filesystem::path(dir) / "bindir");
        std::string bindir;
        if (std::getline(file, bindir) && !bindir.empty()) {
            return bindir + "/" + name;
        }
    }
    return name;
}

std::string random_hex() {
    std::random_device device;
    char text[9];
    std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(device()));
    return text;
}

// What a team's database looks like, with what pg_dump spells its own way: serial and
// identity, foreign keys added by ALTER TABLE ONLY, an enum, a domain, a dollar-quoted
// function (dumped with check_function_bodies off), a trigger, views, a partitioned table, an
// extension with its comment, a second schema, comments, quoted names.
constexpr const char* k_application = R"sql(
CREATE EXTENSION citext;
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'money';
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN billing.amount AS numeric(10, 2) CHECK (VALUE >= 0);
CREATE TABLE users (
    id serial PRIMARY KEY,
    email citext NOT NULL UNIQUE,
    mood mood DEFAULT 'ok',
    tags text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN users.email IS 'any case';
CREATE TABLE billing."Invoices" (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE DEFERRABLE,
    total billing.amount NOT NULL,
    CONSTRAINT positive CHECK (total > 0)
);
CREATE INDEX invoices_by_user ON billing."Invoices" (user_id) INCLUDE (total) WHERE total > 100;
CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.total := round(NEW.total, 2);
    RETURN NEW;
END
$$;
CREATE TRIGGER invoices_touch BEFORE INSERT ON billing."Invoices"
    FOR EACH ROW EXECUTE FUNCTION billing.touch();
CREATE VIEW billing.big AS SELECT id, total FROM billing."Invoices" WHERE total > 1000;
CREATE MATERIALIZED VIEW user_totals AS
    SELECT u.id, sum(i.total) AS total FROM users u JOIN billing."Invoices" i ON i.user_id = u.id
    GROUP BY u.id;
CREATE TABLE events (id integer, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
)sql";

class PostgresModelTest : public test::PostgresTest {
protected:
    db::ScratchSettings scratch_settings() {
        db::ScratchSettings settings;
        settings.url = db::parse_database_url(database().url(), "/");
        return settings;
    }

    Project project(std::vector<std::string> paths,
                    std::optional<std::string> command = std::nullopt) const {
        config::Config config;
        config.root = m_dir.path();
        config.file = m_dir / "mig.toml";
        config.database_url = "postgresql://localhost/app";
        config.migrations_dir = m_dir / "migrations";
        config.model_paths = std::move(paths);
        config.model_command = std::move(command);
        return Project(std::move(config));
    }

    // A model of one file, models/schema.sql, holding `sql`.
    PostgresModelText model_of(const std::string& sql) const {
        m_dir.write("models/schema.sql", sql);
        return read_postgres_model(project({"models/*.sql"}));
    }

    // Loads `model` into the test's own database and returns the ParseError's message ("" when
    // it loaded).
    std::string load_error(const PostgresModelText& model) {
        const db::PgConnection connection = db::PgConnection::open(
            db::parse_database_url(database().url(), "/"), db::SessionSettings{});
        try {
            load_postgres_model(connection, model);
        } catch (const ParseError& error) {
            last_hint = error.hint();
            last_line = error.line();
            return error.what();
        }
        return "";
    }

    std::vector<std::string> tables(const std::string& schema = "public") {
        return database().column(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema +
            "' ORDER BY 1");
    }

    static schema::pg::Catalog catalog_of(const db::PgConnection& connection) {
        return db::introspect(connection, {"public", "billing"});
    }

    test::TempDir m_dir;
    std::string last_hint;
    int last_line = 0;
};

TEST_F(PostgresModelTest, FilesLoadInOrderAcrossFiles) {
    m_dir.write("models/1_types.sql", "CREATE TYPE mood AS ENUM ('ok');\n");
    m_dir.write("models/2_tables.sql", "CREATE TABLE users (id int, mood mood);\n");
    const PostgresModelText model = read_postgres_model(project({"models/*.sql"}));
    ASSERT_THAT(model.files, SizeIs(2));
    EXPECT_EQ(model.sources[0].name, "models/1_types.sql");
    EXPECT_EQ(load_error(model), "");
    EXPECT_EQ(tables(), std::vector<std::string>{"users"});
}

TEST_F(PostgresModelTest, AFailingStatementNamesFileLineStatementAndTheServersMessage) {
    m_dir.write("models/1_users.sql", "CREATE TABLE users (id int PRIMARY KEY);\n");
    m_dir.write("models/2_posts.sql",
                "-- posts\n\nCREATE TABLE posts (\n    id int,\n    body txet\n);\n");
    const std::string message = load_error(read_postgres_model(project({"models/*.sql"})));
    EXPECT_EQ(message,
              "models/2_posts.sql:3: CREATE TABLE posts (...: line 5: type \"txet\" does not "
              "exist (SQLSTATE 42704)");
    EXPECT_EQ(last_line, 3);
    EXPECT_EQ(last_hint, "fix the model in models/2_posts.sql");
}

TEST_F(PostgresModelTest, ACommandsFailingStatementIsLocatedInItsOutput) {
    const PostgresModelText model =
        read_postgres_model(project({},
                                    "printf 'CREATE TABLE a (id int);\\n\\nCREATE TABLE a "
                                    "(id int);\\n'"));
    ASSERT_THAT(model.sources, SizeIs(1));
    EXPECT_EQ(model.sources[0].name, "[model] command");
    EXPECT_EQ(load_error(model),
              "[model] command:3: CREATE TABLE a (id int): relation \"a\" already exists "
              "(SQLSTATE 42P07)");
    EXPECT_THAT(last_hint, HasSubstr("fix the DDL that the command prints (run `printf"));
}

TEST_F(PostgresModelTest, ACommandThatFailsIsTheSameErrorAsOnSqlite) {
    EXPECT_THROW(read_postgres_model(project({}, "echo broken >&2; exit 3")), InputError);
    EXPECT_THROW(read_postgres_model(project({})), InputError);  // no model at all
    EXPECT_THROW(read_postgres_model(project({"models/none*.sql"})), InputError);
}

TEST_F(PostgresModelTest, OwnershipPrivilegesAndPublicAreLeftToTheServer) {
    const PostgresModelText model = model_of(
        "CREATE SCHEMA public;\n"
        "CREATE TABLE users (id int);\n"
        "ALTER TABLE public.users OWNER TO nobody_here;\n"
        "ALTER FUNCTION public.f(integer) OWNER TO \"Also Nobody\";\n"
        "GRANT SELECT ON TABLE public.users TO nobody_here;\n"
        "REVOKE ALL ON SCHEMA public FROM PUBLIC;\n"
        "ALTER DEFAULT PRIVILEGES FOR ROLE nobody_here GRANT SELECT ON TABLES TO nobody_here;\n"
        "BEGIN;\nCREATE SCHEMA public;\nCREATE TABLE posts (id int);\nCOMMIT;\n"
        "CREATE TABLE cars (owner text, model text);\n"
        "ALTER TABLE cars RENAME owner TO holder;\n"
        "ALTER TABLE cars RENAME COLUMN model TO owner;\n");
    EXPECT_EQ(load_error(model), "");
    EXPECT_EQ(tables(), (std::vector<std::string>{"cars", "posts", "users"}));
    // Renames to and from a column called owner are no change of owner: they ran.
    EXPECT_EQ(database().column("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                                "FROM information_schema.columns WHERE table_name = 'cars'"),
              std::vector<std::string>{"holder,owner"});
    // Another schema that exists twice is the model's mistake, not pg_dump's habit.
    EXPECT_THAT(load_error(model_of("CREATE SCHEMA app;\nCREATE SCHEMA app;\n")),
                StartsWith("models/schema.sql:2: CREATE SCHEMA app: schema \"app\" already "
                           "exists (SQLSTATE 42P06)"));
}

TEST_F(PostgresModelTest, PsqlMetaCommandsOfADumpAreSkippedAndOthersRefused) {
    const PostgresModelText model = model_of(
        "--\n-- PostgreSQL database dump\n--\n\n\\restrict AbC123\n\n"
        "SET statement_timeout = 0;\nCREATE TABLE users (id int);\n\n"
        "\\unrestrict AbC123\n");
    EXPECT_EQ(load_error(model), "");
    EXPECT_EQ(tables(), std::vector<std::string>{"users"});

    EXPECT_EQ(load_error(model_of("CREATE TABLE a (id int);\n\\connect other\nCREATE TABLE b "
                                  "(id int);\n")),
              "models/schema.sql:2: \\connect: psql meta-commands are not SQL, and mig runs the "
              "model's statements on the server itself");
    // After a skipped meta-command, lines are still the file's.
    EXPECT_EQ(load_error(model_of("\\restrict x\nCREATE TABLE c (id int);\nCREATE TABLE c (id "
                                  "int);\n")),
              "models/schema.sql:3: CREATE TABLE c (id int): relation \"c\" already exists "
              "(SQLSTATE 42P07)");
}

TEST_F(PostgresModelTest, DataIsRefused) {
    EXPECT_THAT(
        load_error(model_of("CREATE TABLE a (id int);\nCOPY a (id) FROM stdin;\n1\n\\.\n")),
        AllOf(StartsWith("models/schema.sql:2: COPY a (id) FROM stdin: "), HasSubstr("STDIN")));
    EXPECT_THAT(last_hint, HasSubstr("pg_dump --schema-only"));
}

TEST_F(PostgresModelTest, AModelThatLeavesATransactionOpenIsRefused) {
    const db::PgConnection connection = db::PgConnection::open(
        db::parse_database_url(database().url(), "/"), db::SessionSettings{});
    try {
        load_postgres_model(connection, model_of("BEGIN;\nCREATE TABLE a (id int);\n"));
        FAIL() << "no error";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("models/schema.sql: the model leaves a transaction "
                                            "open"));
    }
    EXPECT_FALSE(connection.in_transaction());
    EXPECT_EQ(tables(), std::vector<std::string>{});
}

TEST_F(PostgresModelTest, LoadingIntoAScratchDatabaseResetsTheSession) {
    db::PostgresScratch scratch = db::PostgresScratch::open(scratch_settings());
    load_postgres_model(scratch,
                        model_of("SET check_function_bodies = false;\nSELECT "
                                 "pg_catalog.set_config('search_path', '', false);\nCREATE "
                                 "TABLE public.users (id int);\n"));
    EXPECT_EQ(scratch.connection().exec("SHOW search_path").text(0, 0), "\"$user\", public");
    EXPECT_EQ(scratch.connection().exec("SHOW check_function_bodies").text(0, 0), "on");
    EXPECT_EQ(scratch.connection().exec("SELECT count(*) FROM users").text(0, 0), "0");
}

TEST_F(PostgresModelTest, TheKeyFollowsNamesAndContents) {
    const std::string key = model_of("CREATE TABLE a (id int);\n").key;
    EXPECT_EQ(key.size(), 64U);
    EXPECT_EQ(model_of("CREATE TABLE a (id int);\n").key, key);
    EXPECT_NE(model_of("CREATE TABLE a (id bigint);\n").key, key);
    EXPECT_NE(model_key(project({"models/*.sql"})), key);  // never the SQLite model's key
    const std::string bigint = model_of("CREATE TABLE a (id bigint);\n").key;
    std::filesystem::remove(m_dir / "models/schema.sql");
    m_dir.write("models/other.sql", "CREATE TABLE a (id bigint);\n");
    EXPECT_NE(read_postgres_model(project({"models/*.sql"})).key, bigint);  // another file
}

// The issue's structure dump that teams keep in git: `pg_dump --schema-only --no-owner
// --no-privileges` of a database loads as the model, and reads back equal to the database.
TEST_F(PostgresModelTest, ASchemaOnlyDumpLoadsAndReadsBackEqual) {
    database().exec(k_application);
    const test::MigResult dump =
        test::run_program(m_dir.path(), {server_program("pg_dump"), "--schema-only", "--no-owner",
                                         "--no-privileges", "--dbname=" + database().url()});
    ASSERT_EQ(dump.exit_code, 0) << dump.err;
    ASSERT_THAT(dump.out, AllOf(HasSubstr("set_config('search_path', '', false)"),
                                HasSubstr("ALTER TABLE ONLY"), HasSubstr("COMMENT ON EXTENSION")));
    m_dir.write("models/structure.sql", dump.out);

    db::PostgresScratch scratch = db::PostgresScratch::open(scratch_settings());
    load_postgres_model(scratch, read_postgres_model(project({"models/structure.sql"})));
    const db::PgConnection original = db::PgConnection::open(
        db::parse_database_url(database().url(), "/"), db::SessionSettings{});
    const schema::pg::Catalog expected = catalog_of(original);
    // Not two empty catalogs agreeing.
    EXPECT_THAT(expected.tables, SizeIs(3));  // users, "Invoices", events (with its partition)
    EXPECT_THAT(expected.views, Not(IsEmpty()));
    EXPECT_THAT(expected.functions, Not(IsEmpty()));
    const schema::pg::Catalog loaded = catalog_of(scratch.connection());
    EXPECT_EQ(schema::pg::to_json(loaded).dump(1), schema::pg::to_json(expected).dump(1));
}

// A dump with its owners and privileges (no --no-owner) names roles the scratch server may
// not have: here they are dropped after the dump, and the dump still loads.
TEST_F(PostgresModelTest, AFullDumpLoadsWithoutItsRoles) {
    const std::string owner = "mig_model_owner_" + random_hex();
    const std::string reader = "mig_model_reader_" + random_hex();
    database().exec("CREATE ROLE " + owner + "; CREATE ROLE " + reader);
    database().exec("CREATE TABLE users (id serial PRIMARY KEY); ALTER TABLE users OWNER TO " +
                    owner + "; GRANT SELECT ON users TO " + reader +
                    "; CREATE FUNCTION one() RETURNS int LANGUAGE "
                    "sql AS 'SELECT 1'; ALTER FUNCTION one() OWNER TO " +
                    owner +
                    "; ALTER DEFAULT "
                    "PRIVILEGES GRANT SELECT ON TABLES TO " +
                    reader);
    const test::MigResult dump = test::run_program(
        m_dir.path(), {server_program("pg_dump"), "--schema-only", "--dbname=" + database().url()});
    database().exec("REASSIGN OWNED BY " + owner + " TO CURRENT_USER; DROP OWNED BY " + owner +
                    ", " + reader + "; DROP ROLE " + owner + "; DROP ROLE " + reader);
    ASSERT_EQ(dump.exit_code, 0) << dump.err;
    ASSERT_THAT(dump.out, AllOf(HasSubstr("OWNER TO " + owner), HasSubstr("TO " + reader)));
    m_dir.write("models/structure.sql", dump.out);

    db::PostgresScratch scratch = db::PostgresScratch::open(scratch_settings());
    load_postgres_model(scratch, read_postgres_model(project({"models/structure.sql"})));
    EXPECT_EQ(scratch.connection().exec("SELECT one()").text(0, 0), "1");
    EXPECT_EQ(scratch.connection().exec("SELECT count(*) FROM public.users").text(0, 0), "0");
}

// COMMENT ON EXTENSION needs the extension's owner: a user who is not (plpgsql belongs to the
// bootstrap superuser) loads the model all the same.
TEST_F(PostgresModelTest, ACommentOnAnExtensionTheUserDoesNotOwnIsTolerated) {
    const std::string role = "mig_model_user_" + random_hex();
    database().exec("CREATE ROLE " + role + " LOGIN PASSWORD 'pw'");
    struct DropRole {
        test::PostgresDatabase& admin;
        std::string role;
        ~DropRole() {
            try {
                admin.exec("DROP ROLE IF EXISTS " + role);
            } catch (...) {  // NOLINT(bugprone-empty-catch): the test reports its own failure
            }
        }
    } drop_role{database(), role};
    {
        test::PostgresDatabase owned(database().server());
        owned.exec("ALTER DATABASE " + owned.name() + " OWNER TO " + role +
                   "; ALTER SCHEMA public OWNER TO " + role);
        const test::PostgresServer& server = database().server();
        const db::PgConnection user = db::PgConnection::open(
            db::parse_database_url("postgresql://" + role + ":pw@" + server.host + ":" +
                                       server.port + "/" + owned.name(),
                                   "/"),
            db::SessionSettings{});
        ASSERT_EQ(
            user.exec("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").text(0, 0),
            "f");
        load_postgres_model(user, model_of("COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural "
                                           "language';\nCREATE TABLE users (id int);\n"));
        EXPECT_EQ(owned.column("SELECT count(*) FROM users"), std::vector<std::string>{"0"});
        // A comment on an extension that is not there is still the model's mistake.
        try {
            load_postgres_model(user, model_of("COMMENT ON EXTENSION nowhere IS 'x';\n"));
            ADD_FAILURE() << "no error";
        } catch (const ParseError& error) {
            EXPECT_THAT(error.what(), HasSubstr("extension \"nowhere\" does not exist"));
        }
    }
}

}  // namespace
}  // namespace mig::workflow
