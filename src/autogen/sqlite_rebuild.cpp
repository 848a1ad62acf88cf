#include "autogen/sqlite_rebuild.hpp"

#include "autogen/sqlite_ddl.hpp"
#include "schema/identifier.hpp"
#include "schema/token.hpp"

#include <algorithm>
#include <type_traits>
#include <variant>
#include <vector>

namespace mig::autogen::sqlite {

namespace {

using schema::fold_identifier;

std::set<std::string> words_of(const std::string& sql) {
    std::set<std::string> words;
    for (const schema::Token& token : schema::tokenize(sql)) {
        if (token.can_be_name()) {
            words.insert(fold_identifier(schema::token_value(token)));
        }
    }
    return words;
}

bool mentions_any(const std::set<std::string>& words, const std::set<std::string>& names) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& name) { return words.count(name) > 0; });
}

// The views and triggers around the rebuilt table that must be dropped before the rename
// (SQLite re-checks every view and trigger then) and created again after it.
struct Dependents {
    std::vector<const schema::View*> views;         // in creation order
    std::vector<const schema::Trigger*> dropped;    // triggers on other tables or on the views
    std::vector<const schema::Trigger*> recreated;  // those, then the table's own, by name
};

// Views reading `names` (the table's), directly or through other such views, in an order where
// each comes after the views it reads. Iterative: a long chain of views costs no stack.
std::vector<const schema::View*> dependent_views(const RebuildContext& context,
                                                 std::set<std::string> names) {
    std::vector<const schema::View*> found;
    std::set<std::string> table_names = names;
    bool grew = true;
    while (grew) {
        grew = false;
        for (const auto& [key, view] : context.desired.views) {
            if (names.count(key) == 0 && context.created_views.count(key) == 0 &&
                mentions_any(context.view_words.at(key), names)) {
                names.insert(key);
                found.push_back(&view);
                grew = true;
            }
        }
    }
    // Creation order: a view once every view of `found` it mentions is placed.
    std::vector<const schema::View*> ordered;
    std::set<std::string> placed = table_names;
    while (ordered.size() < found.size()) {
        std::size_t before = ordered.size();
        for (const schema::View* view : found) {
            std::string key = fold_identifier(view->name);
            if (placed.count(key) > 0) {
                continue;
            }
            const std::set<std::string>& words = context.view_words.at(key);
            bool ready = std::all_of(found.begin(), found.end(), [&](const schema::View* other) {
                std::string other_key = fold_identifier(other->name);
                return other_key == key || words.count(other_key) == 0 ||
                       placed.count(other_key) > 0;
            });
            if (ready) {
                placed.insert(key);
                ordered.push_back(view);
            }
        }
        if (ordered.size() == before) {  // a cycle SQLite would not allow: keep name order
            for (const schema::View* view : found) {
                if (placed.insert(fold_identifier(view->name)).second) {
                    ordered.push_back(view);
                }
            }
        }
    }
    return ordered;
}

Dependents find_dependents(const ops::RebuildTable& rebuild, const RebuildContext& context) {
    std::set<std::string> table = {fold_identifier(rebuild.from.name),
                                   fold_identifier(rebuild.to.name)};
    Dependents dependents;
    dependents.views = dependent_views(context, table);
    std::set<std::string> read = table;
    for (const schema::View* view : dependents.views) {
        read.insert(fold_identifier(view->name));
    }
    std::vector<const schema::Trigger*> own;
    for (const auto& [key, trigger] : context.desired.triggers) {
        if (context.created_triggers.count(key) > 0) {
            continue;
        }
        std::string on = fold_identifier(trigger.table);
        if (table.count(on) > 0) {
            own.push_back(&trigger);  // DROP TABLE drops it
        } else if (read.count(on) > 0 || mentions_any(context.trigger_words.at(key), read)) {
            dependents.dropped.push_back(&trigger);
        }
    }
    dependents.recreated = dependents.dropped;
    dependents.recreated.insert(dependents.recreated.end(), own.begin(), own.end());
    return dependents;
}

// "new_<name>", or with a number added when a table already has that name.
std::string new_table_name(const std::string& name, const RebuildContext& context) {
    std::string candidate = "new_" + name;
    for (int n = 2; context.table_names.count(fold_identifier(candidate)) > 0; ++n) {
        candidate = "new_" + name + "_" + std::to_string(n);
    }
    return candidate;
}

// The value copied into `to`: the source column, or its default where it was NULL when `to`
// becomes NOT NULL with a default (the row is kept rather than the copy failing).
std::string copied_value(const schema::Column& to, const schema::Column& from) {
    std::string source = quote(from.name);
    if (to.not_null && to.default_value && !from.not_null) {
        return "coalesce(" + source + ", " + *to.default_value + ")";
    }
    return source;
}

std::string copy_rows(const ops::RebuildTable& rebuild, const std::string& new_name) {
    std::string targets;
    std::string values;
    for (const schema::Column& to : rebuild.to.columns) {
        if (to.generated != schema::Generated::none) {
            continue;
        }
        auto source = std::find_if(
            rebuild.column_sources.begin(), rebuild.column_sources.end(),
            [&](const auto& pair) { return schema::identifiers_equal(pair.first, to.name); });
        const schema::Column* from = source == rebuild.column_sources.end()
                                         ? nullptr
                                         : rebuild.from.find_column(source->second);
        if (from == nullptr) {
            continue;
        }
        targets += (targets.empty() ? "" : ", ") + quote(to.name);
        values += (values.empty() ? "" : ", ") + copied_value(to, *from);
    }
    if (targets.empty()) {
        return "-- no column of " + quote(rebuild.from.name) + " is kept: no rows to copy\n";
    }
    return "INSERT INTO " + quote(new_name) + " (" + targets + ")\n    SELECT " + values +
           " FROM " + quote(rebuild.from.name) + ";\n";
}

