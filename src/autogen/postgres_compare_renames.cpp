#include "autogen/compare_detail.hpp"
#include "autogen/postgres_compare_detail.hpp"
#include "schema/postgres_names.hpp"
#include "util/error.hpp"
#include "util/spelling.hpp"

#include <algorithm>

// --rename on PostgreSQL: resolving the hints against both catalogs, and `current` rewritten
// as the server leaves it after ALTER TABLE ... RENAME (which follows the rename into
// constraints, indexes, triggers and views, by object id rather than by text).

namespace mig::autogen::pg::detail {

namespace {

using schema::pg::display_name;
using schema::pg::qualified;

using ColumnRenames = std::map<std::string, std::string>;  // old -> new

std::string hint_words(const RenameHint& hint) {
    return "--rename " + autogen::detail::rename_flag(hint.table, hint.from, hint.to);
}

std::vector<std::string> table_names(const cat::Catalog& catalog) {
    std::vector<std::string> names;
    for (const auto& [name, table] : catalog.tables) {
        names.push_back(display_name(name));
    }
    return names;
}

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) {
    auto close = util::closest_matches(word, candidates, 1);
    return close.empty() ? "" : "did you mean " + close.front() + "?";
}

std::string lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text;
}

// A table of `catalog` named `name` without a schema: the public schema's, else the one schema
// that has it; as written, else folded to lower case as PostgreSQL folds an unquoted name.
const cat::Table* find_qualified(const cat::Catalog& catalog, const std::string& schema,
                                 const std::string& name);

// `schema.table` (one name in quotes: `"app.users".email=mail`) names a table of that schema.
const cat::Table* find_table(const cat::Catalog& catalog, const std::string& name) {
    if (std::size_t dot = name.find('.'); dot != std::string::npos) {
        if (const cat::Table* table =
                find_qualified(catalog, name.substr(0, dot), name.substr(dot + 1))) {
            return table;
        }
    }
    for (const std::string& candidate : {name, lower(name)}) {
        if (auto found = catalog.tables.find({"public", candidate});
            found != catalog.tables.end()) {
            return &found->second;
        }
        const cat::Table* only = nullptr;
        int count = 0;
        for (const auto& [key, table] : catalog.tables) {
            if (key.name == candidate) {
                only = &table;
                ++count;
            }
        }
        if (count == 1) {
            return only;
        }
    }
    return nullptr;
}

const cat::Table* find_qualified(const cat::Catalog& catalog, const std::string& schema,
                                 const std::string& name) {
    for (const auto& key :
         {cat::QualifiedName{schema, name}, cat::QualifiedName{lower(schema), lower(name)}}) {
        if (auto found = catalog.tables.find(key); found != catalog.tables.end()) {
            return &found->second;
        }
    }
    return nullptr;
}

const cat::Column* find_column(const cat::Table& table, const std::string& name) {
    for (const std::string& candidate : {name, lower(name)}) {
        for (const auto& column : table.columns) {
            if (column.name == candidate) {
                return &column;
            }
        }
    }
    return nullptr;
}

struct Resolved {
    std::map<cat::QualifiedName, cat::QualifiedName> tables;  // old -> new
    std::map<cat::QualifiedName, ColumnRenames> columns;      // by the OLD table name
    Operations operations;
};

void resolve_table(const cat::Catalog& current, const cat::Catalog& desired, const RenameHint& hint,
                   const cat::Table& from, Resolved& resolved) {
    const cat::Table* to = find_qualified(desired, from.name.schema, hint.to);
    if (to == nullptr) {
        throw InputError(hint_words(hint) + ": the model has no table " +
                             display_name({from.name.schema, hint.to}),
                         suggestion(hint.to, table_names(desired)));
    }
    if (desired.tables.count(from.name) != 0 || current.tables.count(to->name) != 0) {
        throw InputError(hint_words(hint) + ": both tables exist on both sides; nothing to rename");
    }
    if (!resolved.tables.emplace(from.name, to->name).second) {
        throw InputError(hint_words(hint) + ": table " + display_name(from.name) +
                         " is renamed twice");
    }
    resolved.operations.emplace_back(ops::pg::RenameTable{from.name, to->name.name});
}

// The current table a column hint's table names (by its old or its new name).
const cat::Table* hinted_table(const cat::Catalog& current, const cat::Catalog& desired,
                               const std::string& name, const Resolved& resolved) {
    if (const cat::Table* table = find_table(current, name)) {
        return table;
    }
    if (const cat::Table* renamed = find_table(desired, name)) {
        for (const auto& [old_name, new_name] : resolved.tables) {
            if (new_name == renamed->name) {
                return &current.tables.at(old_name);
            }
        }
    }
    return nullptr;
}

