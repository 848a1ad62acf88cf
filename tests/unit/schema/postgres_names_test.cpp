#include "schema/postgres_names.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::schema::pg {
namespace {

using ::testing::ElementsAre;

TEST(PostgresNames, QuotesLikeQuoteIdent) {
    EXPECT_EQ(quote_identifier("users"), "users");
    EXPECT_EQ(quote_identifier("_x1"), "_x1");
    EXPECT_EQ(quote_identifier("User"), "\"User\"");
    EXPECT_EQ(quote_identifier("1st"), "\"1st\"");
    EXPECT_EQ(quote_identifier("a b"), "\"a b\"");
    EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(quote_identifier("price$"), "\"price$\"");
    EXPECT_EQ(quote_identifier("café"), "\"café\"");
    EXPECT_EQ(quote_identifier(""), "\"\"");
}

TEST(PostgresNames, QuotesEveryKeywordThatIsNotUnreserved) {
    for (const char* word : {"order", "user", "select", "table", "integer", "time", "left",
                             "between", "xmltable", "json", "system_user", "current_schema"}) {
        EXPECT_TRUE(is_quoted_keyword(word)) << word;
        EXPECT_EQ(quote_identifier(word), std::string("\"") + word + "\"");
    }
    // unreserved keywords stay bare, as quote_ident leaves them
    for (const char* word : {"name", "type", "data", "action", "key", "text", "comment"}) {
        EXPECT_FALSE(is_quoted_keyword(word)) << word;
        EXPECT_EQ(quote_identifier(word), word);
    }
}

TEST(PostgresNames, QualifiedAndDisplayNames) {
    EXPECT_EQ(qualified({"public", "users"}), "public.users");
    EXPECT_EQ(qualified({"App", "order"}), "\"App\".\"order\"");
    EXPECT_EQ(display_name({"public", "User"}), "\"User\"");
    EXPECT_EQ(display_name({"app", "items"}), "app.items");
    EXPECT_EQ(quote_literal("it's"), "'it''s'");
}

TEST(PostgresNames, GeneratedNamesFollowPostgres) {
    EXPECT_EQ(generated_name("users", {}, NameLabel::pkey), "users_pkey");
    EXPECT_EQ(generated_name("users", {"email"}, NameLabel::key), "users_email_key");
    EXPECT_EQ(generated_name("users", {"a", "b"}, NameLabel::key), "users_a_b_key");
    EXPECT_EQ(generated_name("posts", {"user_id"}, NameLabel::fkey), "posts_user_id_fkey");
    EXPECT_EQ(generated_name("t", {"age"}, NameLabel::check), "t_age_check");
    EXPECT_EQ(generated_name("t", {"a", "b"}, NameLabel::check), "t_check");
    EXPECT_EQ(generated_name("t", {"", ""}, NameLabel::idx), "t_expr_expr1_idx");
    EXPECT_EQ(generated_name("r", {"room", "during"}, NameLabel::excl), "r_room_during_excl");
    EXPECT_EQ(generated_name("users", {"id"}, NameLabel::seq), "users_id_seq");
    EXPECT_EQ(generated_name("users", {"email"}, NameLabel::key, 1), "users_email_key1");
}

TEST(PostgresNames, LongNamesAreCutTo63BytesLongerPartFirst) {
    const std::string table(40, 't');
    const std::string column(40, 'c');
    std::string name = generated_name(table, {column}, NameLabel::key);
    EXPECT_EQ(name.size(), 63U);
    // 63 - "_" - "_key" = 58 bytes for both names: 29 each
    EXPECT_EQ(name, std::string(29, 't') + "_" + std::string(29, 'c') + "_key");
    EXPECT_EQ(make_object_name(std::string(70, 'a'), "", "pkey"), std::string(58, 'a') + "_pkey");
    // never inside a UTF-8 character: "é" is two bytes
    std::string accented;
    for (int i = 0; i < 40; ++i) {
        accented += "é";
    }
    std::string cut = make_object_name(accented, "", "key");  // 59 bytes free: 29.5 characters
    EXPECT_EQ(cut, accented.substr(0, 58) + "_key");
}

TEST(PostgresNames, RecognisesGeneratedNamesAndTheirNumberedVariants) {
    EXPECT_TRUE(is_generated_name("users_email_key", "users", {"email"}, NameLabel::key));
    EXPECT_TRUE(is_generated_name("users_email_key2", "users", {"email"}, NameLabel::key));
    EXPECT_FALSE(is_generated_name("email_unique", "users", {"email"}, NameLabel::key));
    EXPECT_FALSE(is_generated_name("users_email_key", "people", {"email"}, NameLabel::key));
}

TEST(PostgresNames, IndexDefinitionColumns) {
    EXPECT_THAT(definition_columns("CREATE INDEX i ON public.t USING btree (a, b DESC)"),
                ElementsAre("a", "b"));
    EXPECT_THAT(definition_columns("CREATE UNIQUE INDEX i ON public.t USING btree (lower(email)) "
                                   "INCLUDE (name) WHERE (deleted_at IS NULL)"),
                ElementsAre("lower", "name"));
    EXPECT_THAT(definition_columns("CREATE INDEX i ON public.t USING btree (((id + 1)), \"Name\" "
                                   "text_pattern_ops)"),
                ElementsAre("", "Name"));
    EXPECT_THAT(definition_columns("EXCLUDE USING gist (room WITH =, during WITH &&)"),
                ElementsAre("room", "during"));
}

TEST(PostgresNames, RenamesIdentifiersOutsideStrings) {
    EXPECT_EQ(rename_identifiers("CHECK ((name <> 'name'::text))", {{"name", "full_name"}}),
              "CHECK ((full_name <> 'name'::text))");
    EXPECT_EQ(rename_identifiers("UNIQUE (\"Old\")", {{"Old", "New"}}), "UNIQUE (\"New\")");
    EXPECT_EQ(rename_qualified("ON public.users USING btree (x)", {"public", "users"},
                               {"public", "people"}),
              "ON public.people USING btree (x)");
}

}  // namespace
}  // namespace mig::schema::pg
