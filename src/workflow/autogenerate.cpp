#include "workflow/autogenerate.hpp"

#include "autogen/render.hpp"
#include "db/sqlite_introspect.hpp"
#include "graph/errors.hpp"
#include "ops/operation.hpp"
#include "util/strings.hpp"
#include "workflow/model.hpp"
#include "workflow/schemas.hpp"

namespace mig::workflow {

namespace {

schema::Catalog current_catalog(Project& project, bool from_db) {
    if (from_db) {
        return db::introspect(*live_schema(project));
    }
    try {
        return db::introspect(*head_schema(project).database);
    } catch (const graph::MultipleHeadsError& error) {
        throw graph::MultipleHeadsError(
            "the migrations have " + std::to_string(error.heads().size()) + " heads (" +
                util::join(error.heads(), ", ") +
                "), so there is no single schema to compare "
                "the model with",
            error.heads(),
            "merge them first with `mig merge -m \"merge heads\" heads`, then run mig migrate "
            "again");
    }
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