void resolve_column(const cat::Catalog& desired, const RenameHint& hint, const cat::Table& table,
                    Resolved& resolved) {
    auto new_name = resolved.tables.find(table.name);
    const cat::QualifiedName desired_name =
        new_name == resolved.tables.end() ? table.name : new_name->second;
    auto desired_table = desired.tables.find(desired_name);
    if (desired_table == desired.tables.end()) {
        throw InputError(hint_words(hint) + ": the model has no table " +
                         display_name(desired_name));
    }
    const cat::Column* from = find_column(table, hint.from);
    const cat::Column* to = find_column(desired_table->second, hint.to);
    if (to == nullptr) {
        std::vector<std::string> names;
        for (const auto& column : desired_table->second.columns) {
            names.push_back(column.name);
        }
        throw InputError(hint_words(hint) + ": the model's table " + display_name(desired_name) +
                             " has no column " + hint.to,
                         suggestion(hint.to, names));
    }
    if (find_column(desired_table->second, from->name) != nullptr ||
        find_column(table, to->name) != nullptr) {
        throw InputError(hint_words(hint) +
                         ": both columns exist on both sides; nothing to rename");
    }
    resolved.columns[table.name].emplace(from->name, to->name);
    resolved.operations.emplace_back(ops::pg::RenameColumn{desired_name, from->name, to->name});
}

Resolved resolve(const cat::Catalog& current, const cat::Catalog& desired,
                 const std::vector<RenameHint>& hints) {
    Resolved resolved;
    std::vector<const RenameHint*> column_hints;
    // Table renames first: a column hint may name its table by the old or the new name.
    for (const RenameHint& hint : hints) {
        if (hint.table.empty()) {
            const cat::Table* from = find_table(current, hint.from);
            if (from == nullptr) {
                throw InputError(hint_words(hint) + ": the migrations have no table " + hint.from,
                                 suggestion(hint.from, table_names(current)));
            }
            resolve_table(current, desired, hint, *from, resolved);
            continue;
        }
        // `a.b=c`: a column b of table a, else table b of schema a
        // A column of the table wins over a table of the schema; anything else is a column
        // hint that reports what it does not find.
        const cat::Table* table = find_table(current, hint.table);
        const bool names_column = table != nullptr && find_column(*table, hint.from) != nullptr;
        const cat::Table* qualified_table =
            names_column ? nullptr : find_qualified(current, hint.table, hint.from);
        if (qualified_table != nullptr) {
            resolve_table(current, desired, hint, *qualified_table, resolved);
        } else {
            column_hints.push_back(&hint);
        }
    }
    for (const RenameHint* hint : column_hints) {
        const cat::Table* table = hinted_table(current, desired, hint->table, resolved);
        if (table == nullptr) {
            throw InputError(hint_words(*hint) + ": no table " + hint->table +
                                 " in the migrations (nor a schema with a table " + hint->from +
                                 ")",
                             suggestion(hint->table, table_names(current)));
        }
        if (find_column(*table, hint->from) == nullptr) {
            std::vector<std::string> names;
            for (const auto& column : table->columns) {
                names.push_back(column.name);
            }
            throw InputError(hint_words(*hint) + ": table " + display_name(table->name) +
                                 " has no column " + hint->from,
                             suggestion(hint->from, names));
        }
        resolve_column(desired, *hint, *table, resolved);
    }
    return resolved;
}

std::string rewrite_after(const std::string& text, const std::string& marker,
                          const ColumnRenames& renames) {
    std::size_t at = text.find(marker);
    if (at == std::string::npos || renames.empty()) {
        return text;
    }
    return text.substr(0, at) + schema::pg::rename_identifiers(text.substr(at), renames);
}

class Renamer {
public:
    explicit Renamer(const Resolved& resolved) : m_resolved(resolved) {}

    cat::QualifiedName table(const cat::QualifiedName& name) const {
        auto found = m_resolved.tables.find(name);
        return found == m_resolved.tables.end() ? name : found->second;
    }
    const ColumnRenames& columns(const cat::QualifiedName& old_table) const {
        static const ColumnRenames k_none;
        auto found = m_resolved.columns.find(old_table);
        return found == m_resolved.columns.end() ? k_none : found->second;
    }
    std::string column(const cat::QualifiedName& old_table, const std::string& name) const {
        const ColumnRenames& renames = columns(old_table);
        auto found = renames.find(name);
        return found == renames.end() ? name : found->second;
    }
    // Every renamed table's qualified name in `text`.
    std::string tables_in(std::string text) const {
        for (const auto& [from, to] : m_resolved.tables) {
            text = schema::pg::rename_qualified(text, from, to);
        }
        return text;
    }

