#include "script/slug.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mig::script {
namespace {

TEST(Slugify, LowercaseWordsJoinedByUnderscore) {
    EXPECT_EQ(slugify("Add age column to user model"), "add_age_column_to_user_model");
}

TEST(Slugify, PunctuationSeparatesWords) {
    EXPECT_EQ(slugify("Rename \"user\" -> users: 50% done!"), "rename_user_users_50_done");
    EXPECT_EQ(slugify("  add_index, drop-column.v2  "), "add_index_drop_column_v2");
    EXPECT_EQ(slugify("tabs\tand\nnew lines"), "tabs_and_new_lines");
}

TEST(Slugify, NonAsciiSeparatesWords) {
    EXPECT_EQ(slugify("Café crème"), "caf_cr_me");
    EXPECT_EQ(slugify("Ajout de la table «clients»"), "ajout_de_la_table_clients");
    EXPECT_EQ(slugify("用户表 users"), "users");
}

TEST(Slugify, NothingLeftGivesRevision) {
    EXPECT_EQ(slugify(""), "revision");
    EXPECT_EQ(slugify("  --- !!! "), "revision");
    EXPECT_EQ(slugify("用户表"), "revision");
}

TEST(Slugify, CutsAtAWordBoundaryWithinEightyCharacters) {
    std::string message;
    for (int i = 0; i < 30; ++i) {
        message += "word ";  // "word_word_..." grows by 5 per word
    }
    const std::string slug = slugify(message);
    EXPECT_LE(slug.size(), 80U);
    EXPECT_EQ(slug.size(), 79U);  // 16 words: 16 * 4 + 15 separators
    EXPECT_NE(slug.back(), '_');
    EXPECT_EQ(slug.substr(0, 10), "word_word_");
}

TEST(Slugify, ExactlyEightyCharactersIsKept) {
    const std::string message = std::string(39, 'a') + " " + std::string(40, 'b');
    EXPECT_EQ(slugify(message), std::string(39, 'a') + "_" + std::string(40, 'b'));
}

TEST(Slugify, OneHugeWordIsCutAtEighty) {
    EXPECT_EQ(slugify(std::string(200, 'X')), std::string(80, 'x'));
}

}  // namespace
}  // namespace mig::script
