#include "autogen/sqlite_ddl.hpp"

#include "schema/create_table_parser.hpp"
#include "schema/errors.hpp"
#include "schema/identifier.hpp"
#include "schema/token.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace mig::autogen::sqlite {

namespace {

using schema::identifiers_equal;

std::string conflict_clause(schema::ConflictAction action) {
    switch (action) {
        case schema::ConflictAction::none:
            return "";
        case schema::ConflictAction::rollback:
            return " ON CONFLICT ROLLBACK";
        case schema::ConflictAction::abort:
            return " ON CONFLICT ABORT";
        case schema::ConflictAction::fail:
            return " ON CONFLICT FAIL";
        case schema::ConflictAction::ignore:
            return " ON CONFLICT IGNORE";
        case schema::ConflictAction::replace:
            return " ON CONFLICT REPLACE";
    }
    return "";
}

std::string action_text(schema::ForeignKeyAction action) {
    switch (action) {
        case schema::ForeignKeyAction::no_action:
            return "NO ACTION";
        case schema::ForeignKeyAction::restrict:
            return "RESTRICT";
        case schema::ForeignKeyAction::set_null:
            return "SET NULL";
        case schema::ForeignKeyAction::set_default:
            return "SET DEFAULT";
        case schema::ForeignKeyAction::cascade:
            return "CASCADE";
    }
    return "NO ACTION";
}

std::string deferrable_clause(schema::Deferrable deferrable) {
    switch (deferrable) {
        case schema::Deferrable::not_written:
            return "";
        case schema::Deferrable::not_deferrable:
            return " NOT DEFERRABLE";
        case schema::Deferrable::initially_immediate:
            return " DEFERRABLE INITIALLY IMMEDIATE";
        case schema::Deferrable::initially_deferred:
            return " DEFERRABLE INITIALLY DEFERRED";
    }
    return "";
}

std::string constraint_name(const std::string& name) {
    return name.empty() ? "" : "CONSTRAINT " + quote(name) + " ";
}

// The automatic index made for a key on `columns` with `origin`, if `keys` has one.
const schema::Index* key_index(const std::vector<const schema::Index*>& keys,
                               schema::IndexOrigin origin,
                               const std::vector<std::string>& columns) {
    for (const schema::Index* index : keys) {
        if (index->origin != origin || index->parts.size() != columns.size()) {
            continue;
        }
        bool same = true;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            same = same && identifiers_equal(index->parts[i].column, columns[i]);
        }
        if (same) {
            return index;
        }
    }
    return nullptr;
}

// COLLATE and DESC of a key column, as far as they differ from the column's own.
std::string key_part_options(const schema::Table& table, const schema::IndexPart& part) {
    std::string text;
    const schema::Column* column = table.find_column(part.column);
    std::string own = column == nullptr || column->collation.empty() ? "BINARY" : column->collation;
    if (!part.collation.empty() && !identifiers_equal(part.collation, own)) {
        text += " COLLATE " + quote_collation(part.collation);
    }
    return text + (part.order == schema::SortOrder::desc ? " DESC" : "");
}

// `(a, b DESC)`: the key's columns with what its automatic index says about them.
std::string key_list(const schema::Table& table, const std::vector<std::string>& columns,
                     const schema::Index* index) {
    std::string list;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        list += (list.empty() ? "" : ", ") + quote(columns[i]);
        if (index != nullptr) {
            list += key_part_options(table, index->parts[i]);
        }
    }
    return "(" + list + ")";
}

std::string name_list(const std::vector<std::string>& names) {
    std::string list;
    for (const std::string& name : names) {
        list += (list.empty() ? "" : ", ") + quote(name);
    }
    return "(" + list + ")";
}

// The primary key is written on its column when it has one column (the only place
// AUTOINCREMENT is allowed), otherwise as a table constraint.
bool primary_key_on_column(const schema::Table& table) {
    return table.primary_key.columns.size() == 1 &&
           table.find_column(table.primary_key.columns.front()) != nullptr;
}