    cat::Constraint constraint(const cat::QualifiedName& old_table, cat::Constraint c) const {
        const ColumnRenames& own = columns(old_table);
        for (std::string& name : c.columns) {
            name = column(old_table, name);
        }
        if (c.kind != cat::ConstraintKind::foreign_key) {
            c.definition = schema::pg::rename_identifiers(c.definition, own);
            return c;
        }
        std::size_t at = c.definition.find(" REFERENCES ");
        std::string left = c.definition.substr(0, at);
        std::string right = at == std::string::npos ? "" : c.definition.substr(at);
        left = schema::pg::rename_identifiers(left, own);
        if (c.referenced_table) {
            const ColumnRenames& referenced = columns(*c.referenced_table);
            std::size_t open = right.find('(');
            if (open != std::string::npos && !referenced.empty()) {
                std::size_t close = right.find(')', open);
                right =
                    right.substr(0, open) +
                    schema::pg::rename_identifiers(right.substr(open, close - open), referenced) +
                    right.substr(close);
            }
            right = tables_in(right);
            c.referenced_table = table(*c.referenced_table);
        }
        c.definition = left + right;
        return c;
    }

    cat::Table table_of(const cat::Table& original) const {
        cat::Table t = original;
        const ColumnRenames& own = columns(original.name);
        for (cat::Column& c : t.columns) {
            c.name = column(original.name, c.name);
            if (c.generated) {
                c.generated = schema::pg::rename_identifiers(*c.generated, own);
            }
        }
        for (cat::Constraint& c : t.constraints) {
            c = constraint(original.name, c);
        }
        t.name = table(original.name);
        return t;
    }

private:
    const Resolved& m_resolved;
};

}  // namespace

Renamed apply_renames(const cat::Catalog& current, const cat::Catalog& desired,
                      const std::vector<RenameHint>& hints) {
    const Resolved resolved = resolve(current, desired, hints);
    Renamed result;
    result.operations = resolved.operations;
    if (resolved.operations.empty()) {
        result.catalog = current;
        return result;
    }
    const Renamer renamer(resolved);
    cat::Catalog& out = result.catalog;
    out.schemas = current.schemas;
    out.schema_comments = current.schema_comments;
    out.enums = current.enums;
    out.domains = current.domains;
    out.functions = current.functions;
    out.extensions = current.extensions;
    for (const auto& [name, table] : current.tables) {
        cat::Table renamed = renamer.table_of(table);
        out.tables.emplace(renamed.name, std::move(renamed));
    }
    for (const auto& [name, original] : current.indexes) {
        cat::Index index = original;
        index.definition = rewrite_after(renamer.tables_in(index.definition), " USING ",
                                         renamer.columns(original.table));
        index.table = renamer.table(original.table);
        out.indexes.emplace(name, std::move(index));
    }
    for (const auto& [name, original] : current.views) {
        cat::View view = original;
        view.definition = renamer.tables_in(view.definition);
        for (auto& dependency : view.depends_on) {
            dependency = renamer.table(dependency);
        }
        out.views.emplace(name, std::move(view));
    }
    for (const auto& [name, original] : current.sequences) {
        cat::Sequence sequence = original;
        if (sequence.owned_by_table) {
            sequence.owned_by_column =
                renamer.column(*sequence.owned_by_table, sequence.owned_by_column);
            sequence.owned_by_table = renamer.table(*sequence.owned_by_table);
        }
        out.sequences.emplace(name, std::move(sequence));
    }
    for (const auto& [key, original] : current.triggers) {
        cat::Trigger trigger = original;
        trigger.table = renamer.table(original.table);
        trigger.definition = renamer.tables_in(trigger.definition);
        result.trigger_keys.emplace(std::make_pair(trigger.table, trigger.name), key);
        out.triggers.emplace(std::make_pair(trigger.table, trigger.name), std::move(trigger));
    }
    return result;
}

