#include "schema/constraint_parser.hpp"

#include "schema/identifier.hpp"

namespace mig::schema::detail {

namespace {

// ON CONFLICT <action>, when present.
ConflictAction parse_conflict_clause(TokenCursor& cursor) {
    if (!(cursor.peek().is_word("ON") && cursor.peek(1).is_word("CONFLICT"))) {
        return ConflictAction::none;
    }
    cursor.take();
    cursor.take();
    static constexpr std::pair<std::string_view, ConflictAction> k_actions[] = {
        {"ROLLBACK", ConflictAction::rollback}, {"ABORT", ConflictAction::abort},
        {"FAIL", ConflictAction::fail},         {"IGNORE", ConflictAction::ignore},
        {"REPLACE", ConflictAction::replace},
    };
    for (const auto& [word, action] : k_actions) {
        if (cursor.accept_word(word)) {
            return action;
        }
    }
    cursor.fail("expected ROLLBACK, ABORT, FAIL, IGNORE or REPLACE");
}

ForeignKeyAction parse_foreign_key_action(TokenCursor& cursor) {
    if (cursor.accept_word("SET")) {
        if (cursor.accept_word("NULL")) {
            return ForeignKeyAction::set_null;
        }
        cursor.expect_word("DEFAULT");
        return ForeignKeyAction::set_default;
    }
    if (cursor.accept_word("CASCADE")) {
        return ForeignKeyAction::cascade;
    }
    if (cursor.accept_word("RESTRICT")) {
        return ForeignKeyAction::restrict;
    }
    cursor.expect_word("NO");
    cursor.expect_word("ACTION");
    return ForeignKeyAction::no_action;
}

// [NOT] DEFERRABLE [INITIALLY DEFERRED | INITIALLY IMMEDIATE], at DEFERRABLE or NOT DEFERRABLE.
Deferrable parse_deferrable(TokenCursor& cursor) {
    bool negated = cursor.accept_word("NOT");
    cursor.expect_word("DEFERRABLE");
    bool deferred = false;
    if (cursor.accept_word("INITIALLY")) {
        deferred = cursor.accept_word("DEFERRED");
        if (!deferred) {
            cursor.expect_word("IMMEDIATE");
        }
    }
    if (negated) {
        return Deferrable::not_deferrable;
    }
    return deferred ? Deferrable::initially_deferred : Deferrable::initially_immediate;
}

bool at_deferrable(const TokenCursor& cursor) {
    return cursor.peek().is_word("DEFERRABLE") ||
           (cursor.peek().is_word("NOT") && cursor.peek(1).is_word("DEFERRABLE"));
}

std::vector<std::string> parse_name_list(TokenCursor& cursor, std::string_view what) {
    std::vector<std::string> names;
    cursor.expect_punctuation("(");
    do {
        names.push_back(cursor.take_name(what));
    } while (cursor.accept_punctuation(","));
    cursor.expect_punctuation(")");
    return names;
}

// REFERENCES table [(columns)] {ON DELETE|UPDATE action | MATCH name} [deferrable clause],
// at REFERENCES; fills everything but `name` and `columns`.
void parse_references(TokenCursor& cursor, ForeignKey& key) {
    cursor.expect_word("REFERENCES");
    key.referenced_table = cursor.take_name("the referenced table");
    if (cursor.peek().is_punctuation("(")) {
        key.referenced_columns = parse_name_list(cursor, "a referenced column");
    }
    while (true) {
        if (cursor.peek().is_word("ON") &&
            (cursor.peek(1).is_word("DELETE") || cursor.peek(1).is_word("UPDATE"))) {
            cursor.take();
            bool on_delete = cursor.take().is_word("DELETE");
            (on_delete ? key.on_delete : key.on_update) = parse_foreign_key_action(cursor);
        } else if (cursor.accept_word("MATCH")) {
            key.match = cursor.take_name("a MATCH name");
        } else if (at_deferrable(cursor)) {
            key.deferrable = parse_deferrable(cursor);
        } else {
            return;
        }
    }
}

// DEFAULT's value as written: a parenthesized expression with its parentheses, a signed number,
// or one literal, keyword (CURRENT_TIMESTAMP, NULL) or name.
std::string parse_default(TokenCursor& cursor) {
    const Token first = cursor.peek();
    if (first.is_punctuation("(")) {
        cursor.take_parenthesized();
    } else {
        if (first.is_punctuation("-") || first.is_punctuation("+")) {
            cursor.take();
        }
        if (cursor.at_end() || cursor.peek().is(TokenKind::punctuation)) {
            cursor.fail("expected a default value");
        }
        cursor.take();
    }
    return std::string(source_span(cursor.sql(), first, cursor.last_taken()));
}

// [GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED], at GENERATED or AS.
void parse_generated(TokenCursor& cursor, Column& column) {
    if (cursor.accept_word("GENERATED")) {
        cursor.expect_word("ALWAYS");
    }
    cursor.expect_word("AS");
    column.generated_expression = std::string(cursor.take_parenthesized());
    column.generated = cursor.accept_word("STORED") ? Generated::stored : Generated::virtual_column;
    if (column.generated == Generated::virtual_column) {
        cursor.accept_word("VIRTUAL");
    }
}

void parse_column_primary_key(TokenCursor& cursor, Table& table, Column& column, std::string name) {
    cursor.expect_word("KEY");
    if (!cursor.accept_word("ASC")) {
        cursor.accept_word("DESC");
    }
    table.primary_key.name = std::move(name);
    table.primary_key.columns = {column.name};
    table.primary_key.on_conflict = parse_conflict_clause(cursor);
    table.primary_key.autoincrement = cursor.accept_word("AUTOINCREMENT");
    column.pk_position = 1;
}

// The column named by one item of a PRIMARY KEY or UNIQUE list: `name [COLLATE c] [ASC|DESC]`.
// Sets `autoincrement` when the item ends with AUTOINCREMENT (`PRIMARY KEY(id AUTOINCREMENT)`).
std::string indexed_column_name(TokenCursor& cursor, bool& autoincrement) {
    std::vector<Token> item = cursor.take_list_item();
    if (item.empty() || !item.front().can_be_name()) {
        cursor.fail("expected a column name");
    }
    if (item.back().is_word("AUTOINCREMENT")) {
        autoincrement = true;
    }
    return token_value(item.front());
}

std::vector<std::string> parse_indexed_columns(TokenCursor& cursor, bool& autoincrement) {
    std::vector<std::string> columns;
    cursor.expect_punctuation("(");
    do {
        columns.push_back(indexed_column_name(cursor, autoincrement));
    } while (cursor.accept_punctuation(","));
    cursor.expect_punctuation(")");
    return columns;
}

void parse_table_primary_key(TokenCursor& cursor, Table& table, std::string name) {
    cursor.expect_word("KEY");
    PrimaryKey& key = table.primary_key;
    key.name = std::move(name);
    key.columns = parse_indexed_columns(cursor, key.autoincrement);
    key.on_conflict = parse_conflict_clause(cursor);
    for (int position = 1; const std::string& key_column : key.columns) {
        for (Column& column : table.columns) {
            if (identifiers_equal(column.name, key_column)) {
                column.pk_position = position;
            }
        }
        ++position;
    }
}

std::string parse_constraint_name(TokenCursor& cursor) {
    return cursor.accept_word("CONSTRAINT") ? cursor.take_name("a constraint name") : "";
}

}  // namespace

bool at_column_constraint(const TokenCursor& cursor) {
    const Token& token = cursor.peek();
    if (!token.is(TokenKind::keyword)) {
        return false;
    }
    static constexpr std::string_view k_starts[] = {
        "CONSTRAINT", "PRIMARY", "NOT",     "NULL",       "UNIQUE",
        "CHECK",      "DEFAULT", "COLLATE", "REFERENCES", "AS",
    };
    for (std::string_view start : k_starts) {
        if (token.is_word(start)) {
            return true;
        }
    }
    return token.is_word("GENERATED") && cursor.peek(1).is_word("ALWAYS");
}

void parse_column_constraint(TokenCursor& cursor, Table& table, Column& column) {
    std::string name = parse_constraint_name(cursor);
    if (cursor.peek().is_punctuation(",") || cursor.peek().is_punctuation(")") ||
        cursor.peek().is_word("CONSTRAINT")) {
        return;  // SQLite accepts a dangling CONSTRAINT name and ignores it
    }
    if (cursor.accept_word("PRIMARY")) {
        parse_column_primary_key(cursor, table, column, std::move(name));
    } else if (cursor.accept_word("NOT")) {
        cursor.expect_word("NULL");
        column.not_null = true;
        column.not_null_conflict = parse_conflict_clause(cursor);
    } else if (cursor.accept_word("NULL")) {
        parse_conflict_clause(cursor);
    } else if (cursor.accept_word("UNIQUE")) {
        table.unique_constraints.push_back(
            {std::move(name), {column.name}, parse_conflict_clause(cursor)});
    } else if (cursor.accept_word("CHECK")) {
        table.checks.push_back(
            {std::move(name), std::string(cursor.take_parenthesized()), column.name});
    } else if (cursor.accept_word("DEFAULT")) {
        column.default_value = parse_default(cursor);
    } else if (cursor.accept_word("COLLATE")) {
        column.collation = cursor.take_name("a collation name");
    } else if (cursor.peek().is_word("REFERENCES")) {
        ForeignKey key;
        key.name = std::move(name);
        key.columns = {column.name};
        parse_references(cursor, key);
        table.foreign_keys.push_back(std::move(key));
    } else if (cursor.peek().is_word("GENERATED") || cursor.peek().is_word("AS")) {
        parse_generated(cursor, column);
    } else {
        cursor.fail("expected a column constraint");
    }
}

bool at_table_constraint(const TokenCursor& cursor) {
    const Token& token = cursor.peek();
    return token.is(TokenKind::keyword) &&
           (token.is_word("CONSTRAINT") || token.is_word("PRIMARY") || token.is_word("UNIQUE") ||
            token.is_word("CHECK") || token.is_word("FOREIGN"));
}

void parse_table_constraint(TokenCursor& cursor, Table& table) {
    std::string name = parse_constraint_name(cursor);
    if (cursor.accept_word("PRIMARY")) {
        parse_table_primary_key(cursor, table, std::move(name));
    } else if (cursor.accept_word("UNIQUE")) {
        UniqueConstraint unique;
        unique.name = std::move(name);
        bool ignored_autoincrement = false;
        unique.columns = parse_indexed_columns(cursor, ignored_autoincrement);
        unique.on_conflict = parse_conflict_clause(cursor);
        table.unique_constraints.push_back(std::move(unique));
    } else if (cursor.accept_word("CHECK")) {
        table.checks.push_back({std::move(name), std::string(cursor.take_parenthesized()), ""});
        parse_conflict_clause(cursor);
    } else if (cursor.accept_word("FOREIGN")) {
        cursor.expect_word("KEY");
        ForeignKey key;
        key.name = std::move(name);
        key.columns = parse_name_list(cursor, "a column name");
        parse_references(cursor, key);
        table.foreign_keys.push_back(std::move(key));
    } else {
        cursor.fail("expected PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY");
    }
}

}  // namespace mig::schema::detail
