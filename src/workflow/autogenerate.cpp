#include "workflow/autogenerate.hpp"

#include "autogen/render.hpp"
#include "db/sqlite_introspect.hpp"
#include "graph/errors.hpp"
#include "ops/operation.hpp"
#include "util/strings.hpp"
#include "workflow/model.hpp"
#include "workflow/schemas.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

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

// A comment holds one line: a name with a line break in it must not end the comment early.
std::string one_line(std::string_view text) {
    std::string line;
    for (char c : text) {
        line += (c == '\n' || c == '\r') ? ' ' : c;
    }
    return line;
}

// `word` as one shell word: as is when it is plain, else in single quotes.
std::string shell_word(std::string_view word) {
    bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               std::string_view("_-.=/:,+@%").find(c) != std::string_view::npos;
    });
    if (plain) {
        return std::string(word);
    }
    std::string quoted = "'";
    for (char c : word) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

// Likely renames go into the file too, where the reviewer reads the drop and the add. Plain
// `-- hint:` comments, never `-- mig:` (a directive line, which the parser would reject).
std::string rename_notes(const std::vector<autogen::LikelyRename>& renames,
                         const std::string& message) {
    std::string notes;
    for (const auto& rename : renames) {
        std::string what = rename.table.empty()
                               ? "table " + rename.from + " was dropped and table " + rename.to
                               : "column " + rename.table + "." + rename.from +
                                     " was dropped and column " + rename.to;
        notes += "-- hint: " + one_line(what) +
                 " added with the same shape; this revision drops and adds, losing the old "
                 "data.\n"
                 "-- hint: if it is a rename, delete this file and run\n"
                 "-- hint:     mig migrate -m " +
                 one_line(shell_word(message)) + " --rename " + one_line(shell_word(rename.flag)) +
                 "\n";
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
    result.upgrade_sql = rename_notes(comparison.likely_renames, options.message) +
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
