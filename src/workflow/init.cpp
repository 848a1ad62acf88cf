#include "workflow/init.hpp"

#include "db/database_url.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"
#include "workflow/templates.hpp"

#include <algorithm>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_default_url = "sqlite:///app.db";
constexpr const char* k_default_model = "models/schema.sql";

std::string toml_string(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string config_text(const std::string& url, const std::string& model) {
    return "# mig configuration. See `mig --help` and docs/guide.md.\n"
           "\n"
           "[database]\n"
           "url = " +
           toml_string(url) +
           "   # relative SQLite paths are relative to this file's folder\n"
           "# backup = true         # SQLite: copy the database before every upgrade or downgrade\n"
           "# backup_keep = 5       # how many of those copies to keep\n"
           "# lock_timeout = 30     # seconds to wait while another mig process migrates\n"
           "\n"
           "[model]\n"
           "paths = [" +
           toml_string(model) +
           "]   # declarative DDL files or globs: the desired schema\n"
           "# command = \"python3 dump_schema.py\"   # or: a program whose standard output is the "
           "DDL\n"
           "\n"
           "[migrations]\n"
           "directory = \"migrations\"   # holds versions/ and script.sql.tmpl\n"
           "\n"
           "# [env.test]                 # selected with --env test or MIG_ENV=test\n"
           "# url = \"sqlite:///test.db\"\n";
}

constexpr const char* k_model_text =
    "-- The desired schema, as declarative DDL (CREATE TABLE / INDEX / VIEW / TRIGGER).\n"
    "-- `mig migrate -m MESSAGE` writes a revision that turns the migrations' schema into this "
    "one.\n";

void refuse_existing(const fs::path& config_file, const fs::path& migrations) {
    std::error_code error;
    if (fs::exists(config_file, error)) {
        throw RefusedError(config_file.string() + " already exists; mig init never overwrites it",
                           "edit it, or run `mig init` in an empty folder");
    }
    // An empty versions/ left by an interrupted init is fine; revisions or a template are not.
    bool has_revisions =
        fs::exists(migrations / "versions", error) && !fs::is_empty(migrations / "versions", error);
    if (has_revisions || fs::exists(migrations / "script.sql.tmpl", error)) {
        throw RefusedError(
            migrations.string() +
                " already holds revisions or a template; mig init never overwrites them",
            "move it away, or write mig.toml by hand pointing [migrations] directory at it");
    }
}

// The lines mig wants ignored: its local state folder, and the SQLite database itself when
// it lives inside the project (a database file has no business in commits).
std::vector<std::string> wanted_ignores(const db::DatabaseUrl& url, const fs::path& root) {
    std::vector<std::string> lines{".mig/"};
    if (url.scheme == "sqlite") {
        fs::path relative = url.sqlite_path.lexically_relative(root);
        if (!relative.empty() && *relative.begin() != "..") {
            lines.push_back("/" + relative.generic_string());
            lines.push_back("/" + relative.generic_string() + "-journal");
        }
    }
    return lines;
}

std::vector<std::string> update_gitignore(const fs::path& root,
                                          const std::vector<std::string>& wanted) {
    fs::path file = root / ".gitignore";
    std::string text = util::read_file_if_exists(file).value_or("");
    std::vector<std::string> present;
    for (const auto& line : util::split_whitespace(text)) {
        present.push_back(line);
    }
    std::vector<std::string> added;
    for (const auto& line : wanted) {
        if (std::find(present.begin(), present.end(), line) == present.end()) {
            added.push_back(line);
        }
    }
    if (added.empty()) {
        return added;
    }
    if (!text.empty() && text.back() != '\n') {
        text += '\n';
    }
    text += "# mig: local database state (backups, lock) and the SQLite database\n";
    for (const auto& line : added) {
        text += line + "\n";
    }
    util::write_file_atomically(file, text);
    return added;
}

}  // namespace

InitResult init_project(const InitOptions& options) {
    fs::path root = fs::absolute(options.dir).lexically_normal();
    std::string url_text = options.database_url.value_or(k_default_url);
    std::string model = options.model_path.value_or(k_default_model);
    db::DatabaseUrl url =
        db::parse_database_url(url_text, root);  // reject a bad URL before writing

    InitResult result;
    result.config_file = root / "mig.toml";
    fs::path migrations = root / "migrations";
    refuse_existing(result.config_file, migrations);

    fs::create_directories(migrations / "versions");
    result.created.push_back(migrations / "versions");
    util::write_new_file(migrations / "script.sql.tmpl", stock_script_template());
    result.created.push_back(migrations / "script.sql.tmpl");

    fs::path model_file = root / model;
    std::error_code error;
    if (model.find_first_of("*?[") == std::string::npos && !fs::exists(model_file, error)) {
        fs::create_directories(model_file.parent_path());
        util::write_new_file(model_file, k_model_text);
        result.created.push_back(model_file);
    }
    result.gitignore_lines = update_gitignore(root, wanted_ignores(url, root));
    // mig.toml last: while it is missing, a failed init can simply be run again.
    util::write_new_file(result.config_file, config_text(url_text, model));
    result.created.insert(result.created.begin(), result.config_file);
    return result;
}

}  // namespace mig::workflow
