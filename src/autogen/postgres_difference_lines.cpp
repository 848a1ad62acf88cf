#include "autogen/postgres_compare.hpp"
#include "ops/overloaded.hpp"
#include "schema/postgres_names.hpp"

#include <map>
#include <optional>
#include <set>
#include <utility>

// `mig check`'s lines on PostgreSQL, in the words of the SQLite lines
// (workflow/difference_lines.cpp): what is missing on the migrations' side, what they have
// that the model has not, and each change inside an object with its direction.

namespace mig::autogen::pg {

namespace {

namespace op = ops::pg;
using schema::pg::display_name;
using schema::pg::quote_identifier;
using Lines = std::vector<std::string>;

std::string missing(const std::string& what, const Sides& sides) {
    return what + " missing in " + sides.current + " (the " + sides.desired + " has it)";
}

std::string extra(const std::string& what, const Sides& sides) {
    return what + " in the " + sides.current + " but not in the " + sides.desired;
}

std::string direction(const Sides& sides) {
    return " (" + sides.current + " -> " + sides.desired + ")";
}

std::string table_words(const schema::pg::QualifiedName& name) {
    return "table " + display_name(name) + ":";
}

std::string function_words(const schema::pg::Function& f) {
    return std::string(f.is_procedure ? "procedure " : "function ") + display_name(f.name) + "(" +
           f.identity_arguments + "):";
}

std::string view_words(const schema::pg::View& view) {
    return std::string(view.materialized ? "materialized view " : "view ") +
           display_name(view.name) + ":";
}

// An ownership hand-over (released before drops, set after creates) says nothing of its own:
// the table or column it belongs to has its line.
bool only_ownership(const op::AlterSequence& alter) {
    schema::pg::Sequence from = alter.from;
    from.owned_by_table = alter.to.owned_by_table;
    from.owned_by_column = alter.to.owned_by_column;
    return from == alter.to && (!alter.from.owned_by_table || !alter.to.owned_by_table);
}

Lines lines_of(const op::Operation& operation, const Sides& sides) {
    return std::visit(
        ops::Overloaded{
            [&](const op::CreateTable& o) -> Lines {
                return {missing(table_words(o.table.name), sides)};
            },
            [&](const op::DropTable& o) -> Lines {
                return {extra(table_words(o.table.name), sides)};
            },
            [&](const op::AddColumn& o) -> Lines {
                return {table_words(o.table) + " column " + quote_identifier(o.column.name) +
                        " missing in " + sides.current + " (" + sides.desired + " has " +
                        o.column.type + ")"};
            },
            [&](const op::DropColumn& o) -> Lines {
                return {table_words(o.table) + " " +
                        extra("column " + quote_identifier(o.column.name), sides)};
            },
            [&](const op::AlterColumn& o) -> Lines {
                Lines lines;
                for (const std::string& change : op::column_changes(o)) {
                    lines.push_back(table_words(o.table) + " column " +
                                    quote_identifier(o.to.name) + " " + change + direction(sides));
                }
                return lines;
            },
            [&](const op::SetLogged& o) -> Lines {
                return {table_words(o.table) +
                        (o.unlogged ? " logged -> UNLOGGED" : " UNLOGGED -> logged") +
                        direction(sides)};
            },
            [&](const op::AddConstraint& o) -> Lines {
                return {table_words(o.table) + " " +
                        missing("constraint " + quote_identifier(o.constraint.name) + " " +
                                    o.constraint.definition,
                                sides)};
            },
            [&](const op::DropConstraint& o) -> Lines {
                return {table_words(o.table) + " " +
                        extra("constraint " + quote_identifier(o.constraint.name) + " " +
                                  o.constraint.definition,
                              sides)};
            },
            [&](const op::RenameConstraint& o) -> Lines {
                return {table_words(o.table) + " constraint " + quote_identifier(o.from) +
                        " named " + quote_identifier(o.to) + direction(sides)};
            },
            [&](const op::CreateIndex& o) -> Lines {
                return {missing("index " + display_name(o.index.name) + " on " +
                                    display_name(o.index.table) + ":",
                                sides)};
            },
            [&](const op::DropIndex& o) -> Lines {
                return {extra("index " + display_name(o.index.name) + " on " +
                                  display_name(o.index.table) + ":",
                              sides)};
            },
            [&](const op::RenameIndex& o) -> Lines {
                return {"index " + display_name(o.from) + ": named " + quote_identifier(o.to) +
                        direction(sides)};
            },
            [&](const op::CreateView& o) -> Lines { return {missing(view_words(o.view), sides)}; },
            [&](const op::DropView& o) -> Lines { return {extra(view_words(o.view), sides)}; },
            [&](const op::CreateTrigger& o) -> Lines {
                return {missing("trigger " + quote_identifier(o.trigger.name) + " on " +
                                    display_name(o.trigger.table) + ":",
                                sides)};
            },
            [&](const op::DropTrigger& o) -> Lines {
                return {extra("trigger " + quote_identifier(o.trigger.name) + " on " +
                                  display_name(o.trigger.table) + ":",
                              sides)};
            },
            [&](const op::CreateSequence& o) -> Lines {
                return {missing("sequence " + display_name(o.sequence.name) + ":", sides)};
            },
            [&](const op::DropSequence& o) -> Lines {
                return {extra("sequence " + display_name(o.sequence.name) + ":", sides)};
            },
            [&](const op::AlterSequence& o) -> Lines {
                if (only_ownership(o)) {
                    return {};
                }
                return {"sequence " + display_name(o.to.name) + ": options differ" +
                        direction(sides)};
            },
            [&](const op::CreateEnum& o) -> Lines {
                return {missing("type " + display_name(o.type.name) + ":", sides)};
            },
            [&](const op::DropEnum& o) -> Lines {
                return {extra("type " + display_name(o.type.name) + ":", sides)};
            },
            [&](const op::AlterEnum& o) -> Lines {
                std::string from;
                std::string to;
                for (const auto& v : o.from.values) {
                    from += (from.empty() ? "" : ", ") + schema::pg::quote_literal(v);
                }
                for (const auto& v : o.to.values) {
                    to += (to.empty() ? "" : ", ") + schema::pg::quote_literal(v);
                }
                Lines lines{"type " + display_name(o.to.name) + ": values (" + from + ") -> (" +
                            to + ")" + direction(sides)};
                for (const op::EnumColumn& column : o.columns) {
                    if (column.default_after && column.default_after != column.default_before) {
                        // a default change the recreation makes (no AlterColumn of its own)
                        schema::pg::Column before;
                        before.name = column.column;
                        before.type = column.type;
                        before.default_value = column.default_before;
                        schema::pg::Column after = before;
                        after.default_value = column.default_after;
                        for (const std::string& change :
                             op::column_changes(op::AlterColumn{column.table, before, after})) {
                            lines.push_back(table_words(column.table) + " column " +
                                            quote_identifier(column.column) + " " + change +
                                            direction(sides));
                        }
                    }
                }
                return lines;
            },
            [&](const op::CreateDomain& o) -> Lines {
                return {missing("domain " + display_name(o.domain.name) + ":", sides)};
            },
            [&](const op::DropDomain& o) -> Lines {
                return {extra("domain " + display_name(o.domain.name) + ":", sides)};
            },
            [&](const op::RecreateDomain& o) -> Lines {
                return {"domain " + display_name(o.to.name) + ": base type " + o.from.base_type +
                        " -> " + o.to.base_type + direction(sides)};
            },
            [&](const op::CreateFunction& o) -> Lines {
                return {missing(function_words(o.function), sides)};
            },
            [&](const op::DropFunction& o) -> Lines {
                return {extra(function_words(o.function), sides)};
            },
            [&](const op::ReplaceFunction& o) -> Lines {
                return {function_words(o.to) + " definition differs" + direction(sides)};
            },
            [&](const op::CreateExtension& o) -> Lines {
                return {missing("extension " + quote_identifier(o.extension.name) + ":", sides)};
            },
            [&](const op::DropExtension& o) -> Lines {
                return {extra("extension " + quote_identifier(o.extension.name) + ":", sides)};
            },
            [&](const op::CreateSchema& o) -> Lines {
                return {missing("schema " + quote_identifier(o.name) + ":", sides)};
            },
            [&](const op::DropSchema& o) -> Lines {
                return {extra("schema " + quote_identifier(o.name) + ":", sides)};
            },
            [&](const op::SetComment& o) -> Lines {
                return {o.words + ": comment " +
                        (o.from ? schema::pg::quote_literal(*o.from) : std::string("none")) +
                        " -> " + (o.to ? schema::pg::quote_literal(*o.to) : std::string("none")) +
                        direction(sides)};
            },
            [&](const auto& o) -> Lines {  // AlterDomain; renames: only with hints
                return {"the " + sides.current + " and the " + sides.desired +
                        " differ: " + op::describe(o)};
            },
        },
        operation);
}

// A table created or dropped as a whole has one line: the foreign keys compare() adds after
// all tables, or drops before them, are part of it.
std::set<schema::pg::QualifiedName> whole_tables(const Comparison& comparison) {
    std::set<schema::pg::QualifiedName> tables;
    for (const ops::pg::Operation& operation : comparison.upgrade) {
        if (const auto* create = std::get_if<op::CreateTable>(&operation)) {
            tables.insert(create->table.name);
        } else if (const auto* drop = std::get_if<op::DropTable>(&operation)) {
            tables.insert(drop->table.name);
        }
    }
    return tables;
}

// Views, functions and triggers that compare drops and creates again around another change
// (the server refuses that change under them): a pair of the same name says nothing of its
// own when the object is the same on both sides, and one "definition differs" line when it is
// not. What is dropped, by the key its creation has.
struct Recreated {
    std::map<std::string, const schema::pg::Function*> functions;  // by signature()
    std::map<schema::pg::QualifiedName, const schema::pg::View*> views;
    std::map<std::pair<schema::pg::QualifiedName, std::string>, const schema::pg::Trigger*>
        triggers;
};

Recreated dropped_objects(const Comparison& comparison) {
    Recreated dropped;
    for (const ops::pg::Operation& operation : comparison.upgrade) {
        if (const auto* f = std::get_if<op::DropFunction>(&operation)) {
            dropped.functions.emplace(f->function.signature(), &f->function);
        } else if (const auto* v = std::get_if<op::DropView>(&operation)) {
            dropped.views.emplace(v->view.name, &v->view);
        } else if (const auto* t = std::get_if<op::DropTrigger>(&operation)) {
            dropped.triggers.emplace(std::make_pair(t->trigger.table, t->trigger.name),
                                     &t->trigger);
        }
    }
    return dropped;
}

// The lines of a drop or create that is half of a recreation: none for the drop, none or
// one for the create. nullopt when `operation` is no such half.
std::optional<Lines> recreation_lines(const ops::pg::Operation& operation, const Recreated& dropped,
                                      const Recreated& created, const Sides& sides) {
    if (const auto* drop_function = std::get_if<op::DropFunction>(&operation)) {
        if (created.functions.count(drop_function->function.signature()) != 0) {
            return Lines{};
        }
    } else if (const auto* create_function = std::get_if<op::CreateFunction>(&operation)) {
        if (auto old = dropped.functions.find(create_function->function.signature());
            old != dropped.functions.end()) {
            return old->second->definition == create_function->function.definition
                       ? Lines{}
                       : Lines{function_words(create_function->function) + " definition differs" +
                               direction(sides)};
        }
    } else if (const auto* drop_view = std::get_if<op::DropView>(&operation)) {
        if (created.views.count(drop_view->view.name) != 0) {
            return Lines{};
        }
    } else if (const auto* create_view = std::get_if<op::CreateView>(&operation)) {
        if (auto old = dropped.views.find(create_view->view.name); old != dropped.views.end()) {
            schema::pg::View before = *old->second;
            before.depends_on =
                create_view->view.depends_on;  // a --rename rewrites the table names
            return before == create_view->view ? Lines{}
                                               : Lines{view_words(create_view->view) +
                                                       " definition differs" + direction(sides)};
        }
    } else if (const auto* drop_trigger = std::get_if<op::DropTrigger>(&operation)) {
        if (created.triggers.count(
                std::make_pair(drop_trigger->trigger.table, drop_trigger->trigger.name)) != 0) {
            return Lines{};
        }
    } else if (const auto* create_trigger = std::get_if<op::CreateTrigger>(&operation)) {
        if (auto old = dropped.triggers.find(
                std::make_pair(create_trigger->trigger.table, create_trigger->trigger.name));
            old != dropped.triggers.end()) {
            return old->second->definition == create_trigger->trigger.definition
                       ? Lines{}
                       : Lines{"trigger " + quote_identifier(create_trigger->trigger.name) +
                               " on " + display_name(create_trigger->trigger.table) +
                               ": definition differs" + direction(sides)};
        }
    }
    return std::nullopt;
}

Recreated created_objects(const Comparison& comparison) {
    Recreated created;
    for (const ops::pg::Operation& operation : comparison.upgrade) {
        if (const auto* f = std::get_if<op::CreateFunction>(&operation)) {
            created.functions.emplace(f->function.signature(), &f->function);
        } else if (const auto* v = std::get_if<op::CreateView>(&operation)) {
            created.views.emplace(v->view.name, &v->view);
        } else if (const auto* t = std::get_if<op::CreateTrigger>(&operation)) {
            created.triggers.emplace(std::make_pair(t->trigger.table, t->trigger.name),
                                     &t->trigger);
        }
    }
    return created;
}

}  // namespace

// A column changed by several operations (its default taken off before a function it calls
// is dropped, and put back after): one net change, from the first state to the last.
std::map<std::pair<schema::pg::QualifiedName, std::string>, op::AlterColumn> net_column_changes(
    const Comparison& comparison) {
    std::map<std::pair<schema::pg::QualifiedName, std::string>, op::AlterColumn> net;
    for (const ops::pg::Operation& operation : comparison.upgrade) {
        if (const auto* alter = std::get_if<op::AlterColumn>(&operation)) {
            auto [at, added] = net.emplace(std::make_pair(alter->table, alter->to.name), *alter);
            if (!added) {
                at->second.to = alter->to;
            }
        }
    }
    return net;
}

std::vector<std::string> difference_lines(const Comparison& comparison, const Sides& sides) {
    const std::set<schema::pg::QualifiedName> whole = whole_tables(comparison);
    const Recreated dropped = dropped_objects(comparison);
    const Recreated created = created_objects(comparison);
    auto net = net_column_changes(comparison);
    std::vector<std::string> lines;
    for (const ops::pg::Operation& operation : comparison.upgrade) {
        if (const auto* alter = std::get_if<op::AlterColumn>(&operation)) {
            auto found = net.find(std::make_pair(alter->table, alter->to.name));
            if (found == net.end()) {
                continue;  // its net change is told at its first operation
            }
            for (std::string& line : lines_of(found->second, sides)) {
                lines.push_back(std::move(line));
            }
            net.erase(found);
            continue;
        }
        const auto* add = std::get_if<op::AddConstraint>(&operation);
        const auto* drop = std::get_if<op::DropConstraint>(&operation);
        if ((add != nullptr && whole.count(add->table) != 0) ||
            (drop != nullptr && whole.count(drop->table) != 0)) {
            continue;
        }
        if (std::optional<Lines> recreation =
                recreation_lines(operation, dropped, created, sides)) {
            for (std::string& line : *recreation) {
                lines.push_back(std::move(line));
            }
            continue;
        }
        for (std::string& line : lines_of(operation, sides)) {
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

}  // namespace mig::autogen::pg
