#include "workflow/difference_lines.hpp"

#include "ops/overloaded.hpp"
#include "ops/rebuild_columns.hpp"

namespace mig::workflow {

namespace {

std::string type_words(const schema::Column& column) {
    return column.type.empty() ? "no declared type" : column.type;
}

std::string missing(const std::string& what, const Sides& sides) {
    return what + " missing in " + sides.current + " (the " + sides.desired + " has it)";
}

std::string extra(const std::string& what, const Sides& sides) {
    return what + " in the " + sides.current + " but not in the " + sides.desired;
}

std::string added_column(const std::string& table, const schema::Column& column,
                         const Sides& sides) {
    return "table " + table + ": column " + column.name + " missing in " + sides.current + " (" +
           sides.desired + " has " + type_words(column) + ")";
}

std::string dropped_column(const std::string& table, const schema::Column& column,
                           const Sides& sides) {
    return "table " + table + ": " + extra("column " + column.name, sides);
}

// A rebuild's added and dropped columns read like plain ADD/DROP COLUMN differences; every
// other change names its direction.
std::vector<std::string> rebuild_lines(const ops::RebuildTable& rebuild, const Sides& sides) {
    std::vector<std::string> lines;
    for (const schema::Column* column : ops::discarded_columns(rebuild)) {
        lines.push_back(dropped_column(rebuild.to.name, *column, sides));
    }
    for (const schema::Column* column : ops::new_columns(rebuild)) {
        lines.push_back(added_column(rebuild.to.name, *column, sides));
    }
    for (const std::string& change : ops::rebuild_changes(rebuild)) {
        if (change.starts_with("drop column ") || change.starts_with("add column ")) {
            continue;  // said above
        }
        lines.push_back("table " + rebuild.to.name + ": " + change + " (" + sides.current + " -> " +
                        sides.desired + ")");
    }
    if (lines.empty()) {  // a rebuild always has a reason; never hide one
        lines.push_back("table " + rebuild.to.name + ": differs (" + ops::describe(rebuild) + ")");
    }
    return lines;
}

}  // namespace

std::vector<std::string> difference_lines(const ops::Operation& operation, const Sides& sides) {
    return std::visit(
        ops::Overloaded{
            [&](const ops::CreateTable& op) -> std::vector<std::string> {
                return {missing("table " + op.table.name + ":", sides)};
            },
            [&](const ops::DropTable& op) -> std::vector<std::string> {
                return {extra("table " + op.table.name + ":", sides)};
            },
            [&](const ops::AddColumn& op) -> std::vector<std::string> {
                return {added_column(op.table, op.column, sides)};
            },
            [&](const ops::DropColumn& op) -> std::vector<std::string> {
                return {dropped_column(op.table, op.column, sides)};
            },
            [&](const ops::RebuildTable& op) { return rebuild_lines(op, sides); },
            [&](const ops::CreateIndex& op) -> std::vector<std::string> {
                return {missing("index " + op.index.name + " on " + op.index.table + ":", sides)};
            },
            [&](const ops::DropIndex& op) -> std::vector<std::string> {
                return {extra("index " + op.index.name + " on " + op.index.table + ":", sides)};
            },
            [&](const ops::CreateView& op) -> std::vector<std::string> {
                return {missing("view " + op.view.name + ":", sides)};
            },
            [&](const ops::DropView& op) -> std::vector<std::string> {
                return {extra("view " + op.view.name + ":", sides)};
            },
            [&](const ops::CreateTrigger& op) -> std::vector<std::string> {
                return {missing("trigger " + op.trigger.name + ":", sides)};
            },
            [&](const ops::DropTrigger& op) -> std::vector<std::string> {
                return {extra("trigger " + op.trigger.name + ":", sides)};
            },
            [&](const auto& op) -> std::vector<std::string> {  // renames: only with hints
                return {"the " + sides.current + " and the " + sides.desired +
                        " differ: " + ops::describe(op)};
            },
        },
        operation);
}

}  // namespace mig::workflow
