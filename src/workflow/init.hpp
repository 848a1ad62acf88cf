#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

struct InitOptions {
    std::filesystem::path dir;                // the project root (after -C)
    std::optional<std::string> database_url;  // default "sqlite:///app.db"
    std::optional<std::string> model_path;    // default "models/schema.sql"
};

struct InitResult {
    std::filesystem::path config_file;
    std::vector<std::filesystem::path> created;  // every file and folder written
    std::vector<std::string> gitignore_lines;    // lines appended to .gitignore
};

// Writes mig.toml, migrations/versions/, migrations/script.sql.tmpl and (when missing) an
// empty model file, and adds mig's local state (SQLite backups, lock) and a relative SQLite
// database file to .gitignore. RefusedError (exit 3) when mig.toml or a non-empty migrations
// directory already exists: nothing is written then. Everything is checked before the first
// write, and a write that fails midway (a full disk) removes whatever this run created.
// (Where init may run, inside a git work tree, the CLI checks first: workflow::require_work_tree.)
InitResult init_project(const InitOptions& options);

}  // namespace mig::workflow