// The name the rebuilt table ends with once the operations after it have run.
std::string final_name(const ops::RebuildTable& rebuild, const RebuildContext& context) {
    auto found = context.final_names.find(fold_identifier(rebuild.to.name));
    return found == context.final_names.end() ? rebuild.to.name : found->second;
}

// The table's explicit indexes, on the table as it is named at this point of the migration.
std::string recreate_indexes(const ops::RebuildTable& rebuild, const RebuildContext& context) {
    std::string text;
    const std::string final = final_name(rebuild, context);
    for (const schema::Index* index : context.desired.indexes_of(final)) {
        if (index->origin != schema::IndexOrigin::create_index ||
            context.created_indexes.count(fold_identifier(index->name)) > 0) {
            continue;
        }
        if (schema::identifiers_equal(final, rebuild.to.name)) {
            text += create_index(*index) + ";\n";
        } else {  // generated from its parts on the current name; the rename carries it over
            schema::Index here = *index;
            here.table = rebuild.to.name;
            here.sql.clear();
            text += create_index(here) + ";\n";
        }
    }
    return text;
}

// The automatic indexes (ASC/DESC and COLLATE of key columns), found under the final name.
std::vector<const schema::Index*> rebuilt_keys(const ops::RebuildTable& rebuild,
                                               const RebuildContext& context) {
    schema::Table named = rebuild.to;
    named.name = final_name(rebuild, context);
    return key_indexes(context.desired, named);
}

}  // namespace

RebuildContext::RebuildContext(const schema::Catalog& desired_schema,
                               const std::vector<ops::Operation>& operations)
    : desired(desired_schema) {
    for (const auto& [key, table] : desired.tables) {
        table_names.insert(key);
    }
    for (const auto& [key, view] : desired.views) {
        view_words.emplace(key, words_of(view.sql));
    }
    for (const auto& [key, trigger] : desired.triggers) {
        trigger_words.emplace(key, words_of(trigger.sql));
    }
    for (std::size_t i = 0; i < operations.size(); ++i) {
        const auto* rebuild = std::get_if<ops::RebuildTable>(&operations[i]);
        if (rebuild == nullptr) {
            continue;
        }
        std::string name = rebuild->to.name;
        for (std::size_t j = i + 1; j < operations.size(); ++j) {
            const auto* rename = std::get_if<ops::RenameTable>(&operations[j]);
            if (rename != nullptr && schema::identifiers_equal(rename->from, name)) {
                name = rename->to;
            }
        }
        if (!schema::identifiers_equal(name, rebuild->to.name)) {
            final_names[fold_identifier(rebuild->to.name)] = name;
        }
    }
    for (const ops::Operation& operation : operations) {
        std::visit(
            [&](const auto& op) {
                using T = std::decay_t<decltype(op)>;
                if constexpr (std::is_same_v<T, ops::CreateIndex>) {
                    created_indexes.insert(fold_identifier(op.index.name));
                } else if constexpr (std::is_same_v<T, ops::CreateView>) {
                    created_views.insert(fold_identifier(op.view.name));
                } else if constexpr (std::is_same_v<T, ops::CreateTrigger>) {
                    created_triggers.insert(fold_identifier(op.trigger.name));
                } else if constexpr (std::is_same_v<T, ops::CreateTable> ||
                                     std::is_same_v<T, ops::DropTable>) {
                    table_names.insert(fold_identifier(op.table.name));
                } else if constexpr (std::is_same_v<T, ops::RenameTable>) {
                    table_names.insert(fold_identifier(op.from));
                    table_names.insert(fold_identifier(op.to));
                } else if constexpr (std::is_same_v<T, ops::RebuildTable>) {
                    table_names.insert(fold_identifier(op.from.name));
                    table_names.insert(fold_identifier(op.to.name));
                }
            },
            operation);
    }
}

std::string rebuild_table(const ops::RebuildTable& rebuild, const RebuildContext& context) {
    const std::string new_name = new_table_name(rebuild.to.name, context);
    const Dependents dependents = find_dependents(rebuild, context);
    std::string text;
    for (const schema::Trigger* trigger : dependents.dropped) {
        text += "DROP TRIGGER " + quote(trigger->name) + ";\n";
    }
    for (auto view = dependents.views.rbegin(); view != dependents.views.rend(); ++view) {
        text += "DROP VIEW " + quote((*view)->name) + ";\n";
    }
    text += create_table(rebuild.to, new_name, rebuilt_keys(rebuild, context)) + ";\n";
    text += copy_rows(rebuild, new_name);
    text += "DROP TABLE " + quote(rebuild.from.name) + ";\n";
    // Legacy mode renames the table alone: SQLite 3.26+ would otherwise re-check every view
    // and trigger, and fail on one that reads the old table and goes later in this migration
    // (a trigger of a table dropped afterwards). Nothing refers to the new name to rewrite.
    // mig's runner restores the connection's setting after each step.
    text += "PRAGMA legacy_alter_table = ON;\n";
    text += "ALTER TABLE " + quote(new_name) + " RENAME TO " + quote(rebuild.to.name) + ";\n";
    text += "PRAGMA legacy_alter_table = OFF;\n";
    text += recreate_indexes(rebuild, context);
    for (const schema::View* view : dependents.views) {
        text += statement(view->sql) + ";\n";
    }
    for (const schema::Trigger* trigger : dependents.recreated) {
        text += statement(trigger->sql) + ";\n";
    }
    return text + "-- foreign keys: mig runs PRAGMA foreign_key_check before COMMIT\n";
}

}  // namespace mig::autogen::sqlite
