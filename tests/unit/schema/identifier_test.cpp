#include "schema/identifier.hpp"

#include "schema/keywords.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>

namespace mig::schema {
namespace {

// The list must match the SQLite this binary runs with, keyword for keyword.
TEST(Keywords, MatchTheLinkedSqlite) {
    std::vector<std::string> sqlite;
    for (int i = 0; i < sqlite3_keyword_count(); ++i) {
        const char* name = nullptr;
        int length = 0;
        ASSERT_EQ(sqlite3_keyword_name(i, &name, &length), SQLITE_OK);
        sqlite.emplace_back(name, static_cast<std::size_t>(length));
    }
    std::sort(sqlite.begin(), sqlite.end());
    std::vector<std::string> ours(sqlite_keywords().begin(), sqlite_keywords().end());
    EXPECT_EQ(ours, sqlite);
}

TEST(Keywords, AnyLetterCase) {
    EXPECT_TRUE(is_keyword("order"));
    EXPECT_TRUE(is_keyword("Current_Timestamp"));
    EXPECT_FALSE(is_keyword("user"));
    EXPECT_FALSE(is_keyword("integer"));
    EXPECT_FALSE(is_keyword(""));
    EXPECT_FALSE(is_keyword("orders"));
}

TEST(Identifier, FoldsAsciiCaseOnly) {
    EXPECT_EQ(fold_identifier("UserName_1"), "username_1");
    EXPECT_EQ(fold_identifier("ÉCOLE"), "École");
    EXPECT_TRUE(identifiers_equal("Users", "USERS"));
    EXPECT_FALSE(identifiers_equal("users", "user"));
    EXPECT_FALSE(identifiers_equal("é", "É"));
}

TEST(Identifier, PlainNamesNeedNoQuotes) {
    EXPECT_TRUE(is_plain_identifier("user"));
    EXPECT_TRUE(is_plain_identifier("_a1$"));
    EXPECT_TRUE(is_plain_identifier("émile"));
    EXPECT_FALSE(is_plain_identifier("order"));
    EXPECT_FALSE(is_plain_identifier("Key"));
    EXPECT_FALSE(is_plain_identifier("first name"));
    EXPECT_FALSE(is_plain_identifier("1st"));
    EXPECT_FALSE(is_plain_identifier("a-b"));
    EXPECT_FALSE(is_plain_identifier(""));
}

}  // namespace
}  // namespace mig::schema
