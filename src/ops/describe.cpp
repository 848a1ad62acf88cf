#include "ops/operation.hpp"
#include "ops/overloaded.hpp"
#include "ops/rebuild_columns.hpp"
#include "schema/identifier.hpp"
#include "schema/normalize.hpp"

#include <algorithm>

// describe(): one line per operation in a reviewer's words. Names are quoted only when they
// need it, types are shown as declared.

namespace mig::ops {

namespace {

std::string column_words(const schema::Column& column) {
    std::string words = quote_name(column.name);
    if (!column.type.empty()) {
        words += " " + column.type;
    }
    return words;
}

std::string names_list(const std::vector<std::string>& names) {
    std::string list;
    for (const std::string& name : names) {
        list += (list.empty() ? "" : ", ") + quote_name(name);
    }
    return "(" + list + ")";
}

void column_changes(const CopiedColumn& c, std::vector<std::string>& changes) {
    std::string name = quote_name(c.to->name);
    if (!schema::identifiers_equal(c.to->name, c.from->name)) {
        changes.push_back("column " + quote_name(c.from->name) + " becomes " + name);
    }
    if (schema::normalize_sql(c.from->type) != schema::normalize_sql(c.to->type)) {
        changes.push_back("column " + name + " type " +
                          (c.from->type.empty() ? "(none)" : c.from->type) + " -> " +
                          (c.to->type.empty() ? "(none)" : c.to->type));
    }
    if (c.from->not_null != c.to->not_null) {
        changes.push_back("column " + name +
                          (c.to->not_null ? " nullable -> NOT NULL" : " NOT NULL -> nullable"));
    }
    schema::Column from_renamed = *c.from;
    from_renamed.name = c.to->name;
    from_renamed.type = c.to->type;
    from_renamed.not_null = c.to->not_null;
    from_renamed.not_null_conflict = c.to->not_null_conflict;
    if (!(from_renamed == *c.to)) {
        changes.push_back("column " + name + " definition (default, collation or key)");
    }
}

std::vector<std::string> column_order(const RebuildTable& rebuild) {
    std::vector<std::string> order;
    for (const CopiedColumn& copied : copied_columns(rebuild)) {
        order.push_back(schema::fold_identifier(copied.from->name));
    }
    return order;
}

bool order_changed(const RebuildTable& rebuild) {
    std::vector<std::string> copied = column_order(rebuild);
    std::vector<std::string> original;
    for (const schema::Column& column : rebuild.from.columns) {
        std::string key = schema::fold_identifier(column.name);
        if (std::find(copied.begin(), copied.end(), key) != copied.end()) {
            original.push_back(key);
        }
    }
    return copied != original;
}

template <typename T>
bool same_items(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && std::all_of(a.begin(), a.end(), [&](const T& item) {
               return std::find(b.begin(), b.end(), item) != b.end();
           });
}

void table_changes(const RebuildTable& r, std::vector<std::string>& changes) {
    if (!(r.from.primary_key == r.to.primary_key)) {
        changes.push_back("primary key " + names_list(r.to.primary_key.columns));
    }
    if (!same_items(r.from.unique_constraints, r.to.unique_constraints)) {
        changes.emplace_back("UNIQUE constraints");
    }
    if (!same_items(r.from.checks, r.to.checks)) {
        changes.emplace_back("CHECK constraints");
    }
    if (!same_items(r.from.foreign_keys, r.to.foreign_keys)) {
        changes.emplace_back("foreign keys");
    }
    if (r.from.without_rowid != r.to.without_rowid) {
        changes.emplace_back(r.to.without_rowid ? "WITHOUT ROWID" : "rowid table");
    }
    if (r.from.strict != r.to.strict) {
        changes.emplace_back(r.to.strict ? "STRICT" : "not STRICT");
    }
}

}  // namespace

std::vector<std::string> rebuild_changes(const RebuildTable& rebuild) {
    std::vector<std::string> changes;
    for (const schema::Column* column : discarded_columns(rebuild)) {
        changes.push_back("drop column " + quote_name(column->name));
    }
    for (const schema::Column* column : new_columns(rebuild)) {
        changes.push_back("add column " + column_words(*column));
    }
    for (const CopiedColumn& copied : copied_columns(rebuild)) {
        column_changes(copied, changes);
    }
    if (order_changed(rebuild)) {
        changes.emplace_back("column order");
    }
    table_changes(rebuild, changes);
    return changes;
}

namespace {

std::string describe_rebuild(const RebuildTable& rebuild) {
    const std::vector<std::string> changes = rebuild_changes(rebuild);
    std::string words = "rebuild table " + quote_name(rebuild.to.name);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        words += (i == 0 ? ": " : "; ") + changes[i];
    }
    return words;
}

}  // namespace

std::string describe(const Operation& operation) {
    return std::visit(
        Overloaded{
            [](const CreateTable& op) { return "create table " + quote_name(op.table.name); },
            [](const DropTable& op) { return "drop table " + quote_name(op.table.name); },
            [](const RenameTable& op) {
                return "rename table " + quote_name(op.from) + " to " + quote_name(op.to);
            },
            [](const AddColumn& op) {
                return "add column " + column_words(op.column) + " to table " +
                       quote_name(op.table);
            },
            [](const DropColumn& op) {
                return "drop column " + quote_name(op.column.name) + " from table " +
                       quote_name(op.table);
            },
            [](const RenameColumn& op) {
                return "rename column " + quote_name(op.from) + " to " + quote_name(op.to) +
                       " in table " + quote_name(op.table);
            },
            [](const RebuildTable& op) { return describe_rebuild(op); },
            [](const CreateIndex& op) {
                return std::string(op.index.unique ? "create unique index " : "create index ") +
                       quote_name(op.index.name) + " on " + quote_name(op.index.table);
            },
            [](const DropIndex& op) {
                return "drop index " + quote_name(op.index.name) + " on " +
                       quote_name(op.index.table);
            },
            [](const CreateView& op) { return "create view " + quote_name(op.view.name); },
            [](const DropView& op) { return "drop view " + quote_name(op.view.name); },
            [](const CreateTrigger& op) {
                return "create trigger " + quote_name(op.trigger.name) + " on " +
                       quote_name(op.trigger.table);
            },
            [](const DropTrigger& op) {
                return "drop trigger " + quote_name(op.trigger.name) + " on " +
                       quote_name(op.trigger.table);
            },
        },
        operation);
}

}  // namespace mig::ops
