#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mig::schema {

enum class TokenKind {
    keyword,            // a bare word that is an SQLite keyword: SELECT, key, Primary
    identifier,         // any other bare word: users, varchar, rowid
    quoted_identifier,  // "name", [name] or `name`
    string,             // 'text'
    blob,               // x'00ff'
    number,             // 42, 1.5e3, .5, 0x1F
    variable,           // ?, ?1, :name, @name, $name
    punctuation,        // operators and ( ) , ; .
    invalid,            // an unterminated quote or a character SQLite rejects
};

// One token of SQL text. `text` views the tokenized source, so the source must outlive it.
struct Token {
    TokenKind kind = TokenKind::invalid;
    std::string_view text;
    std::size_t offset = 0;  // byte offset of `text` in the source

    std::size_t end() const { return offset + text.size(); }
    bool is(TokenKind k) const { return kind == k; }
    // A bare word (keyword or identifier) equal to `word` in any letter case.
    bool is_word(std::string_view word) const;
    bool is_punctuation(std::string_view symbol) const {
        return kind == TokenKind::punctuation && text == symbol;
    }
    // A token SQLite accepts where a name is expected: a bare or quoted identifier, a string
    // ('name' is a legal column name) or a keyword (SQLite lets many of them be names).
    bool can_be_name() const;
};

// SQLite's lexical rules (tokenize.c): whitespace and comments (`--` to the end of the line,
// `/* */`, unterminated to the end of the text) separate tokens and are dropped; quoted
// identifiers and strings double their quote to escape it ("a""b", 'it''s'); brackets have no
// escape. Never throws: what SQLite would reject comes back as an `invalid` token.
std::vector<Token> tokenize(std::string_view sql);

// The value a token stands for: a quoted identifier or string without its quotes and with
// doubled quotes undone; any other token's text unchanged.
std::string token_value(const Token& token);

// The source text from the start of `first` to the end of `last`, inner comments included.
std::string_view source_span(std::string_view source, const Token& first, const Token& last);

}  // namespace mig::schema
