// PostgreSQL changes the server refuses while something depends on the changed object, as
// round trips against the run's server (postgres_roundtrip.hpp: upgrade with rows kept,
// introspect == model, nothing left to compare, downgrade == original): an enum recreated
// (a value dropped or the values reordered) under domains, functions, triggers, partial
// indexes and views; a domain's base type changed under columns, views and functions; a
// function's return type changed under views and other functions; a column renamed
// under a view; a domain's CHECKs under generated names.

#include "postgres_roundtrip.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace mig::autogen::pg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The schema both sides of the enum cases share, around the type `mood`, which the first
// side declares with `old_values` and the second with `new_values`.
std::string mood_schema(const std::string& values) {
    return "CREATE TYPE mood AS ENUM (" + values +
           ");"
           "CREATE DOMAIN good_mood AS mood DEFAULT 'happy' CHECK (VALUE <> 'sad');"
           "CREATE TABLE p (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'sad', g good_mood,"
           "  gs good_mood[]);"
           "CREATE INDEX p_happy ON p (id) WHERE m = 'happy';"
           "CREATE INDEX p_m ON p (m);"
           "CREATE FUNCTION is_happy(x mood) RETURNS boolean LANGUAGE sql IMMUTABLE"
           "  AS $$SELECT x = 'happy'$$;"
           "CREATE FUNCTION default_mood() RETURNS mood LANGUAGE sql AS $$SELECT 'sad'::mood$$;"
           "CREATE FUNCTION p_check() RETURNS trigger LANGUAGE plpgsql AS"
           "  $$BEGIN RETURN NEW; END$$;"
           "CREATE TRIGGER p_checked BEFORE INSERT ON p FOR EACH ROW EXECUTE FUNCTION p_check();"
           "CREATE VIEW happy AS SELECT id, is_happy(m) AS happy FROM p;"
           "CREATE VIEW sad AS SELECT 'sad'::mood AS m;";
}

TEST_F(PostgresRoundTrip, EnumRecreatedUnderDomainsFunctionsIndexesAndViews) {
    Rendered up = round_trip({
        mood_schema("'sad', 'meh', 'happy'") +
            "INSERT INTO p VALUES (1, 'sad', 'happy', '{happy}'), (2, 'happy', NULL, NULL);",
        mood_schema("'happy', 'sad'"),
        "SELECT id, m::text, g::text, gs::text FROM p ORDER BY id",
    });
    EXPECT_THAT(up.sql, HasSubstr("ALTER DOMAIN public.good_mood RENAME TO good_mood_mig_old;"));
    EXPECT_THAT(up.sql, HasSubstr("DROP FUNCTION public.is_happy(x public.mood);"));
    EXPECT_THAT(up.sql, HasSubstr("DROP INDEX public.p_happy;"));
    EXPECT_THAT(up.sql, HasSubstr("DROP VIEW public.sad;"));
    EXPECT_THAT(up.sql, HasSubstr("USING g::text::public.good_mood"));
    EXPECT_THAT(up.sql, Not(HasSubstr("DROP TRIGGER")));  // p_check() takes no mood
}

TEST_F(PostgresRoundTrip, DomainBaseTypeChangedUnderColumnsViewsAndFunctions) {
    Rendered up = round_trip({
        "CREATE DOMAIN amount AS integer NOT NULL DEFAULT 0 CHECK (VALUE >= 0);"
        "CREATE TABLE t (id int PRIMARY KEY, a amount, b amount DEFAULT 5, c amount[]);"
        "CREATE INDEX t_a ON t (a);"
        "CREATE VIEW big AS SELECT id, a FROM t WHERE a > 10;"
        "CREATE FUNCTION doubled(x amount) RETURNS integer LANGUAGE sql AS 'SELECT x * 2';"
        "INSERT INTO t VALUES (1, 3, 5, '{1,2}'), (2, 30, 6, NULL);",
        "CREATE DOMAIN amount AS bigint NOT NULL DEFAULT 0 CHECK (VALUE >= 0);"
        "CREATE TABLE t (id int PRIMARY KEY, a amount, b amount DEFAULT 5, c amount[]);"
        "CREATE INDEX t_a ON t (a);"
        "CREATE VIEW big AS SELECT id, a FROM t WHERE a > 10;"
        "CREATE FUNCTION doubled(x amount) RETURNS integer LANGUAGE sql AS 'SELECT x * 2';",
        "SELECT id, a, b, c::text FROM t ORDER BY id",
    });
    EXPECT_THAT(up.sql, HasSubstr("ALTER DOMAIN public.amount RENAME TO amount_mig_old;"));
    EXPECT_THAT(up.sql, HasSubstr("ALTER TABLE public.t ALTER COLUMN a TYPE public.amount USING "
                                  "a::public.amount;"));
    EXPECT_THAT(up.sql, HasSubstr("DROP DOMAIN public.amount_mig_old;"));
    EXPECT_THAT(up.sql, Not(HasSubstr("-- mig:destructive")));  // integer -> bigint widens
}

