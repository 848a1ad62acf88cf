#include "schema/catalog.hpp"

#include "schema/identifier.hpp"
#include "schema/normalize.hpp"

#include <algorithm>

namespace mig::schema {

namespace {

bool names_equal(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::equal(
        a.begin(), a.end(), b.begin(), b.end(),
        [](const std::string& x, const std::string& y) { return identifiers_equal(x, y); });
}

bool expressions_equal(std::string_view a, std::string_view b) {
    return normalize_expression(a) == normalize_expression(b);
}

ConflictAction effective(ConflictAction action) {
    return action == ConflictAction::none ? ConflictAction::abort : action;
}

// No DEFAULT and DEFAULT NULL store the same thing.
std::string default_key(const std::optional<std::string>& value) {
    if (!value) {
        return "null";
    }
    return normalize_expression(*value);
}

std::string collation_key(std::string_view collation) {
    return collation.empty() ? "binary" : fold_identifier(collation);
}

// Sorting keys for constraints compared as sets. Each key carries every field equality looks
// at, so equal keys mean equal constraints and set comparison is sorting plus equality.
std::string names_key(const std::vector<std::string>& names) {
    std::string key;
    for (const std::string& name : names) {
        key += fold_identifier(name);
        key += '\x1f';
    }
    return key;
}

std::string unique_key(const UniqueConstraint& u) {
    return names_key(u.columns) + '\x1e' + fold_identifier(u.name) + '\x1e' +
           std::to_string(static_cast<int>(effective(u.on_conflict)));
}

std::string check_key(const CheckConstraint& c) {
    return normalize_expression(c.expression) + '\x1e' + fold_identifier(c.name);
}

std::string foreign_key_key(const ForeignKey& f) {
    return names_key(f.columns) + '\x1e' + fold_identifier(f.referenced_table) + '\x1e' +
           names_key(f.referenced_columns) + '\x1e' + fold_identifier(f.name) + '\x1e' +
           std::to_string(static_cast<int>(f.on_delete)) + '\x1e' +
           std::to_string(static_cast<int>(f.on_update)) + '\x1e' +
           (f.is_deferred() ? "deferred" : "immediate");
}

template <typename T, typename KeyFn>
bool same_set(const std::vector<T>& a, const std::vector<T>& b, KeyFn key) {
    if (a.size() != b.size()) {
        return false;
    }
    std::vector<std::string> keys_a;
    std::vector<std::string> keys_b;
    keys_a.reserve(a.size());
    keys_b.reserve(b.size());
    for (const T& item : a) {
        keys_a.push_back(key(item));
    }
    for (const T& item : b) {
        keys_b.push_back(key(item));
    }
    std::sort(keys_a.begin(), keys_a.end());
    std::sort(keys_b.begin(), keys_b.end());
    return keys_a == keys_b;
}

template <typename T>
void add_keyed(std::map<std::string, T>& map, T value) {
    std::string key = fold_identifier(value.name);
    map.insert_or_assign(std::move(key), std::move(value));
}

template <typename T>
const T* find_keyed(const std::map<std::string, T>& map, std::string_view name) {
    auto it = map.find(fold_identifier(name));
    return it == map.end() ? nullptr : &it->second;
}

bool is_automatic(const Index& index) {
    return index.origin != IndexOrigin::create_index;
}

std::string index_part_key(const IndexPart& part) {
    return (part.is_expression() ? "expression " + normalize_expression(part.expression)
                                 : "column " + fold_identifier(part.column)) +
           '\x1f' + collation_key(part.collation) + '\x1f' +
           (part.order == SortOrder::desc ? "desc" : "asc");
}

// Everything same_index_content compares, as one string.
std::string index_content_key(const Index& index) {
    std::string key = fold_identifier(index.table) + '\x1e' + (index.unique ? "u" : "-") +
                      std::to_string(static_cast<int>(index.origin)) + '\x1e';
    for (const IndexPart& part : index.parts) {
        key += index_part_key(part) + '\x1d';
    }
    key += '\x1e';
    key += index.where ? "where " + normalize_expression(*index.where) : "";
    return key;
}

std::vector<std::string> automatic_index_keys(const std::map<std::string, Index>& indexes) {
    std::vector<std::string> keys;
    for (const auto& [name, index] : indexes) {
        if (is_automatic(index)) {
            keys.push_back(index_content_key(index));
        }
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

// Explicit indexes by name, automatic ones by content: their generated names only say in which
// order the constraints were declared.
bool same_indexes(const std::map<std::string, Index>& a, const std::map<std::string, Index>& b) {
    auto explicit_only = [](const std::map<std::string, Index>& indexes) {
        std::vector<std::pair<const std::string*, const Index*>> found;
        for (const auto& [name, index] : indexes) {
            if (!is_automatic(index)) {
                found.emplace_back(&name, &index);
            }
        }
        return found;
    };
    auto explicit_a = explicit_only(a);
    auto explicit_b = explicit_only(b);
    bool same_explicit = std::equal(explicit_a.begin(), explicit_a.end(), explicit_b.begin(),
                                    explicit_b.end(), [](const auto& x, const auto& y) {
                                        return *x.first == *y.first && *x.second == *y.second;
                                    });
    return same_explicit && automatic_index_keys(a) == automatic_index_keys(b);
}

}  // namespace

bool operator==(const Column& a, const Column& b) {
    return identifiers_equal(a.name, b.name) && normalize_sql(a.type) == normalize_sql(b.type) &&
           a.not_null == b.not_null &&
           (!a.not_null || effective(a.not_null_conflict) == effective(b.not_null_conflict)) &&
           default_key(a.default_value) == default_key(b.default_value) &&
           collation_key(a.collation) == collation_key(b.collation) && a.generated == b.generated &&
           (a.generated == Generated::none ||
            expressions_equal(a.generated_expression, b.generated_expression)) &&
           a.hidden == b.hidden && a.pk_position == b.pk_position;
}

bool operator==(const PrimaryKey& a, const PrimaryKey& b) {
    return names_equal(a.columns, b.columns) && identifiers_equal(a.name, b.name) &&
           a.autoincrement == b.autoincrement &&
           effective(a.on_conflict) == effective(b.on_conflict);
}

bool operator==(const UniqueConstraint& a, const UniqueConstraint& b) {
    return unique_key(a) == unique_key(b);
}

bool operator==(const CheckConstraint& a, const CheckConstraint& b) {
    return check_key(a) == check_key(b);
}

bool operator==(const ForeignKey& a, const ForeignKey& b) {
    return foreign_key_key(a) == foreign_key_key(b);
}

const Column* Table::find_column(std::string_view column_name) const {
    auto it = std::find_if(columns.begin(), columns.end(), [&](const Column& column) {
        return identifiers_equal(column.name, column_name);
    });
    return it == columns.end() ? nullptr : &*it;
}

bool operator==(const Table& a, const Table& b) {
    if (!identifiers_equal(a.name, b.name) || a.kind != b.kind) {
        return false;
    }
    if (a.kind == TableKind::virtual_table) {
        return normalize_sql(a.sql) == normalize_sql(b.sql);
    }
    return a.columns == b.columns && a.primary_key == b.primary_key &&
           same_set(a.unique_constraints, b.unique_constraints, unique_key) &&
           same_set(a.checks, b.checks, check_key) &&
           same_set(a.foreign_keys, b.foreign_keys, foreign_key_key) &&
           a.without_rowid == b.without_rowid && a.strict == b.strict;
}

bool operator==(const IndexPart& a, const IndexPart& b) {
    return index_part_key(a) == index_part_key(b);
}

bool same_index_content(const Index& a, const Index& b) {
    return index_content_key(a) == index_content_key(b);
}

bool operator==(const Index& a, const Index& b) {
    return identifiers_equal(a.name, b.name) && same_index_content(a, b);
}

bool operator==(const View& a, const View& b) {
    return identifiers_equal(a.name, b.name) && normalize_sql(a.sql) == normalize_sql(b.sql);
}

bool operator==(const Trigger& a, const Trigger& b) {
    return identifiers_equal(a.name, b.name) && identifiers_equal(a.table, b.table) &&
           normalize_sql(a.sql) == normalize_sql(b.sql);
}

void Catalog::add(Table table) {
    add_keyed(tables, std::move(table));
}

void Catalog::add(Index index) {
    add_keyed(indexes, std::move(index));
}

void Catalog::add(View view) {
    add_keyed(views, std::move(view));
}

void Catalog::add(Trigger trigger) {
    add_keyed(triggers, std::move(trigger));
}

const Table* Catalog::find_table(std::string_view name) const {
    return find_keyed(tables, name);
}

const Index* Catalog::find_index(std::string_view name) const {
    return find_keyed(indexes, name);
}

std::vector<const Index*> Catalog::indexes_of(std::string_view table) const {
    std::vector<const Index*> found;
    for (const auto& [key, index] : indexes) {
        if (identifiers_equal(index.table, table)) {
            found.push_back(&index);
        }
    }
    return found;
}

bool operator==(const Catalog& a, const Catalog& b) {
    return a.tables == b.tables && a.views == b.views && a.triggers == b.triggers &&
           same_indexes(a.indexes, b.indexes);
}

}  // namespace mig::schema
