#include "autogen/compare_detail.hpp"
#include "schema/identifier.hpp"
#include "util/error.hpp"
#include "util/spelling.hpp"

#include <algorithm>

namespace mig::autogen {

namespace {

const char* const k_rename_forms =
    "expected OLD_TABLE=NEW_TABLE or TABLE.OLD_COLUMN=NEW_COLUMN; write a name that contains "
    "'.', '=' or '\"' in double quotes, doubling inner quotes";

[[noreturn]] void bad_rename(const std::string& argument, const std::string& why) {
    throw InputError("invalid --rename '" + argument + "': " + why, k_rename_forms);
}

// One name at `at`: "quoted" (with "" for a quote) or bare up to the next `.` or `=`.
std::string read_name(const std::string& argument, std::size_t& at) {
    std::string name;
    if (at < argument.size() && argument[at] == '"') {
        for (++at; at < argument.size(); ++at) {
            if (argument[at] == '"') {
                if (at + 1 < argument.size() && argument[at + 1] == '"') {
                    name += '"';
                    ++at;
                    continue;
                }
                ++at;
                return name;
            }
            name += argument[at];
        }
        bad_rename(argument, "unterminated quote");
    }
    while (at < argument.size() && argument[at] != '.' && argument[at] != '=') {
        name += argument[at++];
    }
    if (name.empty()) {
        bad_rename(argument, "empty name");
    }
    return name;
}

std::string flag_name(std::string_view name) {
    bool plain = !name.empty() && name.find_first_of(".=\"") == std::string_view::npos &&
                 name.front() != ' ' && name.back() != ' ';
    return plain ? std::string(name) : schema::quoted_identifier(name);
}

}  // namespace

RenameHint parse_rename(const std::string& argument) {
    std::size_t at = 0;
    std::vector<std::string> left{read_name(argument, at)};
    while (at < argument.size() && argument[at] == '.') {
        ++at;
        left.push_back(read_name(argument, at));
    }
    if (at >= argument.size() || argument[at] != '=') {
        bad_rename(argument, "missing '='");
    }
    ++at;
    std::string right = read_name(argument, at);
    if (at != argument.size()) {
        bad_rename(argument, "unexpected '" + argument.substr(at) + "' after the new name");
    }
    if (left.size() > 2) {
        bad_rename(argument, "too many '.'");
    }
    if (left.size() == 2) {
        return {left[0], left[1], right};
    }
    return {"", left[0], right};
}

}  // namespace mig::autogen

