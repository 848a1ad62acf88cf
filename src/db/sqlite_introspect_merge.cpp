#include "db/sqlite_introspect_merge.hpp"

#include "schema/create_index_parser.hpp"
#include "schema/create_table_parser.hpp"
#include "schema/errors.hpp"
#include "schema/identifier.hpp"
#include "util/error.hpp"

#include <algorithm>

namespace mig::db::detail {

namespace {

using schema::identifiers_equal;

const std::string k_report_hint =
    "mig reads the CREATE statements SQLite stores; please report the statement";

template <typename Parse>
auto parse_or_throw(std::string_view kind, const std::string& name, const std::string& sql,
                    Parse parse) {
    try {
        return parse(sql);
    } catch (const schema::SqlSyntaxError& e) {
        throw InputError(
            "cannot read the definition of " + std::string(kind) + " \"" + name + "\": " + e.what(),
            k_report_hint);
    }
}

schema::ForeignKeyAction action_of(std::string_view text) {
    if (text == "CASCADE") {
        return schema::ForeignKeyAction::cascade;
    }
    if (text == "SET NULL") {
        return schema::ForeignKeyAction::set_null;
    }
    if (text == "SET DEFAULT") {
        return schema::ForeignKeyAction::set_default;
    }
    if (text == "RESTRICT") {
        return schema::ForeignKeyAction::restrict;
    }
    return schema::ForeignKeyAction::no_action;
}

schema::Generated generated_of(int hidden) {
    switch (hidden) {
        case 2:
            return schema::Generated::virtual_column;
        case 3:
            return schema::Generated::stored;
        default:
            return schema::Generated::none;
    }
}

schema::Column merge_column(const PragmaColumn& facts, const schema::Table& parsed) {
    schema::Column column;
    column.name = facts.name;
    column.type = facts.type;
    column.not_null = facts.not_null;
    column.pk_position = facts.pk;
    column.hidden = facts.hidden == 1;
    column.generated = generated_of(facts.hidden);
    column.default_value = facts.default_value;
    if (const schema::Column* written = parsed.find_column(facts.name)) {
        // SQLite reports `DEFAULT (1+2)` as `1+2`, which cannot be rendered back.
        if (written->default_value) {
            column.default_value = written->default_value;
        }
        column.not_null_conflict = written->not_null_conflict;
        column.collation = written->collation;
        column.generated_expression = written->generated_expression;
    }
    return column;
}

std::vector<std::string> primary_key_columns(const std::vector<schema::Column>& columns) {
    std::vector<const schema::Column*> in_key;
    for (const schema::Column& column : columns) {
        if (column.pk_position > 0) {
            in_key.push_back(&column);
        }
    }
    std::sort(in_key.begin(), in_key.end(),
              [](const auto* a, const auto* b) { return a->pk_position < b->pk_position; });
    std::vector<std::string> names;
    names.reserve(in_key.size());
    for (const schema::Column* column : in_key) {
        names.push_back(column->name);
    }
    return names;
}

bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const auto& x, const auto& y) { return identifiers_equal(x, y); });
}

// The written foreign key that `facts` reports, not yet taken by an earlier one.
const schema::ForeignKey* find_written(const PragmaForeignKey& facts, const schema::Table& parsed,
                                       std::vector<bool>& used) {
    for (std::size_t i = 0; i < parsed.foreign_keys.size(); ++i) {
        const schema::ForeignKey& written = parsed.foreign_keys[i];
        if (!used[i] && identifiers_equal(written.referenced_table, facts.table) &&
            same_names(written.columns, facts.from)) {
            used[i] = true;
            return &written;
        }
    }
    return nullptr;
}

// SQLite numbers foreign keys from the last declared, so descending ids are declaration order.
std::vector<schema::ForeignKey> merge_foreign_keys(std::vector<PragmaForeignKey> facts,
                                                   const schema::Table& parsed) {
    std::sort(facts.begin(), facts.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
    std::vector<bool> used(parsed.foreign_keys.size(), false);
    std::vector<schema::ForeignKey> keys;
    for (const PragmaForeignKey& fact : facts) {
        schema::ForeignKey key;
        key.columns = fact.from;
        key.referenced_table = fact.table;
        bool implied = std::all_of(fact.to.begin(), fact.to.end(),
                                   [](const auto& column) { return !column.has_value(); });
        for (const auto& column : fact.to) {
            if (!implied) {
                key.referenced_columns.push_back(column.value_or(""));
            }
        }
        key.on_delete = action_of(fact.on_delete);
        key.on_update = action_of(fact.on_update);
        key.match = fact.match == "NONE" ? "" : fact.match;
        if (const schema::ForeignKey* written = find_written(fact, parsed, used)) {
            key.name = written->name;
            key.deferrable = written->deferrable;
            key.match = written->match;  // SQLite reports NONE whatever was written
        }
        keys.push_back(std::move(key));
    }
    return keys;
}

schema::IndexOrigin origin_of(std::string_view origin) {
    if (origin == "u") {
        return schema::IndexOrigin::unique_constraint;
    }
    if (origin == "pk") {
        return schema::IndexOrigin::primary_key;
    }
    return schema::IndexOrigin::create_index;
}

schema::IndexPart merge_part(const PragmaIndexColumn& facts, const schema::IndexPart* written) {
    schema::IndexPart part;
    part.collation = facts.collation;
    part.order = facts.desc ? schema::SortOrder::desc : schema::SortOrder::asc;
    if (facts.cid == -2) {
        part.expression = written != nullptr ? written->expression : "";
    } else {
        part.column = facts.cid == -1 ? "rowid" : facts.name;
    }
    return part;
}

}  // namespace

schema::Table merge_table(const PragmaTable& facts) {
    schema::Table parsed =
        parse_or_throw("table", facts.name, facts.sql, schema::parse_create_table);
    schema::Table table;
    table.name = facts.name;
    table.sql = facts.sql;
    table.without_rowid = facts.without_rowid;
    table.strict = facts.strict;
    for (const PragmaColumn& column : facts.columns) {
        table.columns.push_back(merge_column(column, parsed));
    }
    table.primary_key = parsed.primary_key;
    table.primary_key.columns = primary_key_columns(table.columns);
    table.unique_constraints = std::move(parsed.unique_constraints);
    table.checks = std::move(parsed.checks);
    table.foreign_keys = merge_foreign_keys(facts.foreign_keys, parsed);
    return table;
}

schema::Table merge_virtual_table(const std::string& name, const std::string& sql) {
    schema::Table table = parse_or_throw("table", name, sql, schema::parse_create_table);
    table.name = name;
    return table;
}

schema::Index merge_index(const PragmaIndex& facts) {
    schema::Index index;
    if (!facts.sql.empty()) {
        index = parse_or_throw("index", facts.name, facts.sql, schema::parse_create_index);
        if (index.parts.size() != facts.columns.size()) {
            throw InputError("cannot read the definition of index \"" + facts.name +
                                 "\": " + std::to_string(index.parts.size()) +
                                 " parts written, SQLite reports " +
                                 std::to_string(facts.columns.size()),
                             k_report_hint);
        }
    }
    std::vector<schema::IndexPart> written = std::move(index.parts);
    index.name = facts.name;
    index.table = facts.table;
    index.unique = facts.unique;
    index.origin = origin_of(facts.origin);
    index.sql = facts.sql;
    index.parts.clear();
    for (std::size_t i = 0; i < facts.columns.size(); ++i) {
        index.parts.push_back(
            merge_part(facts.columns[i], i < written.size() ? &written[i] : nullptr));
    }
    return index;
}

}  // namespace mig::db::detail
