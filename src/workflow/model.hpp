#pragma once

#include "workflow/project.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// The model: the schema the user wants, as a live in-memory SQLite database.
struct LoadedModel {
    std::unique_ptr<SQLite::Database> database;
    std::vector<std::filesystem::path> files;  // [model] paths: the files loaded, in order
    std::string key;  // the SHA-256 of what was loaded (sources and DDL): equal keys, equal models
};

// Loads the model that mig.toml's [model] describes (both throw InputError, exit 2):
//
// - `paths`: DDL files or glob(3) patterns (`*`, `?`, `[...]`; no `**`), relative to
//   mig.toml's folder, loaded one after another into one database (see expand_model_paths
//   for the order). An entry that matches no file is an error naming it; a failing statement
//   is a ParseError naming the file and line, the statement and SQLite's message.
// - `command`: run with `/bin/sh -c` in mig.toml's folder, its standard output is the DDL.
//   A non-zero exit, a timeout (`command_timeout`, 60 s by default; the command's whole
//   process group is killed) or output without a statement is an error showing the command
//   and the end of its stderr. A failing statement is located as `[model] command:LINE`.
//
// Neither set, or both, is an error saying what to set.
LoadedModel load_model(const Project& project);

// Whether the project's model is `[model] command`'s output (true) or `[model] paths` files
// (false); InputError as load_model when it sets neither or both. For loaders of other
// databases (workflow/postgres_model.hpp), which read the same configuration.
bool model_is_command(const Project& project);

// What `[model] command` prints on standard output, with load_model's errors (InputError for
// a failure, a timeout or output without a statement).
std::string run_model_command(const Project& project);

// The key load_model gives a `[model] paths` model, from the files' names and contents alone
// (nothing is loaded into SQLite); nullopt for a model command, which only running it tells.
// InputError as load_model for a path that matches no file.
std::optional<std::string> model_key(const Project& project);

// The files `[model] paths` names, in load order: entries in the order listed, each glob's
// matches sorted by name (byte order, whatever the locale), a file matched twice loaded at
// its first place only, folders skipped. Patterns are relative to `root`. InputError naming
// an entry that matches no file.
std::vector<std::filesystem::path> expand_model_paths(const std::vector<std::string>& patterns,
                                                      const std::filesystem::path& root);

}  // namespace mig::workflow