namespace mig::autogen::detail {

namespace {

template <typename Map>
std::vector<std::string> names_of(const Map& map) {
    std::vector<std::string> names;
    names.reserve(map.size());
    for (const auto& [key, value] : map) {
        names.push_back(value.name);
    }
    return names;
}

std::vector<std::string> column_names(const schema::Table& table) {
    std::vector<std::string> names;
    for (const auto& column : table.columns) {
        names.push_back(column.name);
    }
    return names;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
    auto close = util::closest_matches(word, candidates, 1);
    return close.empty() ? "" : "did you mean " + close.front() + "?";
}

std::string hint_words(const RenameHint& hint) {
    return "--rename " + rename_flag(hint.table, hint.from, hint.to);
}

void resolve_table(const schema::Catalog& current, const schema::Catalog& desired,
                   const RenameHint& hint, ResolvedRenames& resolved) {
    const schema::Table* from = current.find_table(hint.from);
    const schema::Table* to = desired.find_table(hint.to);
    if (from == nullptr) {
        throw InputError(hint_words(hint) + ": the migrations have no table " + hint.from,
                         suggestion(hint.from, names_of(current.tables)));
    }
    if (to == nullptr) {
        throw InputError(hint_words(hint) + ": the model has no table " + hint.to,
                         suggestion(hint.to, names_of(desired.tables)));
    }
    if (desired.find_table(hint.from) != nullptr || current.find_table(hint.to) != nullptr) {
        throw InputError(hint_words(hint) + ": both tables exist on both sides; nothing to rename");
    }
    if (!resolved.tables.emplace(schema::fold_identifier(from->name), to->name).second) {
        throw InputError(hint_words(hint) + ": table " + from->name + " is renamed twice");
    }
}

// The current table a column hint means: named by its old or its new name.
const schema::Table* hinted_table(const schema::Catalog& current, const schema::Catalog& desired,
                                  const RenameHint& hint, const ResolvedRenames& resolved,
                                  const schema::Table*& desired_table) {
    for (const auto& [old_key, new_name] : resolved.tables) {
        if (schema::identifiers_equal(new_name, hint.table) ||
            schema::identifiers_equal(old_key, schema::fold_identifier(hint.table))) {
            desired_table = desired.find_table(new_name);
            return current.find_table(old_key);
        }
    }
    desired_table = desired.find_table(hint.table);
    const schema::Table* table = current.find_table(hint.table);
    if (table == nullptr || desired_table == nullptr) {
        throw InputError(hint_words(hint) + ": no table " + hint.table + " on both sides",
                         suggestion(hint.table, names_of(desired.tables)));
    }
    return table;
}

void resolve_column(const schema::Catalog& current, const schema::Catalog& desired,
                    const RenameHint& hint, ResolvedRenames& resolved) {
    const schema::Table* desired_table = nullptr;
    const schema::Table* table = hinted_table(current, desired, hint, resolved, desired_table);
    const schema::Column* from = table->find_column(hint.from);
    const schema::Column* to = desired_table->find_column(hint.to);
    if (from == nullptr) {
        throw InputError(
            hint_words(hint) + ": table " + table->name + " has no column " + hint.from,
            suggestion(hint.from, column_names(*table)));
    }
    if (to == nullptr) {
        throw InputError(hint_words(hint) + ": the model's table " + desired_table->name +
                             " has no column " + hint.to,
                         suggestion(hint.to, column_names(*desired_table)));
    }
    if (desired_table->find_column(hint.from) != nullptr ||
        table->find_column(hint.to) != nullptr) {
        throw InputError(hint_words(hint) +
                         ": both columns exist on both sides; nothing to rename");
    }
    resolved.columns[schema::fold_identifier(table->name)].emplace_back(from->name, to->name);
}

std::string renamed(const std::vector<std::pair<std::string, std::string>>& renames,
                    const std::string& name) {
    for (const auto& [from, to] : renames) {
        if (schema::identifiers_equal(from, name)) {
            return to;
        }
    }
    return name;
}

void rename_all(const std::vector<std::pair<std::string, std::string>>& renames,
                std::vector<std::string>& names) {
    for (std::string& name : names) {
        name = renamed(renames, name);
    }
}

void rename_columns(const std::vector<std::pair<std::string, std::string>>& renames,
                    schema::Table& table) {
    for (schema::Column& column : table.columns) {
        column.name = renamed(renames, column.name);
    }
    rename_all(renames, table.primary_key.columns);
    for (auto& unique : table.unique_constraints) {
        rename_all(renames, unique.columns);
    }
    for (auto& fk : table.foreign_keys) {
        rename_all(renames, fk.columns);
    }
    for (auto& check : table.checks) {
        check.column = check.column.empty() ? "" : renamed(renames, check.column);
    }
}

}  // namespace

ResolvedRenames resolve_renames(const schema::Catalog& current, const schema::Catalog& desired,
                                const std::vector<RenameHint>& hints) {
    ResolvedRenames resolved;
    // Table renames first: a column hint may name its table by the old or the new name.
    for (const RenameHint& hint : hints) {
        if (hint.table.empty()) {
            resolve_table(current, desired, hint, resolved);
        }
    }
    for (const RenameHint& hint : hints) {
        if (!hint.table.empty()) {
            resolve_column(current, desired, hint, resolved);
        }
    }
    return resolved;
}

schema::Catalog apply_renames(const schema::Catalog& current, const ResolvedRenames& renames) {
    static const std::vector<std::pair<std::string, std::string>> k_none;
    auto columns_of = [&](const std::string& table) -> const auto& {
        auto it = renames.columns.find(schema::fold_identifier(table));
        return it == renames.columns.end() ? k_none : it->second;
    };
    auto table_name = [&](const std::string& table) {
        auto it = renames.tables.find(schema::fold_identifier(table));
        return it == renames.tables.end() ? table : it->second;
    };
    schema::Catalog result;
    for (const auto& [key, original] : current.tables) {
        schema::Table table = original;
        rename_columns(columns_of(original.name), table);
        for (auto& fk : table.foreign_keys) {
            rename_all(columns_of(fk.referenced_table), fk.referenced_columns);
            fk.referenced_table = table_name(fk.referenced_table);
        }
        table.name = table_name(original.name);
        result.add(std::move(table));
    }
    for (const auto& [key, original] : current.indexes) {
        schema::Index index = original;
        for (auto& part : index.parts) {
            part.column = part.column.empty() ? "" : renamed(columns_of(index.table), part.column);
        }
        index.table = table_name(index.table);
        result.add(std::move(index));
    }
    for (const auto& [key, view] : current.views) {
        result.add(view);
    }
    for (const auto& [key, original] : current.triggers) {
        schema::Trigger trigger = original;
        trigger.table = table_name(trigger.table);
        result.add(std::move(trigger));
    }
    return result;
}

bool same_column_shape(const schema::Column& a, const schema::Column& b) {
    schema::Column renamed_a = a;
    renamed_a.name = b.name;
    return renamed_a == b;
}

bool same_table_shape(const schema::Table& a, const schema::Table& b) {
    if (a.kind != schema::TableKind::ordinary || b.kind != schema::TableKind::ordinary ||
        a.columns.size() != b.columns.size() || a.without_rowid != b.without_rowid ||
        a.strict != b.strict) {
        return false;
    }
    return std::equal(a.columns.begin(), a.columns.end(), b.columns.begin(), same_column_shape);
}

std::string rename_flag(std::string_view table, std::string_view from, std::string_view to) {
    std::string flag = table.empty() ? "" : flag_name(table) + ".";
    return flag + flag_name(from) + "=" + flag_name(to);
}

std::vector<LikelyRename> likely_column_renames(const schema::Table& current,
                                                const schema::Table& desired) {
    std::vector<const schema::Column*> added;
    for (const auto& column : desired.columns) {
        if (current.find_column(column.name) == nullptr) {
            added.push_back(&column);
        }
    }
    std::vector<LikelyRename> found;
    for (const auto& column : current.columns) {
        if (desired.find_column(column.name) != nullptr) {
            continue;
        }
        auto match = std::find_if(added.begin(), added.end(), [&](const schema::Column* c) {
            return c != nullptr && same_column_shape(column, *c);
        });
        if (match != added.end()) {
            found.push_back({desired.name, column.name, (*match)->name,
                             rename_flag(desired.name, column.name, (*match)->name)});
            *match = nullptr;  // each added column pairs once
        }
    }
    return found;
}

}  // namespace mig::autogen::detail
