#include "autogen/compare_detail.hpp"
#include "schema/identifier.hpp"
#include "schema/normalize.hpp"
#include "schema/token.hpp"

#include <algorithm>
#include <optional>

// One table's diff: plain ALTER TABLE when SQLite can do everything that changed, else a
// single RebuildTable. The limits are SQLite's (lang_altertable.html), applied conservatively:
// when in doubt, rebuild (a rebuild is always correct, an ALTER that SQLite refuses is not).

namespace mig::autogen::detail {

namespace {

bool contains_name(const std::vector<std::string>& names, std::string_view name) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return schema::identifiers_equal(n, name); });
}

// Does SQL text name `name` anywhere (as a bare or quoted word, or a string used as a name)?
bool mentions(std::string_view sql, std::string_view name) {
    std::string folded = schema::fold_identifier(name);
    for (const schema::Token& token : schema::tokenize(sql)) {
        if ((token.can_be_name()) &&
            schema::fold_identifier(schema::token_value(token)) == folded) {
            return true;
        }
    }
    return false;
}

bool index_mentions(const schema::Index& index, std::string_view column) {
    if (index.where && mentions(*index.where, column)) {
        return true;
    }
    return std::any_of(index.parts.begin(), index.parts.end(), [&](const schema::IndexPart& p) {
        return p.is_expression() ? mentions(p.expression, column)
                                 : schema::identifiers_equal(p.column, column);
    });
}

bool referenced_from_elsewhere(const schema::Catalog& survivors, const schema::Table& table,
                               std::string_view column) {
    for (const auto& [key, other] : survivors.tables) {
        for (const schema::ForeignKey& fk : other.foreign_keys) {
            if (schema::identifiers_equal(fk.referenced_table, table.name) &&
                contains_name(fk.referenced_columns, column)) {
                return true;
            }
        }
    }
    return false;
}

bool addable(const schema::Table& table, const schema::Column& column);

// SQLite's DROP COLUMN refuses a column in the primary key, a UNIQUE constraint, an index, a
// foreign key, a CHECK, a generated column, a view or a trigger. Any mention counts.
bool droppable(const schema::Catalog& survivors, const schema::Table& table,
               const schema::Column& column) {
    const std::string& name = column.name;
    // The downgrade ADDs the column back: one that ADD COLUMN refuses (a STORED generated
    // column, a non-constant default such as CURRENT_TIMESTAMP or (1 + 2), NOT NULL without a
    // default) is dropped by a rebuild, whose reverse is a rebuild too.
    if (!addable(table, column)) {
        return false;
    }
    if (column.pk_position != 0 || contains_name(table.primary_key.columns, name)) {
        return false;
    }
    for (const auto& unique : table.unique_constraints) {
        if (contains_name(unique.columns, name)) {
            return false;
        }
    }
    for (const auto& fk : table.foreign_keys) {
        if (contains_name(fk.columns, name)) {
            return false;
        }
    }
    for (const auto& check : table.checks) {
        if (schema::identifiers_equal(check.column, name) || mentions(check.expression, name)) {
            return false;
        }
    }
    for (const auto& other : table.columns) {
        if (other.generated != schema::Generated::none &&
            mentions(other.generated_expression, name)) {
            return false;
        }
    }
    for (const schema::Index* index : survivors.indexes_of(table.name)) {
        if (index_mentions(*index, name)) {
            return false;
        }
    }
    for (const auto& [key, view] : survivors.views) {
        if (mentions(view.sql, name)) {
            return false;
        }
    }
    for (const auto& [key, trigger] : survivors.triggers) {
        if (mentions(trigger.sql, name)) {
            return false;
        }
    }
    return !referenced_from_elsewhere(survivors, table, name);
}

// A default SQLite's ADD COLUMN accepts: a constant literal, optionally signed (not
// CURRENT_TIME/DATE/TIMESTAMP, not an expression). NULL counts as no default.
enum class DefaultKind { none, constant, other };

DefaultKind default_kind(const schema::Column& column) {
    if (!column.default_value) {
        return DefaultKind::none;
    }
    std::string normalized = schema::normalize_expression(*column.default_value);
    auto tokens = schema::tokenize(normalized);
    std::size_t at = 0;
    if (tokens.size() == 2 && (tokens[0].is_punctuation("-") || tokens[0].is_punctuation("+"))) {
        at = 1;
    }
    if (tokens.size() != at + 1) {
        return DefaultKind::other;
    }
    const schema::Token& literal = tokens[at];
    if (literal.is_word("null")) {
        return at == 0 ? DefaultKind::none : DefaultKind::other;
    }
    bool constant =
        literal.is(schema::TokenKind::number) ||
        (at == 0 && (literal.is(schema::TokenKind::string) || literal.is(schema::TokenKind::blob) ||
                     literal.is_word("true") || literal.is_word("false")));
    return constant ? DefaultKind::constant : DefaultKind::other;
}