void rename_owned_sequences(Renamed& renamed, const cat::Catalog& desired) {
    cat::Catalog& current = renamed.catalog;
    std::vector<std::pair<cat::QualifiedName, cat::QualifiedName>> pairs;
    for (const auto& [name, sequence] : current.sequences) {
        if (!sequence.owned_by_table || desired.sequences.count(name) != 0) {
            continue;
        }
        for (const auto& [other, wanted] : desired.sequences) {
            if (current.sequences.count(other) == 0 && other.schema == name.schema &&
                wanted.owned_by_table == sequence.owned_by_table &&
                wanted.owned_by_column == sequence.owned_by_column) {
                pairs.emplace_back(name, other);
                break;
            }
        }
    }
    for (const auto& [from, to] : pairs) {
        cat::Sequence sequence = current.sequences.at(from);
        current.sequences.erase(from);
        sequence.name = to;
        current.sequences.emplace(to, std::move(sequence));
        // the server prints a default by the sequence's current name
        const std::string old_text = schema::pg::quote_literal(qualified(from)) + "::regclass";
        const std::string new_text = schema::pg::quote_literal(qualified(to)) + "::regclass";
        for (auto& [table_name, table] : current.tables) {
            for (cat::Column& column : table.columns) {
                if (column.default_value) {
                    for (std::size_t at = column.default_value->find(old_text);
                         at != std::string::npos;
                         at = column.default_value->find(old_text, at + new_text.size())) {
                        column.default_value->replace(at, old_text.size(), new_text);
                    }
                }
                if (column.owned_sequence == from) {
                    column.owned_sequence = to;
                }
            }
        }
        renamed.operations.emplace_back(ops::pg::RenameSequence{from, to.name});
    }
}

namespace {

bool same_shape(const cat::Column& a, const cat::Column& b) {
    return a.type == b.type && a.not_null == b.not_null && a.identity == b.identity &&
           a.generated == b.generated && a.collation == b.collation;
}

bool same_table_shape(const cat::Table& a, const cat::Table& b) {
    return a.columns.size() == b.columns.size() &&
           std::equal(a.columns.begin(), a.columns.end(), b.columns.begin(),
                      [](const cat::Column& x, const cat::Column& y) {
                          return x.name == y.name && same_shape(x, y);
                      });
}

std::string flag_table(const cat::QualifiedName& name) {
    return name.schema == "public" ? name.name : "";
}

}  // namespace

std::vector<LikelyRename> likely_renames(const cat::Catalog& current, const cat::Catalog& desired) {
    std::vector<LikelyRename> found;
    std::vector<const cat::Table*> added;
    for (const auto& [name, table] : desired.tables) {
        if (current.tables.count(name) == 0) {
            added.push_back(&table);
        }
    }
    for (const auto& entry : current.tables) {
        // Named, not structured bindings: clang 14 cannot capture those in a lambda.
        const cat::QualifiedName& name = entry.first;
        const cat::Table& table = entry.second;
        auto in_desired = desired.tables.find(name);
        if (in_desired == desired.tables.end()) {
            auto match = std::find_if(added.begin(), added.end(), [&](const cat::Table* t) {
                return t != nullptr && t->name.schema == name.schema && same_table_shape(table, *t);
            });
            if (match != added.end()) {
                std::string flag =
                    name.schema == "public"
                        ? autogen::detail::rename_flag("", name.name, (*match)->name.name)
                        : autogen::detail::rename_flag(name.schema, name.name, (*match)->name.name);
                found.push_back({"", display_name(name), display_name((*match)->name), flag});
                *match = nullptr;
            }
            continue;
        }
        const cat::Table& other = in_desired->second;
        std::vector<const cat::Column*> new_columns;
        for (const auto& column : other.columns) {
            if (std::none_of(table.columns.begin(), table.columns.end(),
                             [&](const cat::Column& c) { return c.name == column.name; })) {
                new_columns.push_back(&column);
            }
        }
        for (const auto& column : table.columns) {
            if (std::any_of(other.columns.begin(), other.columns.end(),
                            [&](const cat::Column& c) { return c.name == column.name; })) {
                continue;
            }
            auto match =
                std::find_if(new_columns.begin(), new_columns.end(), [&](const cat::Column* c) {
                    return c != nullptr && same_shape(column, *c) &&
                           c->default_value == column.default_value;
                });
            if (match != new_columns.end()) {
                const std::string table_flag =
                    flag_table(name).empty() ? name.schema + "." + name.name : name.name;
                found.push_back(
                    {display_name(name), column.name, (*match)->name,
                     autogen::detail::rename_flag(table_flag, column.name, (*match)->name)});
                *match = nullptr;
            }
        }
    }
    return found;
}

}  // namespace mig::autogen::pg::detail
