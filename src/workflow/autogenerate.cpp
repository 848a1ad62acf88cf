#include "workflow/autogenerate.hpp"

#include "autogen/render.hpp"
#include "db/sqlite_introspect.hpp"
#include "ops/operation.hpp"
#include "util/strings.hpp"
#include "workflow/model.hpp"
#include "workflow/schemas.hpp"

#include <type_traits>
#include <variant>

namespace mig::workflow {

namespace {

schema::Catalog current_catalog(Project& project, bool from_db) {
    if (from_db) {
        return db::introspect(*live_schema(project));
    }
    return db::introspect(*head_schema(project).database);
}

// Likely renames go into the file too, where the reviewer reads the drop and the add.
std::string rename_notes(const std::vector<autogen::LikelyRename>& renames) {
    std::string notes;
    for (const auto& rename : renames) {
        notes +=
            "-- mig: " + rename.from + " -> " + rename.to +
            (rename.table.empty() ? "" : " in table " + rename.table) +
            " looks like a rename; this revision drops and adds instead. To keep the data, run\n"
            "--      mig migrate --rename " +
            rename.flag + " ...\n";
    }
    return notes.empty() ? notes : notes + "\n";
}

}  // namespace

AutogenerateResult autogenerate(Project& project, const AutogenerateOptions& options) {
    std::vector<autogen::RenameHint> renames;
    for (const auto& argument : options.renames) {
        renames.push_back(autogen::parse_rename(argument));
    }
    schema::Catalog current = current_catalog(project, options.from_db);
    schema::Catalog desired = db::introspect(*load_model(project).database);
    autogen::Comparison comparison = autogen::compare(current, desired, renames);

    AutogenerateResult result;
    result.likely_renames = comparison.likely_renames;
    if (comparison.upgrade.empty()) {
        return result;
    }
    result.changed = true;
    for (const auto& operation : comparison.upgrade) {
        result.operations.push_back(ops::describe(operation));
        if (auto loss = ops::data_loss(operation); loss.possible) {
            result.destructive.push_back(ops::describe(operation) + ": " + loss.reason);
        }
    }
    result.upgrade_sql = rename_notes(comparison.likely_renames) +
                         autogen::render_sqlite(comparison.upgrade, desired);
    result.downgrade_sql = autogen::render_sqlite(ops::reverse_all(comparison.upgrade), current);
    if (!options.sql_only) {
        RevisionOptions revision;
        revision.message = options.message;
        revision.rev_id = options.rev_id;
        revision.upgrade_sql = result.upgrade_sql;
        revision.downgrade_sql = result.downgrade_sql;
        result.written = create_revision(project, revision);
    }
    return result;
}

}  // namespace mig::workflow

namespace mig::workflow {

namespace {

std::string type_words(const schema::Column& column) {
    return column.type.empty() ? "no declared type" : column.type;
}

// What the model has and the migrations lack (or the reverse), for a reviewer: the upgrade
// operation a revision would need, said as the difference it repairs.
std::string difference_line(const ops::Operation& operation) {
    return std::visit(
        [](const auto& op) -> std::string {
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, ops::CreateTable>) {
                return "table " + op.table.name + ": missing in migrations (the model has it)";
            } else if constexpr (std::is_same_v<T, ops::DropTable>) {
                return "table " + op.table.name + ": in the migrations but not in the model";
            } else if constexpr (std::is_same_v<T, ops::AddColumn>) {
                return "table " + op.table + ": column " + op.column.name +
                       " missing in migrations (model has " + type_words(op.column) + ")";
            } else if constexpr (std::is_same_v<T, ops::DropColumn>) {
                return "table " + op.table + ": column " + op.column.name +
                       " in the migrations but not in the model";
            } else if constexpr (std::is_same_v<T, ops::CreateIndex>) {
                return "index " + op.index.name + " on " + op.index.table +
                       ": missing in migrations";
            } else if constexpr (std::is_same_v<T, ops::DropIndex>) {
                return "index " + op.index.name + " on " + op.index.table +
                       ": in the migrations but not in the model";
            } else if constexpr (std::is_same_v<T, ops::CreateView>) {
                return "view " + op.view.name + ": missing in migrations";
            } else if constexpr (std::is_same_v<T, ops::DropView>) {
                return "view " + op.view.name + ": in the migrations but not in the model";
            } else if constexpr (std::is_same_v<T, ops::CreateTrigger>) {
                return "trigger " + op.trigger.name + ": missing in migrations";
            } else if constexpr (std::is_same_v<T, ops::DropTrigger>) {
                return "trigger " + op.trigger.name + ": in the migrations but not in the model";
            } else {
                return "the model and the migrations differ: " + ops::describe(op);
            }
        },
        operation);
}

}  // namespace

CheckResult check(Project& project) {
    CheckResult result;
    const graph::RevisionGraph& graph = project.scripts().graph();
    if (graph.heads().size() > 1) {
        std::vector<std::string> heads;
        for (auto head : graph.heads()) {
            heads.push_back(graph.at(head).id);
        }
        result.problems.push_back("the migrations have " + std::to_string(heads.size()) +
                                  " heads (" + util::join(heads, ", ") +
                                  "); join them with `mig merge -m \"merge heads\" heads`");
        return result;  // there is no single head schema to compare with
    }
    schema::Catalog current = db::introspect(*head_schema(project).database);
    schema::Catalog desired = db::introspect(*load_model(project).database);
    autogen::Comparison comparison = autogen::compare(current, desired);
    for (const auto& operation : comparison.upgrade) {
        result.problems.push_back(difference_line(operation));
    }
    if (!result.problems.empty()) {
        result.problems.push_back(
            "run `mig migrate -m MESSAGE` to write a revision for " +
            std::string(result.problems.size() == 1 ? "this difference" : "these differences"));
    }
    return result;
}

}  // namespace mig::workflow
