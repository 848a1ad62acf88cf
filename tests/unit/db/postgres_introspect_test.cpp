// db::introspect on PostgreSQL against the run's server (scripts/pg-server.sh): DDL in, the
// catalog values out, for every kind of object the catalog models; what is left out (mig's
// tables, extension members, unmanaged schemas); and a pg_dump of a database read back equal.

#include "db/postgres_introspect.hpp"

#include "db/database_url.hpp"
#include "db/postgres_connection.hpp"
#include "dialect/postgres_dialect.hpp"
#include "schema/postgres_catalog.hpp"
#include "schema/postgres_catalog_json.hpp"
#include "support/postgres.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace mig::db {
namespace {

using schema::pg::Catalog;
using schema::pg::Column;
using schema::pg::Constraint;
using schema::pg::ConstraintKind;
using schema::pg::Identity;
using schema::pg::QualifiedName;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::StartsWith;

QualifiedName pub(const std::string& name) {
    return {"public", name};
}

class PostgresIntrospectTest : public test::PostgresTest {
protected:
    Catalog introspect(const std::vector<std::string>& schemas = {"public"}) {
        PgConnection connection = PgConnection::open(parse_database_url(database().url(), "/"), {});
        return db::introspect(connection, schemas);
    }

    static const schema::pg::Table& table(const Catalog& catalog, const QualifiedName& name) {
        auto found = catalog.tables.find(name);
        if (found == catalog.tables.end()) {
            throw std::runtime_error("no table " + name.schema + "." + name.name);
        }
        return found->second;
    }
    static const Column& column(const Catalog& catalog, const QualifiedName& table_name,
                                const std::string& name) {
        for (const Column& column : table(catalog, table_name).columns) {
            if (column.name == name) {
                return column;
            }
        }
        throw std::runtime_error("no column " + name);
    }
    static const Constraint& constraint(const Catalog& catalog, const QualifiedName& table_name,
                                        const std::string& name) {
        for (const Constraint& constraint : table(catalog, table_name).constraints) {
            if (constraint.name == name) {
                return constraint;
            }
        }
        throw std::runtime_error("no constraint " + name);
    }
    static std::vector<std::string> column_names(const schema::pg::Table& table) {
        std::vector<std::string> names;
        for (const Column& column : table.columns) {
            names.push_back(column.name);
        }
        return names;
    }
    template <typename Map>
    static std::vector<typename Map::key_type> keys(const Map& map) {
        std::vector<typename Map::key_type> out;
        for (const auto& [key, value] : map) {
            out.push_back(key);
        }
        return out;
    }
};

TEST_F(PostgresIntrospectTest, ColumnTypesReadInTheServersCanonicalSpelling) {
    database().exec(
        "CREATE TYPE mood AS ENUM ('sad', 'happy');"
        "CREATE TABLE t (a int4, b integer, c int, d varchar(10), e character varying(10), "
        "f int[], g numeric(10, 2), h timestamptz, i timestamp(3) without time zone, j mood[], "
        "k bigint, l double precision, m float8, n bool, o char(2), p text);"
        "ALTER TABLE t DROP COLUMN c");
    const Catalog catalog = introspect();
    const auto& columns = table(catalog, pub("t")).columns;
    std::vector<std::string> types;
    for (const Column& column : columns) {
        types.push_back(column.type);
    }
    // int4 = integer = int; varchar(10) = character varying(10); a dropped column is gone.
    EXPECT_THAT(types, ElementsAre("integer", "integer", "character varying(10)",
                                   "character varying(10)", "integer[]", "numeric(10,2)",
                                   "timestamp with time zone", "timestamp(3) without time zone",
                                   "public.mood[]", "bigint", "double precision",
                                   "double precision", "boolean", "character(2)", "text"));
    EXPECT_THAT(
        column_names(table(catalog, pub("t"))),
        ElementsAre("a", "b", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"));
}

TEST_F(PostgresIntrospectTest, ColumnsNotNullDefaultsCollationsGeneratedAndComments) {
    database().exec(
        "CREATE TABLE t (id integer NOT NULL, name text DEFAULT 'x' COLLATE \"C\", "
        "created timestamptz NOT NULL DEFAULT now(), n numeric DEFAULT 1.5, "
        "up text GENERATED ALWAYS AS (upper(name)) STORED, plain text);"
        "COMMENT ON COLUMN t.name IS 'the name'; COMMENT ON TABLE t IS 'a table'");
    const Catalog catalog = introspect();
    const Column& id = column(catalog, pub("t"), "id");
    EXPECT_TRUE(id.not_null);
    EXPECT_EQ(id.default_value, std::nullopt);
    EXPECT_EQ(id.identity, Identity::none);
    const Column& name = column(catalog, pub("t"), "name");
    EXPECT_FALSE(name.not_null);
    EXPECT_THAT(name.default_value,
                Optional(std::string("'x'::text")));  // the cast the server adds
    EXPECT_EQ(name.collation, "pg_catalog.\"C\"");
    EXPECT_THAT(name.comment, Optional(std::string("the name")));
    EXPECT_THAT(column(catalog, pub("t"), "created").default_value, Optional(std::string("now()")));
    EXPECT_THAT(column(catalog, pub("t"), "n").default_value, Optional(std::string("1.5")));
    const Column& up = column(catalog, pub("t"), "up");
    EXPECT_THAT(up.generated, Optional(std::string("upper(name)")));
    EXPECT_EQ(up.default_value, std::nullopt);  // a generated column has no default
    const Column& plain = column(catalog, pub("t"), "plain");
    EXPECT_EQ(plain.collation, "");  // the type's own collation
    EXPECT_EQ(plain.comment, std::nullopt);
    EXPECT_THAT(table(catalog, pub("t")).comment, Optional(std::string("a table")));
    EXPECT_FALSE(table(catalog, pub("t")).unlogged);
}

TEST_F(PostgresIntrospectTest, SerialIsASequenceOwnedByTheColumnAndIdentityIsNot) {
    database().exec(
        "CREATE TABLE s (id serial PRIMARY KEY, big bigserial);"
        "CREATE TABLE i (a bigint GENERATED ALWAYS AS IDENTITY, "
        "b integer GENERATED BY DEFAULT AS IDENTITY (START WITH 10), "
        "c smallint GENERATED ALWAYS AS IDENTITY (INCREMENT BY -1), "
        "e smallint GENERATED ALWAYS AS IDENTITY (MAXVALUE 32767 START 1), "
        "d smallint GENERATED ALWAYS AS IDENTITY (INCREMENT BY -2 CACHE 5 CYCLE));"
        "CREATE SEQUENCE alone AS smallint INCREMENT BY 5 MINVALUE -100 MAXVALUE 1000 "
        "START WITH 7 CACHE 3 CYCLE;"
        "COMMENT ON SEQUENCE alone IS 'standalone';"
        "CREATE SEQUENCE owned; ALTER SEQUENCE owned OWNED BY i.b");
    const Catalog catalog = introspect();

    const Column& id = column(catalog, pub("s"), "id");
    EXPECT_EQ(id.type, "integer");
    EXPECT_TRUE(id.not_null);
    EXPECT_THAT(id.default_value, Optional(std::string("nextval('public.s_id_seq'::regclass)")));
    EXPECT_THAT(id.owned_sequence, Optional(pub("s_id_seq")));
    EXPECT_EQ(id.identity, Identity::none);
    EXPECT_THAT(column(catalog, pub("s"), "big").owned_sequence, Optional(pub("s_big_seq")));

    const Column& a = column(catalog, pub("i"), "a");
    EXPECT_EQ(a.identity, Identity::always);
    EXPECT_EQ(a.default_value, std::nullopt);
    EXPECT_EQ(a.owned_sequence, std::nullopt);  // an identity's sequence is its own business
    EXPECT_EQ(a.identity_options, "");          // the defaults
    const Column& b = column(catalog, pub("i"), "b");
    EXPECT_EQ(b.identity, Identity::by_default);
    EXPECT_EQ(b.identity_options,
              "START WITH 10 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1");
    EXPECT_EQ(column(catalog, pub("i"), "c").identity_options,
              "START WITH -1 INCREMENT BY -1 MINVALUE -32768 MAXVALUE -1 CACHE 1");
    EXPECT_EQ(column(catalog, pub("i"), "e").identity_options, "");  // the defaults spelt out
    EXPECT_EQ(column(catalog, pub("i"), "d").identity_options,
              "START WITH -1 INCREMENT BY -2 MINVALUE -32768 MAXVALUE -1 CACHE 5 CYCLE");
    EXPECT_EQ(id.identity_options, "");                     // no identity
    EXPECT_THAT(b.owned_sequence, Optional(pub("owned")));  // an explicit OWNED BY is listed

    // The serial sequences and the standalone ones; the identity sequences are not listed.
    EXPECT_THAT(keys(catalog.sequences),
                ElementsAre(pub("alone"), pub("owned"), pub("s_big_seq"), pub("s_id_seq")));
    const schema::pg::Sequence& serial = catalog.sequences.at(pub("s_id_seq"));
    EXPECT_EQ(serial.data_type, "integer");
    EXPECT_EQ(serial.start, 1);
    EXPECT_EQ(serial.increment, 1);
    EXPECT_EQ(serial.min_value, 1);
    EXPECT_EQ(serial.max_value, 2147483647);
    EXPECT_EQ(serial.cache, 1);
    EXPECT_FALSE(serial.cycle);
    EXPECT_THAT(serial.owned_by_table, Optional(pub("s")));
    EXPECT_EQ(serial.owned_by_column, "id");
    EXPECT_EQ(catalog.sequences.at(pub("s_big_seq")).max_value, 9223372036854775807LL);

    const schema::pg::Sequence& alone = catalog.sequences.at(pub("alone"));
    EXPECT_EQ(alone.data_type, "smallint");
    EXPECT_EQ(alone.start, 7);
    EXPECT_EQ(alone.increment, 5);
    EXPECT_EQ(alone.min_value, -100);
    EXPECT_EQ(alone.max_value, 1000);
    EXPECT_EQ(alone.cache, 3);
    EXPECT_TRUE(alone.cycle);
    EXPECT_EQ(alone.owned_by_table, std::nullopt);
    EXPECT_EQ(alone.owned_by_column, "");
    EXPECT_THAT(alone.comment, Optional(std::string("standalone")));
}

TEST_F(PostgresIntrospectTest, ConstraintsOfEveryKindSortedByName) {
    database().exec(
        "CREATE TABLE users (id integer PRIMARY KEY, email text UNIQUE, a int, b int, "
        "CONSTRAINT pair UNIQUE (b, a), age int CHECK (age > 0));"
        "CREATE TABLE posts (id integer, user_id integer, during tsrange, "
        "CONSTRAINT posts_pk PRIMARY KEY (id), "
        "CONSTRAINT author FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE "
        "ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED, "
        "CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&), "
        "CONSTRAINT one_post_a_day EXCLUDE (user_id WITH =, date(lower(during)) WITH =));"
        "CREATE TABLE nothing (CHECK (true));"
        "ALTER TABLE posts ADD CONSTRAINT later CHECK (id > 0) NOT VALID;"
        "COMMENT ON CONSTRAINT author ON posts IS 'who wrote it'");
    const Catalog catalog = introspect();

    std::vector<std::string> names;
    for (const Constraint& constraint : table(catalog, pub("users")).constraints) {
        names.push_back(constraint.name);
    }
    EXPECT_THAT(names, ElementsAre("pair", "users_age_check", "users_email_key", "users_pkey"));
    EXPECT_THAT(table(catalog, pub("nothing")).columns, IsEmpty());
    EXPECT_THAT(constraint(catalog, pub("nothing"), "nothing_check").columns, IsEmpty());
    const Constraint& pkey = constraint(catalog, pub("users"), "users_pkey");
    EXPECT_EQ(pkey.kind, ConstraintKind::primary_key);
    EXPECT_EQ(pkey.definition, "PRIMARY KEY (id)");
    EXPECT_THAT(pkey.columns, ElementsAre("id"));
    const Constraint& pair = constraint(catalog, pub("users"), "pair");
    EXPECT_EQ(pair.kind, ConstraintKind::unique);
    EXPECT_EQ(pair.definition, "UNIQUE (b, a)");
    EXPECT_THAT(pair.columns, ElementsAre("b", "a"));  // key order, not table order
    const Constraint& check = constraint(catalog, pub("users"), "users_age_check");
    EXPECT_EQ(check.kind, ConstraintKind::check);
    EXPECT_EQ(check.definition, "CHECK ((age > 0))");
    EXPECT_TRUE(check.validated);

    const Constraint& author = constraint(catalog, pub("posts"), "author");
    EXPECT_EQ(author.kind, ConstraintKind::foreign_key);
    EXPECT_EQ(author.definition,
              "FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE SET NULL ON DELETE "
              "CASCADE DEFERRABLE INITIALLY DEFERRED");
    EXPECT_THAT(author.columns, ElementsAre("user_id"));
    EXPECT_THAT(author.referenced_table, Optional(pub("users")));
    EXPECT_THAT(author.comment, Optional(std::string("who wrote it")));
    const Constraint& exclude = constraint(catalog, pub("posts"), "no_overlap");
    EXPECT_EQ(exclude.kind, ConstraintKind::exclude);
    EXPECT_EQ(exclude.definition, "EXCLUDE USING gist (during WITH &&)");
    EXPECT_THAT(exclude.columns, ElementsAre("during"));
    EXPECT_EQ(exclude.referenced_table, std::nullopt);
    const Constraint& by_day = constraint(catalog, pub("posts"), "one_post_a_day");
    EXPECT_EQ(by_day.definition,
              "EXCLUDE USING btree (user_id WITH =, date(lower(during)) WITH =)");
    EXPECT_THAT(by_day.columns, ElementsAre("user_id", ""));  // an expression has no name
    const Constraint& later = constraint(catalog, pub("posts"), "later");
    EXPECT_FALSE(later.validated);
    EXPECT_EQ(later.definition, "CHECK ((id > 0))");  // NOT VALID is `validated`, not text

    // NOT NULL is a column's property, not a constraint; the indexes behind the primary
    // keys, unique and exclusion constraints come and go with them and are not listed.
    EXPECT_THAT(catalog.indexes, IsEmpty());
}

TEST_F(PostgresIntrospectTest, IndexesPartialExpressionIncludeDescendingAndOnMaterializedViews) {
    database().exec(
        "CREATE TABLE t (id integer PRIMARY KEY, email text, name text, deleted_at timestamptz);"
        "CREATE UNIQUE INDEX t_email_lower ON t (lower(email)) INCLUDE (name) "
        "WHERE deleted_at IS NULL;"
        "CREATE INDEX t_name_desc ON t USING btree (name DESC NULLS LAST, email text_pattern_ops);"
        "CREATE INDEX ON t USING hash (email);"
        "COMMENT ON INDEX t_name_desc IS 'for sorting';"
        "CREATE MATERIALIZED VIEW mv AS SELECT id, name FROM t;"
        "CREATE UNIQUE INDEX mv_id ON mv (id)");
    const Catalog catalog = introspect();
    EXPECT_THAT(keys(catalog.indexes), ElementsAre(pub("mv_id"), pub("t_email_idx"),
                                                   pub("t_email_lower"), pub("t_name_desc")));
    const schema::pg::Index& lower = catalog.indexes.at(pub("t_email_lower"));
    EXPECT_EQ(lower.table, pub("t"));
    EXPECT_TRUE(lower.unique);
    EXPECT_EQ(lower.definition,
              "CREATE UNIQUE INDEX t_email_lower ON public.t USING btree (lower(email)) INCLUDE "
              "(name) WHERE (deleted_at IS NULL)");
    const schema::pg::Index& desc = catalog.indexes.at(pub("t_name_desc"));
    EXPECT_FALSE(desc.unique);
    EXPECT_EQ(desc.definition,
              "CREATE INDEX t_name_desc ON public.t USING btree (name DESC NULLS LAST, email "
              "text_pattern_ops)");
    EXPECT_THAT(desc.comment, Optional(std::string("for sorting")));
    EXPECT_EQ(catalog.indexes.at(pub("t_email_idx")).definition,
              "CREATE INDEX t_email_idx ON public.t USING hash (email)");
    EXPECT_EQ(catalog.indexes.at(pub("mv_id")).table, pub("mv"));
}

TEST_F(PostgresIntrospectTest, ViewsWithTheirColumnsAndWhatTheyRead) {
    database().exec(
        "CREATE TABLE users (id integer, name text, secret text);"
        "CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) "
        "$$;"
        "CREATE VIEW named AS SELECT id, shout(name) AS loud FROM users WHERE id > 0;"
        "CREATE MATERIALIZED VIEW counted AS SELECT count(*) AS n FROM named;"
        "COMMENT ON VIEW named IS 'the named users'");
    const Catalog catalog = introspect();
    EXPECT_THAT(keys(catalog.views), ElementsAre(pub("counted"), pub("named")));
    const schema::pg::View& named = catalog.views.at(pub("named"));
    EXPECT_FALSE(named.materialized);
    EXPECT_EQ(named.definition,
              " SELECT users.id,\n    public.shout(users.name) AS loud\n   FROM public.users\n"
              "  WHERE users.id > 0;");
    EXPECT_THAT(named.columns, ElementsAre("id", "loud"));
    // The table and the function it reads, not itself, nothing of pg_catalog.
    EXPECT_THAT(named.depends_on, ElementsAre(pub("shout"), pub("users")));
    EXPECT_THAT(named.comment, Optional(std::string("the named users")));
    const schema::pg::View& counted = catalog.views.at(pub("counted"));
    EXPECT_TRUE(counted.materialized);
    EXPECT_THAT(counted.columns, ElementsAre("n"));
    EXPECT_THAT(counted.depends_on, ElementsAre(pub("named")));
    EXPECT_FALSE(catalog.tables.contains(pub("named")));  // a view is not a table
}

TEST_F(PostgresIntrospectTest, EnumValuesInTheirOrderAndDomainsWithConstraints) {
    database().exec(
        "CREATE TYPE mood AS ENUM ('sad', 'happy');"
        "ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';"
        "ALTER TYPE mood ADD VALUE 'ecstatic';"
        "COMMENT ON TYPE mood IS 'feelings';"
        "CREATE DOMAIN positive AS numeric(8, 2) NOT NULL DEFAULT 1 "
        "CONSTRAINT z_positive CHECK (VALUE > 0) CONSTRAINT a_small CHECK (VALUE < 1000);"
        "CREATE DOMAIN code AS varchar(5) COLLATE \"C\";"
        "CREATE DOMAIN loose AS text");
    const Catalog catalog = introspect();
    const schema::pg::EnumType& mood = catalog.enums.at(pub("mood"));
    EXPECT_THAT(mood.values, ElementsAre("sad", "ok", "happy", "ecstatic"));
    EXPECT_THAT(mood.comment, Optional(std::string("feelings")));

    EXPECT_THAT(keys(catalog.domains), ElementsAre(pub("code"), pub("loose"), pub("positive")));
    const schema::pg::Domain& positive = catalog.domains.at(pub("positive"));
    EXPECT_EQ(positive.base_type, "numeric(8,2)");
    EXPECT_TRUE(positive.not_null);
    EXPECT_THAT(positive.default_value, Optional(std::string("1")));
    EXPECT_EQ(positive.collation, "");
    ASSERT_EQ(positive.constraints.size(), 2U);
    EXPECT_EQ(positive.constraints[0].name, "a_small");
    EXPECT_EQ(positive.constraints[0].definition, "CHECK ((VALUE < (1000)::numeric))");
    EXPECT_EQ(positive.constraints[1].name, "z_positive");
    EXPECT_EQ(positive.constraints[1].definition, "CHECK ((VALUE > (0)::numeric))");
    const schema::pg::Domain& code = catalog.domains.at(pub("code"));
    EXPECT_EQ(code.base_type, "character varying(5)");
    EXPECT_EQ(code.collation, "pg_catalog.\"C\"");
    const schema::pg::Domain& loose = catalog.domains.at(pub("loose"));
    EXPECT_FALSE(loose.not_null);
    EXPECT_EQ(loose.default_value, std::nullopt);
    EXPECT_THAT(loose.constraints, IsEmpty());
}

TEST_F(PostgresIntrospectTest, FunctionsAndProceduresByTheirDefinitionAggregatesLeftOut) {
    database().exec(
        "CREATE FUNCTION add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql "
        "IMMUTABLE AS $$ SELECT a + b $$;"
        "CREATE FUNCTION add(a text, b text) RETURNS text LANGUAGE sql AS $$ SELECT a || b $$;"
        "CREATE PROCEDURE tidy() LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;"
        "CREATE FUNCTION \"User\"() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;"
        "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);"
        "COMMENT ON FUNCTION add(integer, integer) IS 'adds'");
    const Catalog catalog = introspect();
    EXPECT_THAT(keys(catalog.functions),
                ElementsAre("public.\"User\"()", "public.add(a integer, b integer)",
                            "public.add(a text, b text)", "public.tidy()"));
    const schema::pg::Function& add = catalog.functions.at("public.add(a integer, b integer)");
    EXPECT_EQ(add.name, pub("add"));
    EXPECT_EQ(add.identity_arguments, "a integer, b integer");
    EXPECT_FALSE(add.is_procedure);
    EXPECT_EQ(add.definition,
              "CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1)\n RETURNS "
              "integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$ SELECT a + b $function$\n");
    EXPECT_THAT(add.comment, Optional(std::string("adds")));
    const schema::pg::Function& tidy = catalog.functions.at("public.tidy()");
    EXPECT_TRUE(tidy.is_procedure);
    EXPECT_THAT(tidy.definition, StartsWith("CREATE OR REPLACE PROCEDURE public.tidy()"));
}

TEST_F(PostgresIntrospectTest, TriggersByDefinitionWithoutTheInternalOnesOfForeignKeys) {
    database().exec(
        "CREATE TABLE parent (id integer PRIMARY KEY);"
        "CREATE TABLE child (id integer, parent_id integer REFERENCES parent);"
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
        "CREATE TRIGGER child_touch BEFORE INSERT OR UPDATE OF id ON child FOR EACH ROW "
        "WHEN (NEW.id > 0) EXECUTE FUNCTION touch();"
        "CREATE CONSTRAINT TRIGGER child_late AFTER INSERT ON child DEFERRABLE INITIALLY "
        "DEFERRED FOR EACH ROW EXECUTE FUNCTION touch();"
        "CREATE VIEW v AS SELECT id FROM child;"
        "CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION touch();"
        "COMMENT ON TRIGGER child_touch ON child IS 'keeps it fresh'");
    const Catalog catalog = introspect();
    using Key = std::pair<QualifiedName, std::string>;
    EXPECT_THAT(keys(catalog.triggers),
                ElementsAre(Key{pub("child"), "child_late"}, Key{pub("child"), "child_touch"},
                            Key{pub("v"), "v_insert"}));
    const schema::pg::Trigger& touch = catalog.triggers.at({pub("child"), "child_touch"});
    EXPECT_EQ(touch.definition,
              "CREATE TRIGGER child_touch BEFORE INSERT OR UPDATE OF id ON public.child FOR EACH "
              "ROW WHEN ((new.id > 0)) EXECUTE FUNCTION public.touch()");
    EXPECT_THAT(touch.comment, Optional(std::string("keeps it fresh")));
    EXPECT_THAT(catalog.triggers.at({pub("child"), "child_late"}).definition,
                StartsWith("CREATE CONSTRAINT TRIGGER child_late AFTER INSERT ON public.child"));
}

TEST_F(PostgresIntrospectTest, QuotedAndMixedCaseNamesAreKeptAsTheServerStoresThem) {
    database().exec(
        "CREATE SCHEMA \"My Schema\";"
        "CREATE TYPE \"My Schema\".\"Mood\" AS ENUM ('a');"
        "CREATE TABLE \"My Schema\".\"Users\" (\"Id\" serial PRIMARY KEY, \"Email\" text "
        "UNIQUE, Folded integer, \"select\" \"My Schema\".\"Mood\");"
        "CREATE INDEX \"Users By Email\" ON \"My Schema\".\"Users\" (lower(\"Email\"))");
    const Catalog catalog = introspect({"My Schema"});
    const QualifiedName users{"My Schema", "Users"};
    EXPECT_THAT(column_names(table(catalog, users)),
                ElementsAre("Id", "Email", "folded", "select"));
    EXPECT_EQ(column(catalog, users, "select").type, "\"My Schema\".\"Mood\"");
    EXPECT_THAT(column(catalog, users, "Id").default_value,
                Optional(std::string("nextval('\"My Schema\".\"Users_Id_seq\"'::regclass)")));
    EXPECT_THAT(column(catalog, users, "Id").owned_sequence,
                Optional(QualifiedName{"My Schema", "Users_Id_seq"}));
    const Constraint& unique = constraint(catalog, users, "Users_Email_key");
    EXPECT_EQ(unique.definition, "UNIQUE (\"Email\")");
    EXPECT_THAT(unique.columns, ElementsAre("Email"));
    EXPECT_EQ(catalog.indexes.at({"My Schema", "Users By Email"}).definition,
              "CREATE INDEX \"Users By Email\" ON \"My Schema\".\"Users\" USING btree "
              "(lower(\"Email\"))");
    EXPECT_THAT(keys(catalog.enums), ElementsAre(QualifiedName{"My Schema", "Mood"}));
}

TEST_F(PostgresIntrospectTest, NamesAndValuesWithQuotesCommasAndBackslashesSurvive) {
    database().exec(
        "CREATE SCHEMA \"we\"\"ird\\ name,x\";"
        "CREATE TYPE \"we\"\"ird\\ name,x\".e AS ENUM "
        "('a,b', 'say \"hi\"', 'back\\slash', 'NULL', ' spaced ', '{}');"
        "CREATE TABLE \"we\"\"ird\\ name,x\".t (\"a,b\" integer, \"NULL\" integer, "
        "UNIQUE (\"NULL\", \"a,b\"))");
    const std::string schema = "we\"ird\\ name,x";
    const Catalog catalog = introspect({schema});
    EXPECT_THAT(catalog.schemas, ElementsAre(schema));
    EXPECT_THAT(catalog.enums.at({schema, "e"}).values,
                ElementsAre("a,b", "say \"hi\"", "back\\slash", "NULL", " spaced ", "{}"));
    EXPECT_THAT(constraint(catalog, {schema, "t"}, "t_NULL_a,b_key").columns,
                ElementsAre("NULL", "a,b"));
}

TEST_F(PostgresIntrospectTest, OnlyTheManagedSchemasAreRead) {
    database().exec(
        "CREATE SCHEMA app; CREATE SCHEMA other; COMMENT ON SCHEMA app IS 'the app';"
        "CREATE TABLE app.t (id integer); CREATE TABLE other.t (id integer);"
        "CREATE TABLE public.t2 (id integer PRIMARY KEY);"
        "CREATE TABLE public.t (id integer REFERENCES public.t2 (id));"
        "CREATE TABLE app.refers (t2 integer REFERENCES public.t2 (id));"
        "CREATE TYPE other.e AS ENUM ('x'); CREATE FUNCTION other.f() RETURNS integer "
        "LANGUAGE sql AS $$ SELECT 1 $$; CREATE SEQUENCE other.s");
    const Catalog catalog = introspect({"public", "app", "missing"});
    EXPECT_THAT(catalog.schemas, ElementsAre("app", "public"));  // sorted; missing left out
    EXPECT_THAT(catalog.schema_comments.at("app"), Optional(std::string("the app")));
    EXPECT_THAT(keys(catalog.tables), ElementsAre(QualifiedName{"app", "refers"},
                                                  QualifiedName{"app", "t"}, pub("t"), pub("t2")));
    EXPECT_THAT(catalog.enums, IsEmpty());
    EXPECT_THAT(catalog.functions, IsEmpty());
    EXPECT_THAT(catalog.sequences, IsEmpty());
    // A foreign key into another managed schema names it.
    EXPECT_THAT(constraint(catalog, {"app", "refers"}, "refers_t2_fkey").referenced_table,
                Optional(pub("t2")));

    const Catalog none = introspect({"missing"});
    EXPECT_THAT(none.schemas, IsEmpty());
    EXPECT_THAT(none.tables, IsEmpty());
}

TEST_F(PostgresIntrospectTest, MigsOwnTablesAreLeftOutInWhicheverSchemaTheyLive) {
    for (const std::string& schema : {std::string("public"), std::string("app")}) {
        database().exec("CREATE SCHEMA IF NOT EXISTS " + schema);
        const dialect::PostgresDialect dialect(schema);
        for (const std::string& statement : dialect.bookkeeping().create_tables) {
            database().exec(statement);
        }
    }
    database().exec(
        "CREATE INDEX mig_history_revision ON public.mig_history (revision);"
        "CREATE TABLE kept (id serial PRIMARY KEY)");
    const Catalog catalog = introspect({"public", "app"});
    EXPECT_THAT(keys(catalog.tables), ElementsAre(pub("kept")));
    EXPECT_THAT(catalog.indexes, IsEmpty());
    EXPECT_THAT(keys(catalog.sequences), ElementsAre(pub("kept_id_seq")));
}

TEST_F(PostgresIntrospectTest, AnExtensionIsListedAndItsObjectsAreNot) {
    database().exec(
        "CREATE SCHEMA ext; CREATE EXTENSION citext SCHEMA public; "
        "CREATE EXTENSION pg_trgm SCHEMA ext;"
        "CREATE TABLE t (email citext, name text);"
        "CREATE INDEX t_name_trgm ON t USING gin (name ext.gin_trgm_ops)");
    const Catalog catalog = introspect({"public", "ext"});
    EXPECT_THAT(keys(catalog.extensions), ElementsAre("citext", "pg_trgm"));
    EXPECT_EQ(catalog.extensions.at("citext").schema, "public");
    EXPECT_EQ(catalog.extensions.at("pg_trgm").schema, "ext");
    // citext's type, functions and operators, and pg_trgm's, belong to the extensions.
    EXPECT_THAT(catalog.functions, IsEmpty());
    EXPECT_THAT(catalog.domains, IsEmpty());
    EXPECT_EQ(column(catalog, pub("t"), "email").type, "public.citext");
    EXPECT_EQ(catalog.indexes.at(pub("t_name_trgm")).definition,
              "CREATE INDEX t_name_trgm ON public.t USING gin (name ext.gin_trgm_ops)");
}

TEST_F(PostgresIntrospectTest, APartitionedTableIsListedAndItsPartitionsAreNot) {
    database().exec(
        "CREATE TABLE events (id integer, at date NOT NULL, PRIMARY KEY (id, at)) "
        "PARTITION BY RANGE (at);"
        "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO "
        "('2027-01-01');"
        "CREATE INDEX events_at ON events (at);"
        "CREATE TABLE refs (id integer, at date, FOREIGN KEY (id, at) REFERENCES events);"
        "CREATE UNLOGGED TABLE scratch (x integer)");
    const Catalog catalog = introspect();
    EXPECT_THAT(keys(catalog.tables), ElementsAre(pub("events"), pub("refs"), pub("scratch")));
    // A foreign key to a partitioned table has a clone per partition (conparentid): only the
    // key itself is listed.
    ASSERT_EQ(table(catalog, pub("refs")).constraints.size(), 1U);
    EXPECT_EQ(table(catalog, pub("refs")).constraints[0].name, "refs_id_at_fkey");
    EXPECT_THAT(keys(catalog.indexes), ElementsAre(pub("events_at")));
    EXPECT_THAT(constraint(catalog, pub("events"), "events_pkey").columns, ElementsAre("id", "at"));
    EXPECT_TRUE(table(catalog, pub("scratch")).unlogged);
    EXPECT_THAT(table(catalog, pub("events")).partition_key, Optional(std::string("RANGE (at)")));
    EXPECT_EQ(table(catalog, pub("scratch")).partition_key, std::nullopt);
}

TEST_F(PostgresIntrospectTest, InsideTheCallersTransactionItsSearchPathIsPutBack) {
    database().exec("CREATE TABLE t (id integer)");
    PgConnection connection = PgConnection::open(parse_database_url(database().url(), "/"), {});
    connection.exec("BEGIN; SET LOCAL search_path = public, pg_temp");
    const Catalog catalog = db::introspect(connection, {"public"});
    EXPECT_THAT(keys(catalog.tables), ElementsAre(pub("t")));
    EXPECT_TRUE(connection.in_transaction());
    EXPECT_EQ(connection.exec("SHOW search_path").text(0, 0), "public, pg_temp");
    connection.exec("COMMIT");

    // On its own it leaves no transaction open and the session's search_path as it was.
    const Catalog again = db::introspect(connection, {"public"});
    EXPECT_EQ(again, catalog);
    EXPECT_FALSE(connection.in_transaction());
    EXPECT_EQ(connection.exec("SHOW search_path").text(0, 0), "\"$user\", public");
}

TEST_F(PostgresIntrospectTest, NamesAreQualifiedWhateverTheSessionsSearchPath) {
    database().exec(
        "CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('a');"
        "CREATE TABLE app.t (id serial PRIMARY KEY, m app.mood DEFAULT 'a');"
        "CREATE VIEW app.v AS SELECT id FROM app.t;"
        "ALTER DATABASE " +
        database().name() + " SET search_path = app, public");
    const Catalog catalog = introspect({"app"});
    const QualifiedName t{"app", "t"};
    EXPECT_EQ(column(catalog, t, "m").type, "app.mood");
    EXPECT_THAT(column(catalog, t, "m").default_value, Optional(std::string("'a'::app.mood")));
    EXPECT_THAT(column(catalog, t, "id").default_value,
                Optional(std::string("nextval('app.t_id_seq'::regclass)")));
    EXPECT_EQ(catalog.views.at({"app", "v"}).definition, " SELECT t.id\n   FROM app.t;");
}

TEST_F(PostgresIntrospectTest, ReadsTheSameCatalogThroughAReadOnlySession) {
    database().exec("CREATE TABLE t (id integer PRIMARY KEY)");
    SessionSettings read_only;
    read_only.read_only = true;
    PgConnection connection =
        PgConnection::open(parse_database_url(database().url(), "/"), read_only);
    EXPECT_EQ(db::introspect(connection, {"public"}), introspect());
}

}  // namespace
}  // namespace mig::db
