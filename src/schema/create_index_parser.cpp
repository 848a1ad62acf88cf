#include "schema/create_index_parser.hpp"

#include "schema/token_cursor.hpp"

namespace mig::schema {

namespace {

// `expr [COLLATE name] [ASC|DESC]`, from the tokens of one list item.
IndexPart make_part(const TokenCursor& cursor, std::vector<Token> item) {
    IndexPart part;
    if (item.size() > 1 && (item.back().is_word("ASC") || item.back().is_word("DESC"))) {
        part.order = item.back().is_word("DESC") ? SortOrder::desc : SortOrder::asc;
        item.pop_back();
    }
    if (item.size() > 2 && item[item.size() - 2].is_word("COLLATE")) {
        part.collation = token_value(item.back());
        item.resize(item.size() - 2);
    }
    if (item.empty()) {
        cursor.fail("expected an indexed column or expression");
    }
    if (item.size() == 1 && item.front().can_be_name() && !item.front().is(TokenKind::string)) {
        part.column = token_value(item.front());
    } else {
        part.expression = std::string(source_span(cursor.sql(), item.front(), item.back()));
    }
    return part;
}

std::vector<IndexPart> parse_parts(TokenCursor& cursor) {
    std::vector<IndexPart> parts;
    cursor.expect_punctuation("(");
    do {
        parts.push_back(make_part(cursor, cursor.take_list_item()));
    } while (cursor.accept_punctuation(","));
    cursor.expect_punctuation(")");
    return parts;
}

// The rest of the statement after WHERE, as written, without a final `;`.
std::string parse_where(TokenCursor& cursor) {
    if (cursor.at_end() || cursor.peek().is_punctuation(";")) {
        cursor.fail("expected the WHERE condition");
    }
    const Token first = cursor.peek();
    while (!cursor.at_end() && !cursor.peek().is_punctuation(";")) {
        cursor.take();
    }
    return std::string(source_span(cursor.sql(), first, cursor.last_taken()));
}

}  // namespace

Index parse_create_index(std::string_view sql) {
    TokenCursor cursor(sql, "CREATE INDEX");
    Index index;
    index.sql = std::string(sql);
    cursor.expect_word("CREATE");
    index.unique = cursor.accept_word("UNIQUE");
    cursor.expect_word("INDEX");
    if (cursor.accept_word("IF")) {
        cursor.expect_word("NOT");
        cursor.expect_word("EXISTS");
    }
    index.name = cursor.take_qualified_name("an index name");
    cursor.expect_word("ON");
    index.table = cursor.take_name("a table name");
    index.parts = parse_parts(cursor);
    if (cursor.accept_word("WHERE")) {
        index.where = parse_where(cursor);
    }
    cursor.expect_statement_end();
    return index;
}

}  // namespace mig::schema