bool check_on_column(const schema::CheckConstraint& check, const schema::Table& table) {
    return !check.column.empty() && table.find_column(check.column) != nullptr;
}

// On the column, only the order can be written: the column's collation is the key's.
std::string primary_key_clause(const schema::PrimaryKey& key, const schema::Index* index) {
    bool descending = index != nullptr && index->parts.front().order == schema::SortOrder::desc;
    return constraint_name(key.name) + "PRIMARY KEY" + (descending ? " DESC" : "") +
           conflict_clause(key.on_conflict) + (key.autoincrement ? " AUTOINCREMENT" : "");
}

std::string check_clause(const schema::CheckConstraint& check) {
    return constraint_name(check.name) + "CHECK (" + check.expression + ")";
}

std::string unique_clause(const schema::Table& table, const schema::UniqueConstraint& unique,
                          const std::vector<const schema::Index*>& keys) {
    const schema::Index* index =
        key_index(keys, schema::IndexOrigin::unique_constraint, unique.columns);
    return constraint_name(unique.name) + "UNIQUE " + key_list(table, unique.columns, index) +
           conflict_clause(unique.on_conflict);
}

// `REFERENCES t (c) ON DELETE ...`, as it follows FOREIGN KEY (...) or a column.
std::string references_clause(const schema::ForeignKey& key) {
    std::string text = "REFERENCES " + quote(key.referenced_table);
    if (!key.referenced_columns.empty()) {
        text += " " + name_list(key.referenced_columns);
    }
    if (key.on_delete != schema::ForeignKeyAction::no_action) {
        text += " ON DELETE " + action_text(key.on_delete);
    }
    if (key.on_update != schema::ForeignKeyAction::no_action) {
        text += " ON UPDATE " + action_text(key.on_update);
    }
    if (!key.match.empty()) {
        text += " MATCH " + key.match;
    }
    return text + deferrable_clause(key.deferrable);
}

std::string foreign_key_clause(const schema::ForeignKey& key) {
    return constraint_name(key.name) + "FOREIGN KEY " + name_list(key.columns) + " " +
           references_clause(key);
}

// The table constraints of `table`, in a fixed order: primary key, UNIQUE, CHECK, FOREIGN KEY.
std::vector<std::string> table_constraints(const schema::Table& table,
                                           const std::vector<const schema::Index*>& keys) {
    std::vector<std::string> lines;
    if (!table.primary_key.columns.empty() && !primary_key_on_column(table)) {
        const schema::Index* index =
            key_index(keys, schema::IndexOrigin::primary_key, table.primary_key.columns);
        lines.push_back(constraint_name(table.primary_key.name) + "PRIMARY KEY " +
                        key_list(table, table.primary_key.columns, index) +
                        conflict_clause(table.primary_key.on_conflict));
    }
    for (const schema::UniqueConstraint& unique : table.unique_constraints) {
        lines.push_back(unique_clause(table, unique, keys));
    }
    for (const schema::CheckConstraint& check : table.checks) {
        if (!check_on_column(check, table)) {
            lines.push_back(check_clause(check));
        }
    }
    for (const schema::ForeignKey& key : table.foreign_keys) {
        lines.push_back(foreign_key_clause(key));
    }
    return lines;
}

std::string table_options(const schema::Table& table) {
    if (table.without_rowid && table.strict) {
        return " WITHOUT ROWID, STRICT";
    }
    if (table.without_rowid) {
        return " WITHOUT ROWID";
    }
    return table.strict ? " STRICT" : "";
}