TEST_F(PostgresRoundTrip, DomainNarrowedIsMarkedDestructive) {
    Rendered up = round_trip({
        "CREATE DOMAIN label AS text;"
        "CREATE TABLE t (id int PRIMARY KEY, l label);"
        "INSERT INTO t VALUES (1, 'ab');",
        "CREATE DOMAIN label AS varchar(10);"
        "CREATE TABLE t (id int PRIMARY KEY, l label);",
        "SELECT id, l FROM t",
    });
    EXPECT_THAT(up.sql, HasSubstr("-- mig:destructive converts the columns of domain label from "
                                  "text to character varying(10)"));
}

TEST_F(PostgresRoundTrip, FunctionReturnTypeChangedUnderViewsAndFunctions) {
    Rendered up = round_trip({
        "CREATE TABLE t (id int PRIMARY KEY, n int);"
        "CREATE FUNCTION score(x int) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x * 2;"
        "CREATE FUNCTION score_plus(x int) RETURNS bigint LANGUAGE sql BEGIN ATOMIC "
        "  SELECT score(x) + 1; END;"
        "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS "
        "  $$BEGIN NEW.n := NEW.n; RETURN NEW; END$$;"
        "CREATE TRIGGER t_stamp BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION stamp();"
        "CREATE VIEW scores AS SELECT id, score(n) AS s FROM t;"
        "INSERT INTO t VALUES (1, 10);",
        "CREATE TABLE t (id int PRIMARY KEY, n int);"
        "CREATE FUNCTION score(x int) RETURNS bigint LANGUAGE sql IMMUTABLE RETURN x * 2;"
        "CREATE FUNCTION score_plus(x int) RETURNS bigint LANGUAGE sql BEGIN ATOMIC "
        "  SELECT score(x) + 1; END;"
        "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS "
        "  $$BEGIN NEW.n := NEW.n; RETURN NEW; END$$;"
        "CREATE TRIGGER t_stamp BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION stamp();"
        "CREATE VIEW scores AS SELECT id, score(n) AS s FROM t;",
        "SELECT id, n FROM t",
    });
    EXPECT_THAT(up.sql, HasSubstr("DROP VIEW public.scores;"));
    EXPECT_THAT(up.sql, HasSubstr("DROP FUNCTION public.score_plus(x integer);"));
    const std::size_t dependant = up.sql.find("DROP FUNCTION public.score_plus");
    const std::size_t changed = up.sql.find("DROP FUNCTION public.score(");
    EXPECT_LT(dependant, changed) << "the caller is dropped first";
    EXPECT_THAT(up.sql, Not(HasSubstr("t_stamp")));  // stamp() does not change
}

