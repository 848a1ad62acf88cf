// Pure tests (no server) of what compare and render do around objects the server refuses to
// change while something depends on them: the operations, their order, their SQL and their
// reversal. postgres_dependants_roundtrip_test.cpp runs the same kinds of change on the server.

#include "autogen/postgres_compare.hpp"
#include "autogen/postgres_render.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace mig::autogen::pg {
namespace {

namespace cat = schema::pg;
namespace op = ops::pg;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

cat::Column column(const std::string& name, const std::string& type) {
    cat::Column c;
    c.name = name;
    c.type = type;
    return c;
}

cat::Table table(const std::string& name, std::vector<cat::Column> columns) {
    cat::Table t;
    t.name = {"public", name};
    t.columns = std::move(columns);
    return t;
}

cat::Domain domain(const std::string& name, const std::string& base,
                   std::vector<cat::DomainConstraint> constraints = {}) {
    cat::Domain d;
    d.name = {"public", name};
    d.base_type = base;
    d.constraints = std::move(constraints);
    return d;
}

cat::Function function(const std::string& name, const std::string& arguments,
                       const std::string& returns, const std::string& body) {
    cat::Function f;
    f.name = {"public", name};
    f.identity_arguments = arguments;
    f.definition = "CREATE OR REPLACE FUNCTION public." + name + "(" + arguments + ")\n RETURNS " +
                   returns + "\n LANGUAGE sql\n" + body + "\n";
    return f;
}

cat::View view(const std::string& name, const std::string& definition,
               std::vector<cat::QualifiedName> depends_on) {
    cat::View v;
    v.name = {"public", name};
    v.definition = definition;
    v.columns = {"x"};
    v.depends_on = std::move(depends_on);
    return v;
}

cat::Catalog with(cat::Catalog c, const cat::Table& t) {
    c.tables.emplace(t.name, t);
    return c;
}

cat::Catalog base() {
    cat::Catalog c;
    c.schemas = {"public"};
    return c;
}

void add(cat::Catalog& c, const cat::Function& f) {
    c.functions.emplace(f.signature(), f);
}

std::vector<std::string> described(const std::vector<op::Operation>& operations) {
    std::vector<std::string> lines;
    for (const auto& operation : operations) {
        lines.push_back(op::describe(operation));
    }
    return lines;
}

TEST(PostgresDependants, DomainBaseTypeChangeRecreatesTheDomainAndMovesItsColumns) {
    cat::Catalog current = with(base(), table("t", {column("a", "public.amount")}));
    current.domains.emplace(cat::QualifiedName{"public", "amount"}, domain("amount", "integer"));
    add(current, function("doubled", "x public.amount", "integer", "AS $$SELECT x * 2$$"));
    cat::Catalog desired = current;
    desired.domains.at({"public", "amount"}).base_type = "bigint";

    const Comparison comparison = compare(current, desired);
    EXPECT_THAT(described(comparison.upgrade),
                ElementsAre("drop function doubled(x public.amount)",
                            "recreate domain amount: base type integer -> bigint",
                            "create function doubled(x public.amount)"));
    const auto& recreate = std::get<op::RecreateDomain>(comparison.upgrade[1]);
    ASSERT_EQ(recreate.columns.size(), 1U);
    EXPECT_EQ(recreate.columns[0].column, "a");

    const std::string sql = render(comparison.upgrade, desired).sql;
    EXPECT_THAT(sql, HasSubstr("ALTER DOMAIN public.amount RENAME TO amount_mig_old;\n"
                               "CREATE DOMAIN public.amount AS bigint;\n"
                               "ALTER TABLE public.t ALTER COLUMN a DROP DEFAULT;\n"
                               "ALTER TABLE public.t ALTER COLUMN a TYPE public.amount USING "
                               "a::public.amount;\n"
                               "DROP DOMAIN public.amount_mig_old;\n"));
    EXPECT_THAT(sql, Not(HasSubstr("-- mig:destructive")));  // a widening

    // The downgrade recreates it over integer, and marks the narrowing.
    const std::string down = render(op::reverse_all(comparison.upgrade), current).sql;
    EXPECT_THAT(down, HasSubstr("-- mig:destructive converts the columns of domain amount from "
                                "bigint to integer"));
    EXPECT_THAT(down, HasSubstr("CREATE DOMAIN public.amount AS integer;"));
}

TEST(PostgresDependants, DomainOverARecreatedEnumIsRecreatedInsideTheEnumsRecreation) {
    cat::Catalog current =
        with(base(), table("t", {column("g", "public.good"), column("m", "public.mood")}));
    current.enums.emplace(cat::QualifiedName{"public", "mood"},
                          cat::EnumType{{"public", "mood"}, {"sad", "meh", "happy"}, {}});
    current.domains.emplace(
        cat::QualifiedName{"public", "good"},
        domain("good", "public.mood", {{"good_check", "CHECK ((VALUE <> 'sad'::public.mood))"}}));
    cat::Index partial;
    partial.name = {"public", "t_happy"};
    partial.table = {"public", "t"};
    partial.definition =
        "CREATE INDEX t_happy ON public.t USING btree (m) WHERE (m = 'happy'::public.mood)";
    current.indexes.emplace(partial.name, partial);
    current.views.emplace(cat::QualifiedName{"public", "sad"},
                          view("sad", " SELECT 'sad'::public.mood AS x;", {}));
    cat::Catalog desired = current;
    desired.enums.at({"public", "mood"}).values = {"happy", "sad"};

    const Comparison comparison = compare(current, desired);
    EXPECT_THAT(described(comparison.upgrade),
                ElementsAre("drop view sad",
                            "change enum mood values ('sad', 'meh', 'happy') -> ('happy', 'sad')",
                            "create view sad"));
    const auto& alter = std::get<op::AlterEnum>(comparison.upgrade[1]);
    ASSERT_EQ(alter.domains.size(), 1U);
    EXPECT_EQ(alter.domains[0].columns.size(), 1U);
    EXPECT_THAT(alter.indexes, ElementsAre(partial));

    const std::string sql = render(comparison.upgrade, desired).sql;
    const auto at = [&](const std::string& text) { return sql.find(text); };
    EXPECT_LT(at("CREATE TYPE public.mood"), at("ALTER DOMAIN public.good RENAME"));
    EXPECT_LT(at("CREATE DOMAIN public.good AS public.mood"), at("DROP INDEX public.t_happy"));
    EXPECT_LT(at("DROP INDEX public.t_happy"), at("ALTER COLUMN m TYPE public.mood"));
    EXPECT_LT(at("ALTER COLUMN g TYPE public.good USING g::text::public.good"),
              at("CREATE INDEX t_happy"));
    EXPECT_LT(at("CREATE INDEX t_happy"), at("DROP DOMAIN public.good_mig_old"));
    EXPECT_LT(at("DROP DOMAIN public.good_mig_old"), at("DROP TYPE public.mood_mig_old"));

    // Reversed, the domain goes back with the type.
    const op::Operation reversed = op::reverse(comparison.upgrade[1]);
    const auto& back = std::get<op::AlterEnum>(reversed);
    ASSERT_EQ(back.domains.size(), 1U);
    EXPECT_EQ(back.from.values, desired.enums.at({"public", "mood"}).values);
    EXPECT_EQ(back.indexes, alter.indexes);
}

TEST(PostgresDependants, AddingEnumValuesRecreatesNothingAround) {
    cat::Catalog current = with(base(), table("t", {column("m", "public.mood")}));
    current.enums.emplace(cat::QualifiedName{"public", "mood"},
                          cat::EnumType{{"public", "mood"}, {"sad"}, {}});
    add(current, function("f", "x public.mood", "boolean", "AS $$SELECT true$$"));
    cat::Catalog desired = current;
    desired.enums.at({"public", "mood"}).values = {"sad", "happy"};
    EXPECT_THAT(described(compare(current, desired).upgrade),
                ElementsAre("change enum mood values ('sad') -> ('sad', 'happy')"));
}

TEST(PostgresDependants, ReturnTypeChangeRecreatesCallersAndViewsInDependencyOrder) {
    cat::Catalog current = base();
    add(current, function("score", "x integer", "integer", "RETURN (x * 2)"));
    add(current, function("score_plus", "x integer", "bigint",
                          "BEGIN ATOMIC\n SELECT (public.score(x) + 1);\nEND"));
    add(current, function("other", "", "integer", "AS $$SELECT public.score(1)$$"));  // plain
    current.views.emplace(
        cat::QualifiedName{"public", "scores"},
        view("scores", " SELECT public.score(1) AS x;", {cat::QualifiedName{"public", "score"}}));
    cat::Catalog desired = current;
    desired.functions.at("public.score(x integer)") =
        function("score", "x integer", "bigint", "RETURN (x * 2)");

    const Comparison comparison = compare(current, desired);
    EXPECT_THAT(described(comparison.upgrade),
                ElementsAre("drop view scores", "drop function score_plus(x integer)",
                            "drop function score(x integer)", "create function score(x integer)",
                            "create function score_plus(x integer)", "create view scores"));
    // mig check names the one change, not the objects recreated around it.
    EXPECT_THAT(difference_lines(comparison),
                ElementsAre("function score(x integer): definition differs (migrations -> "
                            "model)"));
}

TEST(PostgresDependants, ADefaultCallingARecreatedFunctionIsTakenOffAroundIt) {
    cat::Column code = column("code", "integer");
    code.default_value = "public.next_code()";
    cat::Catalog current = with(base(), table("t", {code}));
    add(current, function("next_code", "", "integer", "AS $$SELECT 7$$"));
    cat::Catalog desired = current;
    desired.functions.at("public.next_code()") =
        function("next_code", "", "bigint", "AS $$SELECT 7$$");
    const Comparison comparison = compare(current, desired);
    EXPECT_THAT(described(comparison.upgrade),
                ElementsAre("alter column code of table t: default public.next_code() -> none",
                            "drop function next_code()", "create function next_code()",
                            "alter column code of table t: default none -> public.next_code()"));
    // The default comes back as it was: mig check names the function only.
    EXPECT_THAT(difference_lines(comparison),
                ElementsAre("function next_code(): definition differs (migrations -> model)"));
}

TEST(PostgresDependants, DomainChecksMatchUnderGeneratedNames) {
    cat::Catalog current = base();
    current.domains.emplace(
        cat::QualifiedName{"public", "pos"},
        domain("pos", "integer",
               {{"pos_check", "CHECK ((VALUE > 0))"}, {"pos_check1", "CHECK ((VALUE < 1000))"}}));
    cat::Catalog desired = base();
    desired.domains.emplace(
        cat::QualifiedName{"public", "pos"},
        domain("pos", "integer",
               {{"pos_check", "CHECK ((VALUE < 1000))"}, {"pos_check1", "CHECK ((VALUE > 0))"}}));
    EXPECT_THAT(compare(current, desired).upgrade, IsEmpty());

    // A spelled-out name is a difference; so is a changed definition, rendered by the real
    // names (the generated name it frees may be the one the new CHECK takes).
    desired.domains.at({"public", "pos"}).constraints = {{"pos_check", "CHECK ((VALUE < 1000))"},
                                                         {"positive", "CHECK ((VALUE > 0))"}};
    EXPECT_EQ(compare(current, desired).upgrade.size(), 1U);
    desired.domains.at({"public", "pos"}).constraints = {{"pos_check", "CHECK ((VALUE < 100))"},
                                                         {"pos_check1", "CHECK ((VALUE > 0))"}};
    const Comparison changed = compare(current, desired);
    ASSERT_EQ(changed.upgrade.size(), 1U);
    EXPECT_EQ(render(changed.upgrade, desired).sql,
              "ALTER DOMAIN public.pos DROP CONSTRAINT pos_check;\n"
              "ALTER DOMAIN public.pos DROP CONSTRAINT pos_check1;\n"
              "ALTER DOMAIN public.pos ADD CONSTRAINT pos_check CHECK ((VALUE < 100));\n"
              "ALTER DOMAIN public.pos ADD CONSTRAINT pos_check1 CHECK ((VALUE > 0));\n");
}

TEST(PostgresDependants, ViewsAndTriggersAreDroppedBeforeRenamesAsTheyWereBefore) {
    cat::Catalog current = with(base(), table("t", {column("total", "integer")}));
    current.views.emplace(cat::QualifiedName{"public", "v"},
                          view("v", " SELECT t.total FROM public.t;", {{"public", "t"}}));
    cat::Catalog desired = with(base(), table("t", {column("amount", "integer")}));
    desired.views.emplace(cat::QualifiedName{"public", "v"},
                          view("v", " SELECT t.amount FROM public.t;", {{"public", "t"}}));
    const Comparison comparison = compare(current, desired, {{"t", "total", "amount"}});
    EXPECT_THAT(
        described(comparison.upgrade),
        ElementsAre("drop view v", "rename column total to amount in table t", "create view v"));
    // The downgrade renames back before it creates the view that reads `total`.
    const std::string down = render(op::reverse_all(comparison.upgrade), current).sql;
    EXPECT_LT(down.find("RENAME COLUMN amount TO total"), down.find("CREATE VIEW public.v"));
}

}  // namespace
}  // namespace mig::autogen::pg
