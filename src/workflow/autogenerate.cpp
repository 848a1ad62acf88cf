#include "workflow/autogenerate.hpp"

#include "graph/errors.hpp"
#include "util/strings.hpp"
#include "workflow/schema_engine.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string_view>

namespace mig::workflow {

namespace {

// The engine's revision, with the multiple-heads error worded for mig migrate.
GeneratedRevision generate(Project& project, const std::vector<autogen::RenameHint>& renames,
                           bool from_db) {
    const std::unique_ptr<SchemaEngine> engine = make_schema_engine(project);
    try {
        return engine->generate(project, renames, from_db);
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
    const GeneratedRevision generated = generate(project, renames, options.from_db);

    AutogenerateResult result;
    result.likely_renames = generated.likely_renames;
    if (!generated.changed()) {
        return result;
    }
    result.changed = true;
    result.operations = generated.operations;
    result.destructive = generated.destructive;
    result.transaction_off = generated.transaction_off;
    result.upgrade_sql =
        rename_notes(generated.likely_renames, options.message) + generated.upgrade_sql;
    result.downgrade_sql = generated.downgrade_sql;
    if (!options.sql_only) {
        RevisionOptions revision;
        revision.message = options.message;
        revision.rev_id = options.rev_id;
        revision.upgrade_sql = result.upgrade_sql;
        revision.downgrade_sql = result.downgrade_sql;
        revision.transactional = !generated.transaction_off;
        result.written = create_revision(project, revision);
    }
    return result;
}

}  // namespace mig::workflow