TEST_F(PostgresRoundTrip, FunctionReturnTypeChangedUnderDefaultsChecksAndIndexes) {
    // What calls the function from a table: a column default (also of a table the model
    // drops), a CHECK and an expression index; each is taken off before the function is
    // dropped and put back after it is created.
    const std::string table =
        "CREATE TABLE t (id int PRIMARY KEY, code integer DEFAULT next_code(),"
        "  name text, CONSTRAINT codes CHECK (next_code() > 0));"
        "CREATE INDEX t_norm ON t (norm(name));";
    Rendered up = round_trip({
        "CREATE FUNCTION next_code() RETURNS integer LANGUAGE sql AS 'SELECT 7';"
        "CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(x)';" +
            table +
            "CREATE TABLE gone (id int, c integer DEFAULT next_code());"
            "INSERT INTO t (id, name) VALUES (1, 'A'); INSERT INTO gone (id) VALUES (1);",
        "CREATE FUNCTION next_code() RETURNS bigint LANGUAGE sql AS 'SELECT 7';"
        "CREATE FUNCTION norm(x text) RETURNS character varying LANGUAGE sql IMMUTABLE AS "
        "'SELECT lower(x)';" +
            table,
        "SELECT id, code, name FROM t ORDER BY id",
    });
    EXPECT_THAT(up.sql, HasSubstr("ALTER TABLE public.t ALTER COLUMN code DROP DEFAULT;"));
    EXPECT_THAT(up.sql, HasSubstr("ALTER TABLE public.gone ALTER COLUMN c DROP DEFAULT;"));
    EXPECT_THAT(up.sql, HasSubstr("DROP INDEX public.t_norm;"));
    EXPECT_THAT(up.sql, HasSubstr("ALTER TABLE public.t DROP CONSTRAINT codes;"));
}

TEST_F(PostgresRoundTrip, ColumnRenamedUnderAViewThatKeepsItsOutputName) {
    // The server rewrites the view on RENAME COLUMN (`SELECT t.amount AS total`); a model that
    // writes the view that way, or with the new name as its output, compares equal after.
    for (const std::string& view : {std::string("CREATE VIEW v AS SELECT id, amount AS total "
                                                "FROM t WHERE amount > 0;"),
                                    std::string("CREATE VIEW v AS SELECT id, amount FROM t "
                                                "WHERE amount > 0;")}) {
        SCOPED_TRACE(view);
        reset();
        round_trip({
            "CREATE TABLE t (id int PRIMARY KEY, total int);"
            "CREATE VIEW v AS SELECT id, total FROM t WHERE total > 0;"
            "INSERT INTO t VALUES (1, 10);",
            "CREATE TABLE t (id int PRIMARY KEY, amount int);" + view,
            "SELECT * FROM t ORDER BY id",
            {{"t", "total", "amount"}},
        });
    }
}

TEST_F(PostgresRoundTrip, DomainChecksUnderOtherGeneratedNamesAreTheSame) {
    // The migrations added the two CHECKs in one order (pos_check, pos_check1), the model
    // declares them in the other (pos_check1, pos_check): the same domain, no difference.
    m_live->exec(
        "CREATE DOMAIN pos AS integer CHECK (VALUE > 0);"
        "ALTER DOMAIN pos ADD CHECK (VALUE < 1000);"
        "CREATE TABLE t (id int PRIMARY KEY, p pos);");
    m_model->exec(
        "CREATE DOMAIN pos AS integer CHECK (VALUE < 1000) CHECK (VALUE > 0);"
        "CREATE TABLE t (id int PRIMARY KEY, p pos);");
    const schema::pg::Catalog current = read(*m_live, {"public"});
    const schema::pg::Catalog desired = read(*m_model, {"public"});
    ASSERT_FALSE(current == desired) << "the names should differ for this test to mean anything";
    const Comparison comparison = compare(current, desired);
    EXPECT_TRUE(comparison.upgrade.empty()) << lines_of(comparison);

    // A name spelled out still counts.
    reset();
    m_live->exec("CREATE DOMAIN pos AS integer CONSTRAINT positive CHECK (VALUE > 0);");
    m_model->exec("CREATE DOMAIN pos AS integer CHECK (VALUE > 0);");
    EXPECT_EQ(compare(read(*m_live, {"public"}), read(*m_model, {"public"})).upgrade.size(), 1U);
}

TEST_F(PostgresRoundTrip, DomainCheckChangedBesideGeneratedNames) {
    Rendered up = round_trip({
        "CREATE DOMAIN pos AS integer CHECK (VALUE > 0) CHECK (VALUE < 1000);"
        "CREATE TABLE t (id int PRIMARY KEY, p pos);"
        "INSERT INTO t VALUES (1, 5);",
        "CREATE DOMAIN pos AS integer CHECK (VALUE < 1000) CHECK (VALUE > 1);"
        "CREATE TABLE t (id int PRIMARY KEY, p pos);",
        "SELECT id, p FROM t",
    });
    EXPECT_THAT(up.sql, HasSubstr("ALTER DOMAIN public.pos ADD CONSTRAINT"));
}

}  // namespace
}  // namespace mig::autogen::pg
