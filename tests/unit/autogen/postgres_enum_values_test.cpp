#include "autogen/postgres_enum_values.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::autogen::pg::detail {
namespace {

namespace cat = schema::pg;
namespace op = ops::pg;
using ::testing::ElementsAre;

const cat::QualifiedName k_p{"public", "p"};

cat::Column column(const std::string& name, const std::string& type) {
    cat::Column c;
    c.name = name;
    c.type = type;
    return c;
}

// mood ('sad') gains 'ok', then `then` runs.
bool uses_ok(const op::Operation& then, const cat::Catalog& desired = {}) {
    const op::AlterEnum add{
        {{"public", "mood"}, {"sad"}, {}}, {{"public", "mood"}, {"sad", "ok"}, {}}, {}};
    return added_values_used({add, then}, 0, desired);
}

op::AlterColumn with_default(const std::string& type, const std::string& value) {
    cat::Column from = column("m", type);
    cat::Column to = from;
    to.default_value = value;
    return {k_p, from, to};
}

TEST(PostgresEnumValues, StringLiteralsOfSqlAndOfFunctionBodies) {
    EXPECT_THAT(string_literals("SELECT 'it''s', E'a\\'b', \"not'a literal\", $1 -- 'no'\n"
                                "/* 'nor' */ x$y, 'last'"),
                ElementsAre("it's", "a'b", "last"));
    EXPECT_THAT(string_literals("CREATE FUNCTION f() RETURNS public.mood LANGUAGE sql AS "
                                "$function$ SELECT 'ok'::public.mood $function$; 'after'"),
                ElementsAre("ok", "after"));
    EXPECT_THAT(string_literals("AS $$ BEGIN RETURN $q$x$q$; END $$"), ElementsAre("x"));
}

TEST(PostgresEnumValues, ALiteralNamingTheNewValueUsesIt) {
    EXPECT_TRUE(uses_ok(with_default("public.mood", "'ok'::public.mood")));
    EXPECT_TRUE(uses_ok(with_default("public.mood[]", "'{sad,ok}'::public.mood[]")));
    cat::View view{{"public", "v"}, false, " SELECT p.id FROM public.p WHERE p.m = 'ok'",
                   {"id"},          {k_p}, {}};
    EXPECT_TRUE(uses_ok(op::CreateView{view}));
    EXPECT_FALSE(uses_ok(with_default("public.mood", "'sad'::public.mood")));
}

TEST(PostgresEnumValues, RowsConvertedToTheTypeOrADomainOverItUseIt) {
    cat::Column text = column("m", "text");
    EXPECT_TRUE(uses_ok(op::AlterColumn{k_p, text, column("m", "public.mood")}));
    cat::Catalog desired;
    desired.domains[{"public", "good"}].base_type = "public.mood";
    EXPECT_TRUE(uses_ok(op::AlterColumn{k_p, text, column("m", "public.good[]")}, desired));
    EXPECT_FALSE(uses_ok(op::AlterColumn{k_p, text, column("m", "public.good")}));
}

TEST(PostgresEnumValues, ListingEveryValueUsesIt) {
    EXPECT_TRUE(uses_ok(op::AddConstraint{k_p,
                                          {"c",
                                           cat::ConstraintKind::check,
                                           "CHECK ((enum_last(NULL::public.mood) IS NOT NULL))",
                                           {},
                                           {},
                                           true,
                                           {}}}));
}

// An index on the column, a column of the type, a value added after the new one: the server
// takes them before the commit.
TEST(PostgresEnumValues, WhatTheServerAcceptsBeforeTheCommitDoesNotUseIt) {
    cat::Index index;
    index.name = {"public", "p_m_idx"};
    index.table = k_p;
    index.definition = "CREATE INDEX p_m_idx ON public.p USING btree (m)";
    EXPECT_FALSE(uses_ok(op::CreateIndex{index}));
    EXPECT_FALSE(uses_ok(op::AddColumn{k_p, column("n", "public.mood")}));
    const op::AlterEnum add_two{
        {{"public", "mood"}, {"sad"}, {}}, {{"public", "mood"}, {"sad", "ok", "wild"}, {}}, {}};
    EXPECT_FALSE(added_values_used({add_two}, 0, {}));
    op::AlterEnum recreated = add_two;
    recreated.recreate = true;
    EXPECT_TRUE(added_values(recreated).empty());
    EXPECT_FALSE(added_values_used({recreated, with_default("public.mood", "'ok'")}, 0, {}));
}

}  // namespace
}  // namespace mig::autogen::pg::detail
