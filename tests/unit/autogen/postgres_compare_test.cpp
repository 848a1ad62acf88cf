#include "autogen/postgres_compare.hpp"

#include "autogen/postgres_render.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::autogen::pg {
namespace {

namespace cat = schema::pg;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

cat::Column column(const std::string& name, const std::string& type, bool not_null = false) {
    cat::Column c;
    c.name = name;
    c.type = type;
    c.not_null = not_null;
    return c;
}

cat::Constraint constraint(const std::string& name, cat::ConstraintKind kind,
                           const std::string& definition, std::vector<std::string> columns,
                           std::optional<cat::QualifiedName> referenced = std::nullopt) {
    return {name, kind, definition, std::move(columns), std::move(referenced), true, {}};
}

cat::Table table(const std::string& name, std::vector<cat::Column> columns,
                 std::vector<cat::Constraint> constraints = {},
                 const std::string& schema = "public") {
    cat::Table t;
    t.name = {schema, name};
    t.columns = std::move(columns);
    t.constraints = std::move(constraints);
    return t;
}

cat::Catalog catalog(std::vector<cat::Table> tables, std::vector<cat::Index> indexes = {}) {
    cat::Catalog c;
    c.schemas = {"public"};
    for (auto& t : tables) {
        c.tables.emplace(t.name, t);
    }
    for (auto& i : indexes) {
        c.indexes.emplace(i.name, i);
    }
    return c;
}

std::vector<std::string> described(const Comparison& comparison) {
    std::vector<std::string> lines;
    for (const auto& op : comparison.upgrade) {
        lines.push_back(ops::pg::describe(op));
    }
    return lines;
}

const cat::Column k_id = column("id", "integer", true);
const cat::Constraint k_users_pkey =
    constraint("users_pkey", cat::ConstraintKind::primary_key, "PRIMARY KEY (id)", {"id"});

TEST(PostgresCompare, EqualCatalogsGiveNothing) {
    cat::Catalog c = catalog({table("users", {k_id, column("email", "text")}, {k_users_pkey})});
    EXPECT_THAT(compare(c, c).upgrade, IsEmpty());
}

TEST(PostgresCompare, ColumnsAddedDroppedChanged) {
    cat::Catalog a =
        catalog({table("users", {k_id, column("age", "integer"), column("x", "text")})});
    cat::Catalog b =
        catalog({table("users", {k_id, column("age", "bigint", true), column("n", "text")})});
    EXPECT_THAT(
        described(compare(a, b)),
        ElementsAre("drop column x from table users",
                    "alter column age of table users: type integer -> bigint; nullable -> NOT NULL",
                    "add column n text to table users"));
}

// A default keeps the cast it was written with when a later revision changes the column's
// type (`char(2) DEFAULT 'US'`, then `TYPE varchar(3)`: `'US'::bpchar`); the model written for
// the new type reads `'US'::character varying`. The same literal in a string type is the same
// default (found by tests/e2e/postgres_history_test.cpp's hand-written model).
TEST(PostgresCompare, AStringLiteralDefaultCastToAnotherStringTypeIsTheSameDefault) {
    auto with_default = [](const std::string& type, const std::string& default_value) {
        cat::Column country = column("country", type, true);
        country.default_value = default_value;
        return catalog({table("addresses", {k_id, country})});
    };
    const std::string varchar = "character varying(3)";
    EXPECT_THAT(compare(with_default(varchar, "'US'::bpchar"),
                        with_default(varchar, "'US'::character varying"))
                    .upgrade,
                IsEmpty());
    EXPECT_THAT(compare(with_default("text", "'it''s'::character varying"),
                        with_default("text", "'it''s'::text"))
                    .upgrade,
                IsEmpty());
    // a different literal, trailing blanks (bpchar drops them), or another type is a change
    EXPECT_THAT(described(compare(with_default(varchar, "'US'::bpchar"),
                                  with_default(varchar, "'UK'::character varying"))),
                ElementsAre(HasSubstr("alter column country")));
    EXPECT_THAT(described(compare(with_default(varchar, "'US '::bpchar"),
                                  with_default(varchar, "'US '::character varying"))),
                ElementsAre(HasSubstr("alter column country")));
    EXPECT_THAT(described(compare(with_default("text", "'1'::text"), with_default("text", "1"))),
                ElementsAre(HasSubstr("alter column country")));
    // with the type changing too, the default is set to the model's
    EXPECT_THAT(described(compare(with_default("character(2)", "'US'::bpchar"),
                                  with_default(varchar, "'US'::character varying"))),
                ElementsAre(HasSubstr("type character(2) -> character varying(3)")));
}

TEST(PostgresCompare, GeneratedNamesMatchAnyGeneratedNameOfTheSameDefinition) {
    auto unique = [](const std::string& name) {
        return constraint(name, cat::ConstraintKind::unique, "UNIQUE (email)", {"email"});
    };
    auto with = [&](const std::string& name) {
        return catalog({table("users", {k_id, column("email", "text")}, {unique(name)})});
    };
    EXPECT_THAT(compare(with("users_email_key"), with("users_email_key1")).upgrade, IsEmpty());
    // a name the model spells out counts: the same definition is renamed
    EXPECT_THAT(described(compare(with("users_email_key"), with("email_unique"))),
                ElementsAre("rename constraint users_email_key on table users to email_unique"));
    EXPECT_THAT(described(compare(with("email_unique"), with("users_email_key"))),
                ElementsAre("rename constraint email_unique on table users to users_email_key"));
}

// Seed 2000331 of the PostgreSQL property test: two unnamed indexes of one column are
// `t_email_idx` and `t_email_idx1`; the model spells out the first one's name, so its second
// one is now `t_email_idx`. One rename; the other index keeps `t_email_idx1`, the same index
// under the generated-name rule.
TEST(PostgresCompare, ANameSpelledOutFreesAGeneratedNameThatStaysTheSameIndex) {
    auto index = [](const std::string& name, const std::string& kind, const std::string& rest) {
        return cat::Index{{"public", name},
                          {"public", "t"},
                          "CREATE " + kind + " " + name + " ON public.t USING btree (email)" + rest,
                          kind == "UNIQUE INDEX",
                          {}};
    };
    cat::Table t = table("t", {k_id, column("email", "text")});
    const std::string partial = " WHERE (email IS NOT NULL)";
    EXPECT_THAT(described(compare(catalog({t}, {index("t_email_idx", "UNIQUE INDEX", ""),
                                                index("t_email_idx1", "INDEX", partial)}),
                                  catalog({t}, {index("ix_22", "UNIQUE INDEX", ""),
                                                index("t_email_idx", "INDEX", partial)}))),
                ElementsAre("rename index t_email_idx to ix_22"));
}

// Seed 4000070: the other way round. The current schema has `ix_4` and, partial,
// `t_email_idx`; the model leaves both names to PostgreSQL, the plain one first: `t_email_idx`
// and `t_email_idx1`. The partial index keeps its name (generated on both sides), so `ix_4`
// cannot take `t_email_idx`: it takes the first generated variant no relation has.
TEST(PostgresCompare, ARenameToAGeneratedNameAnotherIndexKeepsTakesAFreeVariant) {
    auto index = [](const std::string& name, const std::string& rest) {
        return cat::Index{{"public", name},
                          {"public", "t"},
                          "CREATE INDEX " + name + " ON public.t USING btree (email)" + rest,
                          false,
                          {}};
    };
    cat::Table t = table("t", {k_id, column("email", "text")});
    const std::string partial = " WHERE (email IS NOT NULL)";
    EXPECT_THAT(described(compare(
                    catalog({t}, {index("ix_4", ""), index("t_email_idx", partial)}),
                    catalog({t}, {index("t_email_idx", ""), index("t_email_idx1", partial)}))),
                ElementsAre("rename index ix_4 to t_email_idx2"));
}

// The same for a CHECK: `ck_9` cannot take `t_email_check`, which the other CHECK keeps.
TEST(PostgresCompare, AConstraintRenamedToAGeneratedNameAnotherKeepsTakesAFreeVariant) {
    auto check = [](const std::string& name, const std::string& value) {
        return constraint(name, cat::ConstraintKind::check,
                          "CHECK ((email <> '" + value + "'::text))", {"email"});
    };
    const std::vector<cat::Column> columns = {k_id, column("email", "text")};
    EXPECT_THAT(
        described(compare(
            catalog({table("t", columns, {check("ck_9", "a"), check("t_email_check", "b")})}),
            catalog({table("t", columns,
                           {check("t_email_check", "a"), check("t_email_check1", "b")})}))),
        ElementsAre("rename constraint ck_9 on table t to t_email_check2"));
}

TEST(PostgresCompare, ChangedConstraintIsDroppedAndAdded) {
    auto with = [&](const std::string& definition) {
        return catalog(
            {table("t", {k_id},
                   {constraint("t_id_check", cat::ConstraintKind::check, definition, {"id"})})});
    };
    EXPECT_THAT(described(compare(with("CHECK ((id > 0))"), with("CHECK ((id > 1))"))),
                ElementsAre("drop constraint t_id_check on table t",
                            "add constraint t_id_check on table t: CHECK ((id > 1))"));
}

TEST(PostgresCompare, IndexesUnderGeneratedNames) {
    auto index = [](const std::string& name, const std::string& columns) {
        return cat::Index{{"public", name},
                          {"public", "t"},
                          "CREATE INDEX " + name + " ON public.t USING btree " + columns,
                          false,
                          {}};
    };
    cat::Table t = table("t", {k_id, column("email", "text")});
    EXPECT_THAT(compare(catalog({t}, {index("t_lower_idx", "(lower(email))")}),
                        catalog({t}, {index("t_lower_idx1", "(lower(email))")}))
                    .upgrade,
                IsEmpty());
    EXPECT_THAT(described(compare(catalog({t}, {index("t_email_idx", "(email)")}),
                                  catalog({t}, {index("by_email", "(email)")}))),
                ElementsAre("rename index t_email_idx to by_email"));
    EXPECT_THAT(described(compare(catalog({t}, {index("t_email_idx", "(email)")}),
                                  catalog({t}, {index("t_email_idx", "(email DESC)")}))),
                ElementsAre("drop index t_email_idx on t", "create index t_email_idx on t"));
}

TEST(PostgresCompare, NewTablesInForeignKeyOrderWithCyclesClosedAfterwards) {
    cat::Table a = table("a", {k_id, column("b_id", "integer")},
                         {constraint("a_b_id_fkey", cat::ConstraintKind::foreign_key,
                                     "FOREIGN KEY (b_id) REFERENCES public.b(id)", {"b_id"},
                                     cat::QualifiedName{"public", "b"})});
    cat::Table b = table("b", {k_id, column("c_id", "integer")},
                         {constraint("b_c_id_fkey", cat::ConstraintKind::foreign_key,
                                     "FOREIGN KEY (c_id) REFERENCES public.c(id)", {"c_id"},
                                     cat::QualifiedName{"public", "c"})});
    cat::Table c = table("c", {k_id, column("a_id", "integer")},
                         {constraint("c_a_id_fkey", cat::ConstraintKind::foreign_key,
                                     "FOREIGN KEY (a_id) REFERENCES public.a(id)", {"a_id"},
                                     cat::QualifiedName{"public", "a"})});
    cat::Table d = table("d", {k_id});
    EXPECT_THAT(described(compare(catalog({}), catalog({a, b, c, d}))),
                ElementsAre("create table d", "create table a", "create table c", "create table b",
                            "add constraint a_b_id_fkey on table a: FOREIGN KEY (b_id) REFERENCES "
                            "public.b(id)"));
}

TEST(PostgresCompare, DroppedTablesLoseTheirForeignKeysFirst) {
    cat::Table parent = table("p", {k_id});
    cat::Table child = table("c", {k_id, column("p_id", "integer")},
                             {constraint("c_p_id_fkey", cat::ConstraintKind::foreign_key,
                                         "FOREIGN KEY (p_id) REFERENCES public.p(id)", {"p_id"},
                                         cat::QualifiedName{"public", "p"})});
    EXPECT_THAT(
        described(compare(catalog({parent, child}), catalog({}))),
        ElementsAre("drop constraint c_p_id_fkey on table c", "drop table c", "drop table p"));
    // for mig check, the table's line says it all
    EXPECT_THAT(difference_lines(compare(catalog({parent, child}), catalog({parent}))),
                ElementsAre("table c: in the migrations but not in the model"));
}

TEST(PostgresCompare, RenamesByHintKeepTheData) {
    cat::Catalog a = catalog({table("users", {k_id, column("name", "text")}, {k_users_pkey})});
    cat::Catalog b = catalog({table("people", {k_id, column("full_name", "text")},
                                    {constraint("people_pkey", cat::ConstraintKind::primary_key,
                                                "PRIMARY KEY (id)", {"id"})})});
    EXPECT_THAT(described(compare(a, b, {{"", "users", "people"}, {"users", "name", "full_name"}})),
                ElementsAre("rename table users to people",
                            "rename column name to full_name in table people",
                            "rename constraint users_pkey on table people to people_pkey"));
}

TEST(PostgresCompare, SchemaQualifiedRenameHint) {
    cat::Catalog a = catalog({table("items", {k_id}, {}, "app")});
    cat::Catalog b = catalog({table("things", {k_id}, {}, "app")});
    EXPECT_THAT(described(compare(a, b, {{"app", "items", "things"}})),
                ElementsAre("rename table app.items to things"));
}

TEST(PostgresCompare, BadRenameHintsAreInputErrors) {
    cat::Catalog a = catalog({table("users", {k_id})});
    cat::Catalog b = catalog({table("people", {k_id})});
    try {
        compare(a, b, {{"", "usres", "people"}});
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_THAT(e.what(),
                    HasSubstr("--rename usres=people: the migrations have no table usres"));
        EXPECT_EQ(e.hint(), "did you mean users?");
    }
    EXPECT_THROW(compare(a, b, {{"", "users", "nobody"}}), InputError);
    EXPECT_THROW(compare(a, b, {{"users", "nope", "x"}}), InputError);
}

TEST(PostgresCompare, LikelyRenamesAreReportedNotApplied) {
    cat::Catalog a = catalog({table("users", {k_id, column("name", "text")})});
    cat::Catalog b = catalog({table("users", {k_id, column("full_name", "text")})});
    Comparison comparison = compare(a, b);
    ASSERT_EQ(comparison.likely_renames.size(), 1U);
    EXPECT_EQ(comparison.likely_renames[0].flag, "users.name=full_name");
    EXPECT_THAT(described(comparison), ElementsAre("drop column name from table users",
                                                   "add column full_name text to table users"));
    Comparison tables = compare(catalog({table("a", {k_id})}), catalog({table("b", {k_id})}));
    ASSERT_EQ(tables.likely_renames.size(), 1U);
    EXPECT_EQ(tables.likely_renames[0].flag, "a=b");
}

TEST(PostgresCompare, EnumChangesCarryTheColumnsThatUseThem) {
    cat::Catalog a =
        catalog({table("p", {k_id, column("m", "public.mood"), column("ms", "public.mood[]")})});
    cat::Catalog b = a;
    a.enums.emplace(cat::QualifiedName{"public", "mood"},
                    cat::EnumType{{"public", "mood"}, {"sad", "happy"}, {}});
    b.enums.emplace(cat::QualifiedName{"public", "mood"},
                    cat::EnumType{{"public", "mood"}, {"happy"}, {}});
    Comparison comparison = compare(a, b);
    ASSERT_EQ(comparison.upgrade.size(), 1U);
    const auto& alter = std::get<ops::pg::AlterEnum>(comparison.upgrade[0]);
    ASSERT_EQ(alter.columns.size(), 2U);
    EXPECT_EQ(alter.columns[0].column, "m");
    EXPECT_EQ(alter.columns[1].type, "public.mood[]");
}

// mood ('sad', 'happy') on p.m with `default_before`, to `values` with `default_after`.
struct MoodChange {
    cat::Catalog before;
    cat::Catalog after;
};
MoodChange mood_change(std::vector<std::string> values,
                       const std::optional<std::string>& default_before,
                       const std::optional<std::string>& default_after) {
    MoodChange change;
    cat::Column m = column("m", "public.mood");
    m.default_value = default_before;
    change.before = catalog({table("p", {k_id, m})});
    m.default_value = default_after;
    change.after = catalog({table("p", {k_id, m})});
    change.before.enums.emplace(cat::QualifiedName{"public", "mood"},
                                cat::EnumType{{"public", "mood"}, {"sad", "happy"}, {}});
    change.after.enums.emplace(cat::QualifiedName{"public", "mood"},
                               cat::EnumType{{"public", "mood"}, std::move(values), {}});
    return change;
}

// Both directions of a generated revision run in a transaction.
void expect_transactional(const Comparison& comparison, const MoodChange& change) {
    EXPECT_FALSE(render(comparison.upgrade, change.after).transaction_off);
    EXPECT_FALSE(render(ops::pg::reverse_all(comparison.upgrade), change.before).transaction_off);
}

TEST(PostgresCompare, AnEnumValueNothingUsesIsAddedInsideTheTransaction) {
    const MoodChange change = mood_change({"sad", "ok", "happy"}, {}, {});
    const Comparison comparison = compare(change.before, change.after);
    ASSERT_EQ(comparison.upgrade.size(), 1U);
    EXPECT_FALSE(std::get<ops::pg::AlterEnum>(comparison.upgrade[0]).recreate);
    EXPECT_THAT(render(comparison.upgrade, change.after).sql, HasSubstr("ADD VALUE"));
    expect_transactional(comparison, change);
}

// The server refuses to use a value before the transaction that added it commits; outside a
// transaction, the downgrade (which drops the value: it fails on rows holding it) would stop
// half-way. The type is recreated with the value instead, in one transaction.
TEST(PostgresCompare, AnEnumValueTheUpgradeUsesIsAddedByRecreatingTheType) {
    const MoodChange change = mood_change({"sad", "ok", "happy"}, {}, "'ok'::public.mood");
    const Comparison comparison = compare(change.before, change.after);
    // the recreation sets the new default itself (no AlterColumn that its reverse would run
    // before the type changes back)
    EXPECT_THAT(described(comparison),
                ElementsAre("change enum mood values ('sad', 'happy') -> ('sad', 'ok', 'happy')"));
    const auto& alter = std::get<ops::pg::AlterEnum>(comparison.upgrade[0]);
    EXPECT_TRUE(alter.recreate);
    ASSERT_EQ(alter.columns.size(), 1U);
    EXPECT_EQ(alter.columns[0].default_after, "'ok'::public.mood");
    EXPECT_THAT(difference_lines(comparison),
                ElementsAre("type mood: values ('sad', 'happy') -> ('sad', 'ok', 'happy') "
                            "(migrations -> model)",
                            "table p: column m default none -> 'ok'::public.mood "
                            "(migrations -> model)"));
    EXPECT_THAT(render(comparison.upgrade, change.after).sql,
                AllOf(HasSubstr("CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');"),
                      Not(HasSubstr("ADD VALUE"))));
    expect_transactional(comparison, change);
}

// The upgrade drops 'happy' (a recreation); the downgrade adds it back and sets the default
// that names it: recreated there too.
TEST(PostgresCompare, AnEnumValueTheDowngradeAddsBackAndUsesIsRecreatedThere) {
    const MoodChange change = mood_change({"sad"}, "'happy'::public.mood", "'sad'::public.mood");
    const Comparison comparison = compare(change.before, change.after);
    EXPECT_TRUE(std::get<ops::pg::AlterEnum>(comparison.upgrade[0]).recreate);
    EXPECT_THAT(render(ops::pg::reverse_all(comparison.upgrade), change.before).sql,
                HasSubstr("CREATE TYPE public.mood AS ENUM ('sad', 'happy');"));
    expect_transactional(comparison, change);
}

TEST(PostgresCompare, BeforePostgres12EveryEnumGainingValuesIsRecreated) {
    const MoodChange change = mood_change({"sad", "ok", "happy"}, {}, {});
    Options options;
    options.add_values_in_transaction = false;
    const Comparison comparison = compare(change.before, change.after, {}, options);
    EXPECT_TRUE(std::get<ops::pg::AlterEnum>(comparison.upgrade[0]).recreate);
    EXPECT_THAT(render(comparison.upgrade, change.after).sql, Not(HasSubstr("ADD VALUE")));
    expect_transactional(comparison, change);
}

TEST(PostgresCompare, ViewsReadingAChangedColumnAreRecreated) {
    cat::Catalog a = catalog({table("t", {k_id, column("n", "integer")})});
    cat::View v{{"public", "v"},   false, " SELECT t.id, t.n FROM public.t;", {"id", "n"},
                {{"public", "t"}}, {}};
    cat::View w{{"public", "w"},   false, " SELECT v.id FROM public.v;", {"id"},
                {{"public", "v"}}, {}};
    a.views.emplace(v.name, v);
    a.views.emplace(w.name, w);
    cat::Catalog b = a;
    b.tables.at({"public", "t"}).columns[1].type = "bigint";
    EXPECT_THAT(described(compare(a, b)),
                ElementsAre("drop view w", "drop view v",
                            "alter column n of table t: type integer -> bigint", "create view v",
                            "create view w"));
}

TEST(PostgresCompare, DifferenceLinesInTheSqliteWording) {
    cat::Catalog a = catalog({table("users", {k_id, column("age", "integer"), column("x", "text")}),
                              table("gone", {k_id})});
    cat::Catalog b = catalog({table("users", {k_id, column("age", "bigint"), column("n", "text")}),
                              table("new", {k_id})});
    EXPECT_THAT(difference_lines(compare(a, b)),
                ElementsAre("table users: column x in the migrations but not in the model",
                            "table users: column age type integer -> bigint (migrations -> model)",
                            "table users: column n missing in migrations (model has text)",
                            "table new: missing in migrations (the model has it)",
                            "table gone: in the migrations but not in the model"));
    EXPECT_THAT(difference_lines(compare(a, b), {"database", "migrations"}),
                ::testing::Contains("table new: missing in database (the migrations has it)"));
}

TEST(PostgresCompare, IsDeterministic) {
    cat::Catalog a = catalog({table("a", {k_id}), table("b", {k_id, column("x", "text")})});
    cat::Catalog b = catalog({table("c", {k_id}), table("b", {k_id, column("y", "text")})});
    EXPECT_EQ(compare(a, b).upgrade, compare(a, b).upgrade);
}

}  // namespace
}  // namespace mig::autogen::pg