// The tokens of the table's name in a CREATE [TEMP] TABLE [IF NOT EXISTS] statement (one, or
// three for `schema.name`); empty when `tokens` is not such a statement.
std::pair<std::size_t, std::size_t> name_tokens(const std::vector<schema::Token>& tokens) {
    std::size_t i = 0;
    auto accept = [&](std::string_view word) {
        if (i < tokens.size() && tokens[i].is_word(word)) {
            ++i;
            return true;
        }
        return false;
    };
    if (!accept("CREATE")) {
        return {0, 0};
    }
    if (!accept("TEMP")) {
        accept("TEMPORARY");
    }
    if (!accept("TABLE")) {
        return {0, 0};
    }
    if (accept("IF")) {
        accept("NOT");
        accept("EXISTS");
    }
    if (i >= tokens.size()) {
        return {0, 0};
    }
    bool qualified = i + 2 < tokens.size() && tokens[i + 1].is_punctuation(".");
    return {i, qualified ? i + 3 : i + 1};
}

// `sql` (a CREATE TABLE statement) with the table's name replaced by `name`.
std::string rename_created_table(std::string_view sql, std::string_view name) {
    std::vector<schema::Token> tokens = schema::tokenize(sql);
    auto [first, last] = name_tokens(tokens);
    if (first == last) {
        return std::string(sql);
    }
    std::size_t begin = tokens[first].offset;
    std::size_t end = tokens[last - 1].end();
    return std::string(sql.substr(0, begin)) + quote(name) + std::string(sql.substr(end));
}

// Whether the stored `sql` defines exactly `table`. SQLite reports the primary key columns of a
// WITHOUT ROWID table as NOT NULL whether or not that is written, so the parse is adjusted to
// match before comparing.
bool stored_sql_matches(const schema::Table& table) {
    if (table.sql.empty() || table.kind != schema::TableKind::ordinary) {
        return !table.sql.empty();
    }
    schema::Table parsed;
    try {
        parsed = schema::parse_create_table(table.sql);
    } catch (const schema::SqlSyntaxError&) {
        return false;
    }
    if (parsed.without_rowid) {
        for (schema::Column& column : parsed.columns) {
            if (column.pk_position > 0) {
                column.not_null = true;
            }
        }
    }
    return parsed == table;
}

}  // namespace

std::string quote(std::string_view name) {
    return schema::quoted_identifier(name);
}

std::string quote_collation(std::string_view name) {
    return schema::is_plain_identifier(name) ? std::string(name) : schema::quoted_identifier(name);
}

std::string column_definition(const schema::Column& column, const schema::Table* table,
                              const std::vector<const schema::Index*>& keys) {
    std::string text = quote(column.name);
    if (!column.type.empty()) {
        text += " " + column.type;
    }
    if (table != nullptr && primary_key_on_column(*table) &&
        identifiers_equal(table->primary_key.columns.front(), column.name)) {
        text += " " + primary_key_clause(table->primary_key,
                                         key_index(keys, schema::IndexOrigin::primary_key,
                                                   table->primary_key.columns));
    }
    if (column.not_null) {
        text += " NOT NULL" + conflict_clause(column.not_null_conflict);
    }
    if (column.default_value) {
        text += " DEFAULT " + *column.default_value;
    }
    if (!column.collation.empty()) {
        text += " COLLATE " + quote_collation(column.collation);
    }
    if (column.generated != schema::Generated::none) {
        text += " GENERATED ALWAYS AS (" + column.generated_expression + ")";
        text += column.generated == schema::Generated::stored ? " STORED" : " VIRTUAL";
    }
    if (table != nullptr) {
        for (const schema::CheckConstraint& check : table->checks) {
            if (identifiers_equal(check.column, column.name) && check_on_column(check, *table)) {
                text += " " + check_clause(check);
            }
        }
    }
    return text;
}

std::string added_column_definition(const schema::Column& column,
                                    const std::vector<schema::CheckConstraint>& checks,
                                    const std::vector<schema::ForeignKey>& foreign_keys) {
    std::string text = column_definition(column);
    for (const schema::CheckConstraint& check : checks) {
        text += " " + check_clause(check);
    }
    for (const schema::ForeignKey& key : foreign_keys) {
        text += " " + constraint_name(key.name) + references_clause(key);
    }
    return text;
}

