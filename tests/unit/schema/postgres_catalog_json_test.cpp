// The PostgreSQL catalog as JSON (the catalog caches' format): every field survives the round
// trip, and what to_json never writes is refused.

#include "schema/postgres_catalog_json.hpp"

#include "schema/postgres_catalog.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::schema::pg {
namespace {

using ::testing::HasSubstr;

// A catalog where every field differs from its default, so a field the JSON forgets shows.
Catalog full_catalog() {
    Catalog catalog;
    catalog.schemas = {"My Schema", "public"};
    catalog.schema_comments = {{"My Schema", "odd \"one\"\n"}, {"public", std::nullopt}};

    Table users;
    users.name = {"My Schema", "Users"};
    Column id;
    id.name = "Id";
    id.type = "integer";
    id.not_null = true;
    id.default_value = "nextval('\"My Schema\".\"Users_Id_seq\"'::regclass)";
    id.owned_sequence = QualifiedName{"My Schema", "Users_Id_seq"};
    id.comment = "the key";
    Column name;
    name.name = "name";
    name.type = "text";
    name.collation = "pg_catalog.\"C\"";
    name.generated = "upper(other)";
    Column counter;
    counter.name = "counter";
    counter.type = "bigint";
    counter.identity = Identity::by_default;
    counter.identity_options = "START WITH 7 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9 CACHE 1 CYCLE";
    Column always = counter;
    always.name = "always";
    always.identity = Identity::always;
    users.columns = {id, name, counter, always};
    Constraint fk;
    fk.name = "users_fk";
    fk.kind = ConstraintKind::foreign_key;
    fk.definition = "FOREIGN KEY (\"Id\") REFERENCES public.t(id)";
    fk.columns = {"Id"};
    fk.referenced_table = QualifiedName{"public", "t"};
    fk.validated = false;
    fk.comment = "ü";
    Constraint pk;
    pk.name = "users_pkey";
    pk.kind = ConstraintKind::primary_key;
    pk.definition = "PRIMARY KEY (\"Id\")";
    pk.columns = {"Id"};
    Constraint unique = pk;
    unique.name = "users_u";
    unique.kind = ConstraintKind::unique;
    Constraint exclude = pk;
    exclude.name = "users_x";
    exclude.kind = ConstraintKind::exclude;
    Constraint check = pk;
    check.name = "users_y";
    check.kind = ConstraintKind::check;
    users.constraints = {fk, pk, unique, exclude, check};
    users.unlogged = true;
    users.comment = "people";
    users.partition_key = "RANGE (\"Id\")";
    catalog.tables.emplace(users.name, users);

    Index index{{"public", "i"},
                {"public", "t"},
                "CREATE UNIQUE INDEX i ON public.t (x)",
                true,
                "an index"};
    catalog.indexes.emplace(index.name, index);
    View view{{"public", "v"}, true, " SELECT 1;", {"a", "b"}, {{"public", "t"}, {"x", "f"}},
              "a view"};
    catalog.views.emplace(view.name, view);
    Sequence sequence{{"public", "s"},
                      "smallint",
                      -7,
                      -1,
                      -100,
                      9223372036854775807LL,
                      20,
                      true,
                      QualifiedName{"public", "t"},
                      "x",
                      "seq"};
    catalog.sequences.emplace(sequence.name, sequence);
    EnumType mood{{"public", "mood"}, {"sad", "ok", "with,comma"}, "feelings"};
    catalog.enums.emplace(mood.name, mood);
    Domain domain{{"public", "d"},
                  "numeric(8,2)",
                  true,
                  "1",
                  "pg_catalog.\"C\"",
                  {{"a", "CHECK ((VALUE > 0))"}},
                  "money"};
    catalog.domains.emplace(domain.name, domain);
    Function function{
        {"public", "f"}, "a integer", true, "CREATE OR REPLACE PROCEDURE ...", "does"};
    catalog.functions.emplace(function.signature(), function);
    Trigger trigger{"tr", {"public", "t"}, "CREATE TRIGGER tr ...", "fires"};
    catalog.triggers.emplace(std::pair{trigger.table, trigger.name}, trigger);
    catalog.extensions.emplace("citext", Extension{"citext", "public"});
    return catalog;
}

TEST(PostgresCatalogJson, EveryFieldSurvivesTheRoundTrip) {
    const Catalog catalog = full_catalog();
    const nlohmann::json json = to_json(catalog);
    EXPECT_EQ(catalog_from_json(json), catalog);
    // Through text too, as a cache file holds it.
    EXPECT_EQ(catalog_from_json(nlohmann::json::parse(json.dump())), catalog);
    EXPECT_EQ(to_json(catalog_from_json(json)), json);
}

TEST(PostgresCatalogJson, AnEmptyCatalogRoundTrips) {
    EXPECT_EQ(catalog_from_json(to_json(Catalog{})), Catalog{});
}

TEST(PostgresCatalogJson, EnumerationsAreWrittenByName) {
    const nlohmann::json json = to_json(full_catalog());
    const auto& table = json.at("tables").at(0);
    EXPECT_EQ(table.at("columns").at(2).at("identity"), "by_default");
    EXPECT_EQ(table.at("columns").at(3).at("identity"), "always");
    EXPECT_EQ(table.at("constraints").at(0).at("kind"), "foreign_key");
    EXPECT_EQ(table.at("constraints").at(3).at("kind"), "exclude");
}

void expect_refused(const nlohmann::json& json, const std::string& message) {
    try {
        (void)catalog_from_json(json);
        ADD_FAILURE() << "expected InputError for " << json.dump();
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("malformed PostgreSQL catalog JSON"));
        EXPECT_THAT(error.what(), HasSubstr(message));
    }
}

