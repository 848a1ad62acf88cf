#include "schema/token.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace mig::schema {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Kind = TokenKind;

std::vector<std::pair<Kind, std::string>> lex(std::string_view sql) {
    std::vector<std::pair<Kind, std::string>> out;
    for (const Token& token : tokenize(sql)) {
        out.emplace_back(token.kind, std::string(token.text));
    }
    return out;
}

std::pair<Kind, std::string> tok(Kind kind, std::string text) {
    return {kind, std::move(text)};
}

TEST(Tokenizer, SplitsWordsPunctuationAndLiterals) {
    EXPECT_THAT(lex("CREATE TABLE t(a INT DEFAULT 'x', b);"),
                ElementsAre(tok(Kind::keyword, "CREATE"), tok(Kind::keyword, "TABLE"),
                            tok(Kind::identifier, "t"), tok(Kind::punctuation, "("),
                            tok(Kind::identifier, "a"), tok(Kind::identifier, "INT"),
                            tok(Kind::keyword, "DEFAULT"), tok(Kind::string, "'x'"),
                            tok(Kind::punctuation, ","), tok(Kind::identifier, "b"),
                            tok(Kind::punctuation, ")"), tok(Kind::punctuation, ";")));
}

TEST(Tokenizer, DropsWhitespaceAndBothKindsOfComment) {
    EXPECT_THAT(lex("  a -- line comment ( ' \"\n\t/* block\n ' comment */ b\r\n"),
                ElementsAre(tok(Kind::identifier, "a"), tok(Kind::identifier, "b")));
    EXPECT_THAT(lex("a /* unterminated runs to the end"), ElementsAre(tok(Kind::identifier, "a")));
    EXPECT_THAT(lex("a -- no newline at the end"), ElementsAre(tok(Kind::identifier, "a")));
    EXPECT_THAT(lex("-- only a comment\n/**/"), IsEmpty());
}

TEST(Tokenizer, CommentMarkersInsideQuotesAreText) {
    EXPECT_THAT(
        lex("'a -- b' \"c /* d */\""),
        ElementsAre(tok(Kind::string, "'a -- b'"), tok(Kind::quoted_identifier, "\"c /* d */\"")));
}

TEST(Tokenizer, QuotedIdentifiersInAllThreeStyles) {
    EXPECT_THAT(lex(R"("a b" [c "d"] `e``f` "g""h")"),
                ElementsAre(tok(Kind::quoted_identifier, R"("a b")"),
                            tok(Kind::quoted_identifier, R"([c "d"])"),
                            tok(Kind::quoted_identifier, "`e``f`"),
                            tok(Kind::quoted_identifier, R"("g""h")")));
}

TEST(Tokenizer, TokenValueUnquotesAndUndoesDoubledQuotes) {
    auto values = [](std::string_view sql) {
        std::vector<std::string> out;
        for (const Token& token : tokenize(sql)) {
            out.push_back(token_value(token));
        }
        return out;
    };
    EXPECT_THAT(values(R"("a""b" [x""y] `p``q` 'it''s' plain)"),
                ElementsAre("a\"b", "x\"\"y", "p`q", "it's", "plain"));
    EXPECT_THAT(values(R"("" '')"), ElementsAre("", ""));
}

TEST(Tokenizer, StringsAndBlobs) {
    EXPECT_THAT(lex("'' 'it''s' x'00ff' X'AB' x 'q'"),
                ElementsAre(tok(Kind::string, "''"), tok(Kind::string, "'it''s'"),
                            tok(Kind::blob, "x'00ff'"), tok(Kind::blob, "X'AB'"),
                            tok(Kind::identifier, "x"), tok(Kind::string, "'q'")));
}

