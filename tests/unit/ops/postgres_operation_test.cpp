#include "ops/postgres_operation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::ops::pg {
namespace {

using ::testing::HasSubstr;

cat::Column column(const std::string& name, const std::string& type, bool not_null = false) {
    cat::Column c;
    c.name = name;
    c.type = type;
    c.not_null = not_null;
    return c;
}

cat::Table table(const std::string& name, std::vector<cat::Column> columns) {
    cat::Table t;
    t.name = {"public", name};
    t.columns = std::move(columns);
    return t;
}

TEST(PostgresOperation, ReverseUndoesEachKind) {
    const cat::Table users = table("users", {column("id", "integer", true)});
    EXPECT_EQ(reverse(CreateTable{users}), Operation(DropTable{users}));
    EXPECT_EQ(reverse(RenameTable{{"app", "a"}, "b"}), Operation(RenameTable{{"app", "b"}, "a"}));
    EXPECT_EQ(reverse(RenameColumn{{"public", "t"}, "a", "b"}),
              Operation(RenameColumn{{"public", "t"}, "b", "a"}));
    AlterColumn alter{{"public", "t"}, column("n", "integer"), column("n", "bigint", true)};
    EXPECT_EQ(reverse(alter), Operation(AlterColumn{alter.table, alter.to, alter.from}));
    SetComment comment{"TABLE public.t", "table t", std::nullopt, "x"};
    EXPECT_EQ(reverse(comment),
              Operation(SetComment{"TABLE public.t", "table t", "x", std::nullopt}));
    EXPECT_EQ(reverse(SetLogged{{"public", "t"}, true}),
              Operation(SetLogged{{"public", "t"}, false}));
}

TEST(PostgresOperation, ReverseOfAnEnumChangeSwapsTheDefaults) {
    cat::EnumType before{{"public", "mood"}, {"a", "b"}, std::nullopt};
    cat::EnumType after{{"public", "mood"}, {"b"}, std::nullopt};
    AlterEnum change{
        before, after, {{{"public", "t"}, "m", "public.mood", "'a'::public.mood", {}}}};
    auto reversed = std::get<AlterEnum>(reverse(change));
    EXPECT_EQ(reversed.from, after);
    EXPECT_EQ(reversed.to, before);
    EXPECT_EQ(reversed.columns[0].default_after, "'a'::public.mood");
    EXPECT_EQ(reversed.columns[0].default_before, std::nullopt);
    EXPECT_EQ(reverse(reversed), Operation(change));
}

// A type recreated to add a value (its upgrade uses the value) is recreated back: the
// downgrade drops the value, which only a recreation can do anyway, and keeps the flag.
TEST(PostgresOperation, ReverseOfAForcedEnumRecreationKeepsIt) {
    cat::EnumType before{{"public", "mood"}, {"a"}, std::nullopt};
    cat::EnumType after{{"public", "mood"}, {"a", "b"}, std::nullopt};
    AlterEnum change{before, after, {}};
    change.recreate = true;
    EXPECT_TRUE(std::get<AlterEnum>(reverse(change)).recreate);
    EXPECT_EQ(reverse(reverse(change)), Operation(change));
}

TEST(PostgresOperation, ReverseAllReversesTheOrder) {
    std::vector<Operation> up{CreateSchema{"app", {}}, AddColumn{{"app", "t"}, column("a", "int")}};
    std::vector<Operation> down = reverse_all(up);
    ASSERT_EQ(down.size(), 2U);
    EXPECT_EQ(down[0], Operation(DropColumn{{"app", "t"}, column("a", "int")}));
    EXPECT_EQ(down[1], Operation(DropSchema{"app", {}}));
}

TEST(PostgresOperation, DataLossOfDropsAndNarrowing) {
    EXPECT_EQ(data_loss(DropTable{table("users", {})}).reason,
              "drops table users and all its rows");
    EXPECT_EQ(data_loss(DropColumn{{"public", "User"}, column("Age", "integer")}).reason,
              "drops column \"Age\" of table \"User\" and its values");
    EXPECT_TRUE(
        data_loss(AlterColumn{{"public", "t"}, column("n", "bigint"), column("n", "integer")})
            .possible);
    EXPECT_FALSE(
        data_loss(AlterColumn{{"public", "t"}, column("n", "integer"), column("n", "bigint")})
            .possible);
    EXPECT_THAT(
        data_loss(
            AlterColumn{{"public", "t"}, column("n", "integer"), column("n", "integer", true)})
            .reason,
        HasSubstr("adds NOT NULL to column n of table t"));
    EXPECT_TRUE(data_loss(AddColumn{{"public", "t"}, column("n", "integer", true)}).possible);
    cat::Column with_default = column("n", "integer", true);
    with_default.default_value = "0";
    EXPECT_FALSE(data_loss(AddColumn{{"public", "t"}, with_default}).possible);
    EXPECT_FALSE(data_loss(CreateTable{table("t", {})}).possible);
    EXPECT_FALSE(data_loss(DropIndex{}).possible);
}

TEST(PostgresOperation, DataLossOfConstraintsAndEnums) {
    cat::Constraint check{
        "t_n_check", cat::ConstraintKind::check, "CHECK ((n > 0))", {"n"}, {}, true, {}};
    EXPECT_THAT(data_loss(AddConstraint{{"public", "t"}, check}).reason,
                HasSubstr("adds constraint t_n_check CHECK ((n > 0)) to table t"));
    cat::Constraint fk{
        "t_u_fkey", cat::ConstraintKind::foreign_key,  "FOREIGN KEY (u) REFERENCES public.u(id)",
        {"u"},      cat::QualifiedName{"public", "u"}, true,
        {}};
    EXPECT_FALSE(data_loss(AddConstraint{{"public", "t"}, fk}).possible);
    cat::EnumType a{{"public", "mood"}, {"sad", "ok"}, {}};
    cat::EnumType b{{"public", "mood"}, {"ok"}, {}};
    EXPECT_EQ(data_loss(AlterEnum{a, b, {}}).reason,
              "drops value 'sad' from type mood (fails on rows holding it)");
    EXPECT_FALSE(data_loss(AlterEnum{b, a, {}}).possible);
}

TEST(PostgresOperation, WideningTypes) {
    EXPECT_TRUE(keeps_values("smallint", "integer"));
    EXPECT_TRUE(keeps_values("integer", "bigint"));
    EXPECT_TRUE(keeps_values("integer", "numeric"));
    EXPECT_TRUE(keeps_values("integer", "numeric(12,2)"));
    EXPECT_FALSE(keeps_values("integer", "numeric(9,2)"));
    EXPECT_TRUE(keeps_values("numeric(10,2)", "numeric(12,4)"));
    EXPECT_FALSE(keeps_values("numeric(10,2)", "numeric(10,4)"));
    EXPECT_TRUE(keeps_values("character varying(10)", "character varying(20)"));
    EXPECT_FALSE(keeps_values("character varying(20)", "character varying(10)"));
    EXPECT_TRUE(keeps_values("character varying(20)", "text"));
    EXPECT_FALSE(keeps_values("text", "character varying(20)"));
    EXPECT_FALSE(keeps_values("character(5)", "text"));  // trailing spaces go
    EXPECT_TRUE(keeps_values("uuid", "text"));
    EXPECT_TRUE(keeps_values("real", "double precision"));
    EXPECT_FALSE(keeps_values("bigint", "double precision"));
    EXPECT_TRUE(keeps_values("timestamp(3) without time zone", "timestamp without time zone"));
    EXPECT_FALSE(keeps_values("timestamp without time zone", "timestamp(3) without time zone"));
    EXPECT_TRUE(keeps_values("date", "timestamp with time zone"));
    EXPECT_FALSE(keeps_values("timestamp with time zone", "timestamp without time zone"));
    EXPECT_TRUE(keeps_values("integer[]", "bigint[]"));
    EXPECT_FALSE(keeps_values("integer[]", "integer"));
    EXPECT_FALSE(keeps_values("text", "integer"));
}

TEST(PostgresOperation, UsingOnlyWithoutAnImplicitOrAssignmentCast) {
    EXPECT_FALSE(needs_using("text", "character varying(10)"));
    EXPECT_FALSE(needs_using("integer", "text"));
    EXPECT_FALSE(needs_using("bigint", "integer"));
    EXPECT_FALSE(needs_using("numeric(10,2)", "integer"));
    EXPECT_FALSE(needs_using("timestamp without time zone", "date"));
    EXPECT_FALSE(needs_using("character varying(5)", "character varying(3)"));
    EXPECT_TRUE(needs_using("text", "integer"));
    EXPECT_TRUE(needs_using("integer", "boolean"));
    EXPECT_TRUE(needs_using("json", "jsonb"));
    EXPECT_TRUE(needs_using("text", "public.mood"));
    EXPECT_TRUE(needs_using("integer", "integer[]"));
    EXPECT_TRUE(needs_using("date", "time without time zone"));
}

TEST(PostgresOperation, DescribeInAReviewersWords) {
    EXPECT_EQ(describe(AddColumn{{"public", "users"}, column("age", "integer")}),
              "add column age integer to table users");
    EXPECT_EQ(
        describe(AlterColumn{{"app", "t"}, column("n", "integer"), column("n", "bigint", true)}),
        "alter column n of table app.t: type integer -> bigint; nullable -> NOT NULL");
    cat::EnumType a{{"public", "mood"}, {"sad"}, {}};
    cat::EnumType b{{"public", "mood"}, {"sad", "ok"}, {}};
    EXPECT_EQ(describe(AlterEnum{a, b, {}}), "change enum mood values ('sad') -> ('sad', 'ok')");
    EXPECT_EQ(describe(RenameTable{{"public", "a"}, "Order"}), "rename table a to \"Order\"");
    EXPECT_EQ(describe(SetComment{"TABLE public.t", "table t", {}, "hi"}),
              "comment on table t: 'hi'");
}

}  // namespace
}  // namespace mig::ops::pg