std::vector<const schema::Index*> key_indexes(const schema::Catalog& catalog,
                                              const schema::Table& table) {
    std::vector<const schema::Index*> keys;
    for (const schema::Index* index : catalog.indexes_of(table.name)) {
        if (index->origin != schema::IndexOrigin::create_index) {
            keys.push_back(index);
        }
    }
    return keys;
}

std::string generate_create_table(const schema::Table& table, std::string_view name,
                                  const std::vector<const schema::Index*>& keys) {
    std::vector<std::string> lines;
    for (const schema::Column& column : table.columns) {
        lines.push_back(column_definition(column, &table, keys));
    }
    for (std::string& line : table_constraints(table, keys)) {
        lines.push_back(std::move(line));
    }
    std::string text = "CREATE TABLE " + quote(name) + " (\n";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        text += "    " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    }
    return text + ")" + table_options(table);
}

std::string create_table(const schema::Table& table, std::string_view name,
                         const std::vector<const schema::Index*>& keys) {
    if (!stored_sql_matches(table)) {
        return generate_create_table(table, name, keys);
    }
    std::string sql = statement(table.sql);
    return identifiers_equal(table.name, name) && table.name == name
               ? sql
               : rename_created_table(sql, name);
}

std::string create_index(const schema::Index& index) {
    if (!index.sql.empty()) {
        return statement(index.sql);
    }
    std::string parts;
    for (const schema::IndexPart& part : index.parts) {
        parts += parts.empty() ? "" : ", ";
        // A column named "" has an empty name, like an expression: quote it, or `("" DESC)`
        // would come back as a column named DESC (found by fuzz_create_index).
        parts += !part.is_expression()     ? quote(part.column)
                 : part.expression.empty() ? std::string("\"\"")
                                           : part.expression;
        if (!part.collation.empty() && !identifiers_equal(part.collation, "BINARY")) {
            parts += " COLLATE " + quote_collation(part.collation);
        }
        parts += part.order == schema::SortOrder::desc ? " DESC" : "";
    }
    std::string text = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
                       quote(index.name) + " ON " + quote(index.table) + " (" + parts + ")";
    if (index.where) {
        text += " WHERE " + *index.where;
    }
    return text;
}

std::string statement(std::string_view sql) {
    std::size_t end = sql.size();
    while (end > 0 && (sql[end - 1] == ';' || sql[end - 1] == ' ' || sql[end - 1] == '\n' ||
                       sql[end - 1] == '\t' || sql[end - 1] == '\r')) {
        --end;
    }
    return defuse_directive_comments(sql.substr(0, end));
}

std::string defuse_directive_comments(std::string_view sql) {
    std::string text(sql);
    if (text.find("mig:") == std::string::npos) {
        return text;  // the common case costs no tokenizing
    }
    std::vector<schema::Token> tokens = schema::tokenize(text);
    auto inside_token = [&](std::size_t at) {
        return std::any_of(tokens.begin(), tokens.end(), [&](const schema::Token& token) {
            return at >= token.offset && at < token.end();
        });
    };
    // Back to front, so that earlier offsets stay valid while inserting.
    for (std::size_t line_start = text.size(); line_start-- > 0;) {
        if (line_start != 0 && text[line_start - 1] != '\n') {
            continue;
        }
        std::size_t at = line_start;
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) {
            ++at;
        }
        if (text.compare(at, 2, "--") != 0 || inside_token(at)) {
            continue;
        }
        std::size_t word = at + 2;
        while (word < text.size() && (text[word] == ' ' || text[word] == '\t')) {
            ++word;
        }
        if (text.compare(word, 4, "mig:") == 0) {
            text.insert(word + 3, " ");  // `-- mig :` is a plain comment to mig's parser
        }
    }
    return text;
}

}  // namespace mig::autogen::sqlite