TEST(Tokenizer, MalformedLiteralsAreInvalidTokens) {
    EXPECT_THAT(lex("x'abc'"), ElementsAre(tok(Kind::invalid, "x'abc'")));
    EXPECT_THAT(lex("x'zz'"), ElementsAre(tok(Kind::invalid, "x'zz'")));
    EXPECT_THAT(lex("a 'open"),
                ElementsAre(tok(Kind::identifier, "a"), tok(Kind::invalid, "'open")));
    EXPECT_THAT(lex("\"open"), ElementsAre(tok(Kind::invalid, "\"open")));
    EXPECT_THAT(lex("[open"), ElementsAre(tok(Kind::invalid, "[open")));
    EXPECT_THAT(lex("12abc"), ElementsAre(tok(Kind::invalid, "12abc")));
    EXPECT_THAT(lex("a ! b"), ElementsAre(tok(Kind::identifier, "a"), tok(Kind::invalid, "!"),
                                          tok(Kind::identifier, "b")));
}

TEST(Tokenizer, Numbers) {
    EXPECT_THAT(
        lex("0 42 1.5 .5 5. 1e10 2.5E-3 7e+2 0x1F 0XaB"),
        ElementsAre(tok(Kind::number, "0"), tok(Kind::number, "42"), tok(Kind::number, "1.5"),
                    tok(Kind::number, ".5"), tok(Kind::number, "5."), tok(Kind::number, "1e10"),
                    tok(Kind::number, "2.5E-3"), tok(Kind::number, "7e+2"),
                    tok(Kind::number, "0x1F"), tok(Kind::number, "0XaB")));
    EXPECT_THAT(lex("-1"), ElementsAre(tok(Kind::punctuation, "-"), tok(Kind::number, "1")));
    EXPECT_THAT(lex("t.a"), ElementsAre(tok(Kind::identifier, "t"), tok(Kind::punctuation, "."),
                                        tok(Kind::identifier, "a")));
}

TEST(Tokenizer, OperatorsTakeTheLongestMatch) {
    std::vector<std::string> texts;
    for (const Token& token : tokenize("a||b<=c<>d!=e==f>=g<<h>>i->j->>k")) {
        if (token.kind == Kind::punctuation) {
            texts.emplace_back(token.text);
        }
    }
    EXPECT_THAT(texts, ElementsAre("||", "<=", "<>", "!=", "==", ">=", "<<", ">>", "->", "->>"));
}

TEST(Tokenizer, Variables) {
    EXPECT_THAT(lex("? ?12 :name @p $v"),
                ElementsAre(tok(Kind::variable, "?"), tok(Kind::variable, "?12"),
                            tok(Kind::variable, ":name"), tok(Kind::variable, "@p"),
                            tok(Kind::variable, "$v")));
}

TEST(Tokenizer, WordsMayHoldDollarsDigitsAndNonAscii) {
    EXPECT_THAT(lex("a$1 _x émile"),
                ElementsAre(tok(Kind::identifier, "a$1"), tok(Kind::identifier, "_x"),
                            tok(Kind::identifier, "émile")));
}

TEST(Tokenizer, KeywordsInAnyCaseButNotWhenQuoted) {
    EXPECT_THAT(lex("select Order \"order\" [KEY] keys"),
                ElementsAre(tok(Kind::keyword, "select"), tok(Kind::keyword, "Order"),
                            tok(Kind::quoted_identifier, "\"order\""),
                            tok(Kind::quoted_identifier, "[KEY]"), tok(Kind::identifier, "keys")));
}

TEST(Tokenizer, OffsetsPointIntoTheSource) {
    std::string_view sql = "a  /* c */ 'b'";
    auto tokens = tokenize(sql);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[1].offset, 11u);
    EXPECT_EQ(tokens[1].end(), 14u);
    EXPECT_EQ(source_span(sql, tokens[0], tokens[1]), sql);
}

TEST(Tokenizer, WordAndPunctuationHelpers) {
    auto tokens = tokenize("Primary \"primary\" ( 'name'");
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_TRUE(tokens[0].is_word("PRIMARY"));
    EXPECT_FALSE(tokens[1].is_word("PRIMARY"));
    EXPECT_TRUE(tokens[2].is_punctuation("("));
    EXPECT_TRUE(tokens[0].can_be_name());
    EXPECT_TRUE(tokens[1].can_be_name());
    EXPECT_FALSE(tokens[2].can_be_name());
    EXPECT_TRUE(tokens[3].can_be_name());
}

}  // namespace
}  // namespace mig::schema
