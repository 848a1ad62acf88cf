#include "autogen/compare.hpp"

#include "autogen/compare_detail.hpp"
#include "schema/identifier.hpp"

#include <algorithm>
#include <map>

namespace mig::autogen {

namespace {

using detail::ResolvedRenames;
using Ops = std::vector<ops::Operation>;
using ColumnRenames = std::vector<std::pair<std::string, std::string>>;  // (from, to)
// The column renames folded into a table's rebuild, by the table's (desired) key.
using FoldedRenames = std::map<std::string, ColumnRenames>;

bool is_explicit(const schema::Index& index) {
    return index.origin == schema::IndexOrigin::create_index;
}

// The operations in the order they run; Comparison::upgrade is their concatenation.
struct Buckets {
    Ops drop_triggers, drop_views, drop_indexes;
    Ops drop_tables, renames;
    std::map<std::string, Ops> table_ops;  // fold(desired table name) -> its operations
    Ops create_indexes, create_views, create_triggers;
};

// What exists while the table operations run: all tables, and the indexes, views and
// triggers that are not dropped first.
schema::Catalog survivors_of(const schema::Catalog& renamed, const schema::Catalog& desired) {
    schema::Catalog survivors;
    survivors.tables = renamed.tables;
    for (const auto& [key, index] : renamed.indexes) {
        const schema::Index* wanted = desired.find_index(index.name);
        if (!is_explicit(index) || (wanted != nullptr && *wanted == index)) {
            survivors.add(index);
        }
    }
    for (const auto& [key, view] : renamed.views) {
        const schema::View* wanted = desired.views.count(key) ? &desired.views.at(key) : nullptr;
        if (wanted != nullptr && *wanted == view) {
            survivors.add(view);
        }
    }
    for (const auto& [key, trigger] : renamed.triggers) {
        auto wanted = desired.triggers.find(key);
        if (wanted != desired.triggers.end() && wanted->second == trigger) {
            survivors.add(trigger);
        }
    }
    return survivors;
}

// Named objects compared by semantic equality: changed means dropped, then created.
template <typename T, typename Drop, typename Create, typename Keep>
void diff_named(const std::map<std::string, T>& current, const std::map<std::string, T>& desired,
                Ops& drops, Ops& creates, Keep keep) {
    for (const auto& [key, old_value] : current) {
        auto wanted = desired.find(key);
        if (keep(old_value) && (wanted == desired.end() || !(wanted->second == old_value))) {
            drops.emplace_back(Drop{old_value});
        }
    }
    for (const auto& [key, new_value] : desired) {
        auto existing = current.find(key);
        if (keep(new_value) && (existing == current.end() || !(existing->second == new_value))) {
            creates.emplace_back(Create{new_value});
        }
    }
}

void add_rename_ops(const schema::Catalog& current, const ResolvedRenames& renames,
                    Buckets& buckets) {
    for (const auto& [old_key, new_name] : renames.tables) {
        buckets.renames.emplace_back(ops::RenameTable{current.tables.at(old_key).name, new_name});
    }
    for (const auto& [old_key, columns] : renames.columns) {
        auto renamed_table = renames.tables.find(old_key);
        std::string table = renamed_table == renames.tables.end() ? current.tables.at(old_key).name
                                                                  : renamed_table->second;
        for (const auto& [from, to] : columns) {
            buckets.renames.emplace_back(ops::RenameColumn{table, from, to});
        }
    }
}

std::vector<LikelyRename> likely_table_renames(const std::vector<const schema::Table*>& dropped,
                                               std::vector<const schema::Table*> added) {
    std::vector<LikelyRename> found;
    for (const schema::Table* old_table : dropped) {
        auto match = std::find_if(added.begin(), added.end(), [&](const schema::Table* t) {
            return t != nullptr && detail::same_table_shape(*old_table, *t);
        });
        if (match != added.end()) {
            found.push_back({"", old_table->name, (*match)->name,
                             detail::rename_flag("", old_table->name, (*match)->name)});
            *match = nullptr;
        }
    }
    return found;
}

// A table whose columns are renamed AND rebuilt: the renames go into the rebuild (each renamed
// column copied from its old name) instead of RENAME COLUMN before it. Otherwise the reversed
// downgrade would rebuild first, recreating indexes and CHECKs that name the old columns on a
// table that still has the new ones, and rename back only after.
// Records what it folded in `folded`.
void fold_column_renames(const schema::Catalog& current, const ResolvedRenames& resolved,
                         const std::string& key, Ops& table_ops, Buckets& buckets,
                         FoldedRenames& folded) {
    if (table_ops.size() != 1 || !std::holds_alternative<ops::RebuildTable>(table_ops[0])) {
        return;
    }
    auto& rebuild = std::get<ops::RebuildTable>(table_ops[0]);
    std::string old_key = key;
    for (const auto& [from_key, to] : resolved.tables) {
        if (schema::fold_identifier(to) == key) {
            old_key = from_key;
        }
    }
    auto columns = resolved.columns.find(old_key);
    if (columns == resolved.columns.end() || current.tables.count(old_key) == 0) {
        return;
    }
    folded[key] = columns->second;
    schema::Table original = current.tables.at(old_key);
    original.name = rebuild.from.name;
    rebuild.from = original;
    rebuild.column_sources.clear();
    for (const schema::Column& column : rebuild.to.columns) {
        std::string source = column.name;
        for (const auto& [from, to] : columns->second) {
            if (schema::identifiers_equal(to, column.name)) {
                source = from;
            }
        }
        const schema::Column* found = original.find_column(source);
        if (found != nullptr && column.generated == schema::Generated::none &&
            found->generated == schema::Generated::none) {
            rebuild.column_sources.emplace_back(column.name, found->name);
        }
    }
    std::erase_if(buckets.renames, [&](const ops::Operation& op) {
        const auto* rename = std::get_if<ops::RenameColumn>(&op);
        return rename != nullptr && schema::identifiers_equal(rename->table, rebuild.to.name);
    });
}

// Gives the columns of other tables' REFERENCES clauses that name a column renamed inside its
// table's rebuild their old names back (as the database still has them). True if any did.
bool unrename_references(schema::Table& table, const std::string& key,
                         const FoldedRenames& folded) {
    bool changed = false;
    for (schema::ForeignKey& fk : table.foreign_keys) {
        auto parent = folded.find(schema::fold_identifier(fk.referenced_table));
        if (parent == folded.end() || parent->first == key) {
            continue;  // a self-reference is written by the table's own rebuild
        }
        for (std::string& column : fk.referenced_columns) {
            auto rename = std::find_if(
                parent->second.begin(), parent->second.end(),
                [&](const auto& r) { return schema::identifiers_equal(r.second, column); });
            if (rename != parent->second.end()) {
                column = rename->first;
                changed = true;
            }
        }
    }
    return changed;
}

// RENAME COLUMN rewrites the REFERENCES clauses of the tables that reference the column; a
// rebuild does not. So each table whose foreign key names a column renamed inside its table's
// rebuild is rebuilt too, from the clause the database holds to the model's (its downgrade
// rebuilds it back). Without this the referencing table keeps naming a column that is gone:
// "foreign key mismatch" at foreign_key_check.
void rebuild_referencing_tables(const FoldedRenames& folded, const schema::Catalog& renamed,
                                const schema::Catalog& desired, Buckets& buckets) {
    if (folded.empty()) {
        return;
    }
    for (const auto& [key, table] : desired.tables) {
        auto existing = renamed.tables.find(key);
        if (existing == renamed.tables.end()) {
            continue;  // created from the model, which names the new column
        }
        auto found = buckets.table_ops.find(key);
        if (found != buckets.table_ops.end() && found->second.size() == 1 &&
            std::holds_alternative<ops::RebuildTable>(found->second[0])) {
            // Already rebuilt (to the model's clause): it must start from the clause as it is.
            unrename_references(std::get<ops::RebuildTable>(found->second[0]).from, key, folded);
            continue;
        }
        schema::Table as_is = existing->second;
        if (unrename_references(as_is, key, folded)) {
            buckets.table_ops[key] = {detail::rebuild_table(as_is, table)};
        }
    }
}

void diff_tables(const schema::Catalog& current, const ResolvedRenames& resolved,
                 const schema::Catalog& renamed, const schema::Catalog& desired, Buckets& buckets,
                 Comparison& comparison) {
    schema::Catalog survivors = survivors_of(renamed, desired);
    std::vector<const schema::Table*> dropped;
    std::vector<const schema::Table*> added;
    std::vector<LikelyRename> column_renames;
    FoldedRenames folded;
    for (const auto& [key, table] : renamed.tables) {
        if (desired.tables.count(key) == 0) {
            dropped.push_back(&table);
        }
    }
    for (const auto& [key, table] : desired.tables) {
        auto existing = renamed.tables.find(key);
        if (existing == renamed.tables.end()) {
            added.push_back(&table);
            buckets.table_ops[key].emplace_back(ops::CreateTable{table});
            continue;
        }
        Ops table_ops = detail::diff_table(survivors, existing->second, table);
        fold_column_renames(current, resolved, key, table_ops, buckets, folded);
        if (!table_ops.empty()) {
            buckets.table_ops[key] = std::move(table_ops);
        }
        auto likely = detail::likely_column_renames(existing->second, table);
        column_renames.insert(column_renames.end(), likely.begin(), likely.end());
    }
    rebuild_referencing_tables(folded, renamed, desired, buckets);
    std::vector<std::string> dropped_names;
    dropped_names.reserve(dropped.size());
    for (const schema::Table* table : dropped) {
        dropped_names.push_back(table->name);
    }
    // Referencing tables go first: the reverse of the creation order.
    auto order = detail::dependency_order(renamed.tables, dropped_names);
    // Drops run before the renames, so a dropped table is kept as it is then: its foreign keys
    // still name the tables' old names (the downgrade recreates it after renaming them back).
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        auto original = current.tables.find(*it);
        buckets.drop_tables.emplace_back(ops::DropTable{
            original != current.tables.end() ? original->second : renamed.tables.at(*it)});
    }
    comparison.likely_renames = likely_table_renames(dropped, added);
    comparison.likely_renames.insert(comparison.likely_renames.end(), column_renames.begin(),
                                     column_renames.end());
}

void append(Ops& to, Ops& from) {
    std::move(from.begin(), from.end(), std::back_inserter(to));
}

Ops concatenate(Buckets& buckets, const schema::Catalog& desired) {
    Ops upgrade;
    append(upgrade, buckets.drop_triggers);
    append(upgrade, buckets.drop_views);
    append(upgrade, buckets.drop_indexes);
    append(upgrade, buckets.drop_tables);
    append(upgrade, buckets.renames);
    std::vector<std::string> changed;
    for (const auto& [key, table_ops] : buckets.table_ops) {
        changed.push_back(key);
    }
    for (const std::string& key : detail::dependency_order(desired.tables, changed)) {
        append(upgrade, buckets.table_ops.at(key));
    }
    append(upgrade, buckets.create_indexes);
    append(upgrade, buckets.create_views);
    append(upgrade, buckets.create_triggers);
    return upgrade;
}

}  // namespace

Comparison compare(const schema::Catalog& current, const schema::Catalog& desired,
                   const std::vector<RenameHint>& renames) {
    ResolvedRenames resolved = detail::resolve_renames(current, desired, renames);
    schema::Catalog renamed = detail::apply_renames(current, resolved);

    Comparison comparison;
    Buckets buckets;
    auto all = [](const auto&) { return true; };
    diff_named<schema::Trigger, ops::DropTrigger, ops::CreateTrigger>(
        renamed.triggers, desired.triggers, buckets.drop_triggers, buckets.create_triggers, all);
    diff_named<schema::View, ops::DropView, ops::CreateView>(
        renamed.views, desired.views, buckets.drop_views, buckets.create_views, all);
    // Automatic indexes follow their table's constraints: they are never separate operations.
    diff_named<schema::Index, ops::DropIndex, ops::CreateIndex>(
        renamed.indexes, desired.indexes, buckets.drop_indexes, buckets.create_indexes,
        is_explicit);
    add_rename_ops(current, resolved, buckets);
    diff_tables(current, resolved, renamed, desired, buckets, comparison);
    comparison.upgrade = concatenate(buckets, desired);
    return comparison;
}

}  // namespace mig::autogen
