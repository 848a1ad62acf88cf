#include "schema/create_table_parser.hpp"

#include "schema/constraint_parser.hpp"
#include "schema/token_cursor.hpp"

namespace mig::schema {

namespace {

void skip_if_not_exists(TokenCursor& cursor) {
    if (cursor.accept_word("IF")) {
        cursor.expect_word("NOT");
        cursor.expect_word("EXISTS");
    }
}

// The declared type: words up to the first constraint, `,` or `)`, then an optional
// parenthesized size (`VARCHAR(255)`, `DECIMAL(10, 2)`). As written; empty when absent.
std::string parse_type(TokenCursor& cursor) {
    if (cursor.at_end() || detail::at_column_constraint(cursor) || !cursor.peek().can_be_name()) {
        return {};
    }
    const Token first = cursor.peek();
    while (!cursor.at_end() && cursor.peek().can_be_name() &&
           !detail::at_column_constraint(cursor)) {
        cursor.take();
    }
    if (cursor.peek().is_punctuation("(")) {
        cursor.take_parenthesized();
    }
    return std::string(source_span(cursor.sql(), first, cursor.last_taken()));
}

Column parse_column(TokenCursor& cursor, Table& table) {
    Column column;
    column.name = cursor.take_name("a column name");
    column.type = parse_type(cursor);
    while (!cursor.peek().is_punctuation(",") && !cursor.peek().is_punctuation(")")) {
        if (!detail::at_column_constraint(cursor)) {
            cursor.fail("expected a column constraint, \",\" or \")\"");
        }
        detail::parse_column_constraint(cursor, table, column);
    }
    return column;
}

// Column definitions, then table constraints (SQLite lets commas between those be omitted).
void parse_definitions(TokenCursor& cursor, Table& table) {
    cursor.expect_punctuation("(");
    while (!detail::at_table_constraint(cursor)) {
        table.columns.push_back(parse_column(cursor, table));
        if (!cursor.accept_punctuation(",")) {
            cursor.expect_punctuation(")");
            return;
        }
    }
    while (!cursor.accept_punctuation(")")) {
        if (cursor.at_end()) {
            cursor.fail("expected \")\"");
        }
        detail::parse_table_constraint(cursor, table);
        cursor.accept_punctuation(",");
    }
}

void parse_table_options(TokenCursor& cursor, Table& table) {
    do {
        if (cursor.accept_word("WITHOUT")) {
            cursor.expect_word("ROWID");
            table.without_rowid = true;
        } else if (cursor.accept_word("STRICT")) {
            table.strict = true;
        } else {
            return;
        }
    } while (cursor.accept_punctuation(","));
}

Table parse_virtual_table(TokenCursor& cursor) {
    Table table;
    table.kind = TableKind::virtual_table;
    table.sql = std::string(cursor.sql());
    skip_if_not_exists(cursor);
    table.name = cursor.take_qualified_name("a table name");
    cursor.expect_word("USING");
    return table;
}

}  // namespace

Table parse_create_table(std::string_view sql) {
    TokenCursor cursor(sql, "CREATE TABLE");
    cursor.expect_word("CREATE");
    if (cursor.accept_word("VIRTUAL")) {
        cursor.expect_word("TABLE");
        return parse_virtual_table(cursor);
    }
    if (!cursor.accept_word("TEMP")) {
        cursor.accept_word("TEMPORARY");
    }
    cursor.expect_word("TABLE");
    skip_if_not_exists(cursor);

    Table table;
    table.sql = std::string(sql);
    table.name = cursor.take_qualified_name("a table name");
    if (cursor.peek().is_word("AS")) {
        cursor.fail("CREATE TABLE ... AS SELECT has no column definitions to read");
    }
    parse_definitions(cursor, table);
    parse_table_options(cursor, table);
    cursor.expect_statement_end();
    return table;
}

}  // namespace mig::schema