TEST(PostgresCatalogJson, WhatToJsonNeverWritesIsRefused) {
    const nlohmann::json good = to_json(full_catalog());

    expect_refused(nlohmann::json::array(), "expected an object holding 'schemas'");
    expect_refused(nlohmann::json::object(), "missing 'schemas'");

    nlohmann::json missing = good;
    missing["tables"][0]["columns"][0].erase("not_null");
    expect_refused(missing, "missing 'not_null'");

    nlohmann::json mistyped = good;
    mistyped["sequences"][0]["start"] = "7";
    expect_refused(mistyped, "'start' is not an integer");

    nlohmann::json unknown_kind = good;
    unknown_kind["tables"][0]["constraints"][0]["kind"] = "primary";
    expect_refused(unknown_kind, "unknown kind 'primary'");

    nlohmann::json unknown_identity = good;
    unknown_identity["tables"][0]["columns"][0]["identity"] = "sometimes";
    expect_refused(unknown_identity, "unknown identity 'sometimes'");

    nlohmann::json twice = good;
    twice["enums"].push_back(twice["enums"][0]);
    expect_refused(twice, "two entries of 'enums' have the same key");

    nlohmann::json bad_comment = good;
    bad_comment["schema_comments"]["public"] = 3;
    expect_refused(bad_comment, "the comment of schema 'public' is not a string");

    nlohmann::json bad_name = good;
    bad_name["views"][0]["depends_on"][0] = "public.t";
    expect_refused(bad_name, "expected an object holding 'schema'");
}

TEST(PostgresCatalogSignature, NamesAreQuotedAsQuoteIdentWould) {
    EXPECT_EQ((Function{{"public", "f"}, "a integer, b text", false, "", {}}.signature()),
              "public.f(a integer, b text)");
    EXPECT_EQ((Function{{"My Schema", "Add"}, "", false, "", {}}.signature()),
              "\"My Schema\".\"Add\"()");
    // Keywords quote_ident quotes (not the unreserved ones), and inner quotes doubled.
    EXPECT_EQ((Function{{"public", "user"}, "", false, "", {}}.signature()), "public.\"user\"()");
    EXPECT_EQ((Function{{"public", "select"}, "", false, "", {}}.signature()),
              "public.\"select\"()");
    EXPECT_EQ((Function{{"public", "name"}, "", false, "", {}}.signature()), "public.name()");
    EXPECT_EQ((Function{{"public", "a\"b"}, "", false, "", {}}.signature()), "public.\"a\"\"b\"()");
    EXPECT_EQ((Function{{"public", "_f1$"}, "", false, "", {}}.signature()), "public.\"_f1$\"()");
    EXPECT_EQ((Function{{"public", "1f"}, "", false, "", {}}.signature()), "public.\"1f\"()");
}

}  // namespace
}  // namespace mig::schema::pg