// TRUE or FALSE as the default of a column of TEXT affinity: ADD COLUMN leaves the existing
// rows reading the integer, where any inserted row would hold the text '1', and SQLite's
// integrity_check then reports "NUMERIC value in T.C". A rebuild inserts the rows instead.
bool boolean_default_on_text(const schema::Column& column) {
    if (!column.default_value) {
        return false;
    }
    std::string value = schema::normalize_expression(*column.default_value);
    std::string type = schema::fold_identifier(column.type);
    bool boolean =
        schema::identifiers_equal(value, "true") || schema::identifiers_equal(value, "false");
    bool text = type.find("char") != std::string::npos || type.find("clob") != std::string::npos ||
                type.find("text") != std::string::npos;
    return boolean && text && type.find("int") == std::string::npos;
}

bool has_own_foreign_key(const schema::Table& table, const schema::Column& column) {
    return std::any_of(table.foreign_keys.begin(), table.foreign_keys.end(), [&](const auto& fk) {
        return fk.columns.size() == 1 && schema::identifiers_equal(fk.columns[0], column.name);
    });
}

// SQLite's ADD COLUMN: not in the primary key or a UNIQUE constraint, not STORED, a constant
// default (required and non-NULL with NOT NULL; NULL with REFERENCES).
bool addable(const schema::Table& table, const schema::Column& column) {
    if (column.pk_position != 0 || contains_name(table.primary_key.columns, column.name) ||
        column.generated == schema::Generated::stored) {
        return false;
    }
    for (const auto& unique : table.unique_constraints) {
        if (contains_name(unique.columns, column.name)) {
            return false;
        }
    }
    if (boolean_default_on_text(column)) {
        return false;
    }
    DefaultKind kind = default_kind(column);
    if (kind == DefaultKind::other || (column.not_null && kind != DefaultKind::constant)) {
        return false;
    }
    return !(kind == DefaultKind::constant && has_own_foreign_key(table, column));
}

// The constraints ADD COLUMN brings along: the column's own CHECKs and single-column foreign
// keys. They are written on the column, where SQLite keeps them.
ops::AddColumn add_column(const schema::Table& desired, const schema::Column& column) {
    ops::AddColumn op{desired.name, column};
    for (const auto& check : desired.checks) {
        if (schema::identifiers_equal(check.column, column.name)) {
            op.checks.push_back(check);
        }
    }
    for (const auto& fk : desired.foreign_keys) {
        if (fk.columns.size() == 1 && schema::identifiers_equal(fk.columns[0], column.name)) {
            op.foreign_keys.push_back(fk);
        }
    }
    return op;
}

std::optional<std::vector<ops::Operation>> try_alter(const schema::Catalog& survivors,
                                                     const schema::Table& current,
                                                     const schema::Table& desired) {
    std::vector<ops::Operation> drops;
    schema::Table simulated = current;
    simulated.columns.clear();
    bool dropped_one = false;
    for (const schema::Column& column : current.columns) {
        if (desired.find_column(column.name) != nullptr) {
            // The downgrade re-adds dropped columns with ADD COLUMN, which appends: only a
            // trailing run of columns can be dropped in place and restored in its order.
            if (dropped_one) {
                return std::nullopt;
            }
            simulated.columns.push_back(column);
        } else if (droppable(survivors, current, column)) {
            drops.emplace_back(ops::DropColumn{desired.name, column});
            dropped_one = true;
        } else {
            return std::nullopt;
        }
    }
    // Last column first, so that the reversed list re-adds them in their original order.
    std::reverse(drops.begin(), drops.end());
    if (simulated.columns.empty()) {
        return std::nullopt;  // SQLite cannot drop a table's last column
    }
    std::vector<ops::Operation> adds;
    for (const schema::Column& column : desired.columns) {
        if (current.find_column(column.name) != nullptr) {
            continue;
        }
        if (!addable(desired, column)) {
            return std::nullopt;
        }
        ops::AddColumn add = add_column(desired, column);
        simulated.columns.push_back(column);
        simulated.checks.insert(simulated.checks.end(), add.checks.begin(), add.checks.end());
        simulated.foreign_keys.insert(simulated.foreign_keys.end(), add.foreign_keys.begin(),
                                      add.foreign_keys.end());
        adds.emplace_back(std::move(add));
    }
    // Whatever else differs (types, order, constraints, ...) is beyond ALTER TABLE.
    if (!(simulated == desired)) {
        return std::nullopt;
    }
    drops.insert(drops.end(), adds.begin(), adds.end());
    return drops;
}

}  // namespace

ops::RebuildTable rebuild_table(const schema::Table& current, const schema::Table& desired) {
    ops::RebuildTable op{current, desired, {}};
    for (const schema::Column& column : desired.columns) {
        const schema::Column* source = current.find_column(column.name);
        if (source != nullptr && column.generated == schema::Generated::none &&
            source->generated == schema::Generated::none) {
            op.column_sources.emplace_back(column.name, source->name);
        }
    }
    return op;
}

std::vector<ops::Operation> diff_table(const schema::Catalog& survivors,
                                       const schema::Table& current, const schema::Table& desired) {
    if (current == desired) {
        return {};
    }
    if (current.kind != schema::TableKind::ordinary ||
        desired.kind != schema::TableKind::ordinary) {
        // A virtual table's module owns its storage: it can only be recreated.
        return {ops::DropTable{current}, ops::CreateTable{desired}};
    }
    if (auto altered = try_alter(survivors, current, desired)) {
        return *altered;
    }
    return {rebuild_table(current, desired)};
}

}  // namespace mig::autogen::detail
