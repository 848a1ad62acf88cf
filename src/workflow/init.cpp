#include "workflow/init.hpp"

#include "db/database_url.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"
#include "workflow/templates.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

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
    if (fs::exists(fs::symlink_status(config_file, error))) {
        throw RefusedError(config_file.string() + " already exists; mig init never overwrites it",
                           "edit it, or run `mig init` in an empty folder");
    }
    if (fs::exists(migrations, error) && !fs::is_directory(migrations, error)) {
        throw InputError(migrations.string() + " exists and is not a folder",
                         "move it away, then run `mig init` again");
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

bool is_glob(const std::string& model) {
    return model.find_first_of("*?[") != std::string::npos;
}

// The model file is written only when missing; a folder, or a file where a folder of its
// path should be, is refused before anything is written.
void check_model_path(const fs::path& root, const std::string& model) {
    if (is_glob(model)) {
        return;
    }
    std::error_code error;
    const fs::path file = root / model;
    if (fs::is_directory(file, error)) {
        throw InputError("the model path " + model + " is a folder, not a file",
                         "pass --model with the model file's path");
    }
    for (fs::path folder = file.parent_path(); folder != root && folder.has_relative_path();
         folder = folder.parent_path()) {
        if (fs::exists(folder, error) && !fs::is_directory(folder, error)) {
            throw InputError(
                "the model path " + model + ": " + folder.string() + " is not a folder",
                "pass --model with another path");
        }
    }
}

// What this run created, removed again (newest first) unless the run completes, so that a
// failure midway (a full disk) leaves the folder as it was; and .gitignore's old text.
class CreatedPaths {
public:
    CreatedPaths() = default;
    CreatedPaths(const CreatedPaths&) = delete;
    CreatedPaths& operator=(const CreatedPaths&) = delete;
    ~CreatedPaths() {
        if (m_done) {
            return;
        }
        std::error_code ignored;
        for (auto it = m_paths.rbegin(); it != m_paths.rend(); ++it) {
            fs::remove(*it, ignored);  // a folder only goes when empty
        }
        if (m_gitignore) {
            try {
                util::write_file_atomically(m_gitignore->first, m_gitignore->second);
            } catch (const Error&) {
                // the original error matters more; .gitignore then holds mig's lines too
            }
        }
    }

    // Creates `dir` and each missing folder above it, remembering those it made.
    void create_directories(const fs::path& dir) {
        std::vector<fs::path> missing;
        std::error_code error;
        for (fs::path folder = dir; !folder.empty() && !fs::exists(folder, error);
             folder = folder.parent_path()) {
            missing.push_back(folder);
        }
        for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
            if (!fs::create_directory(*it, error) && error) {
                throw util::write_failure(*it, error.value());
            }
            m_paths.push_back(*it);
        }
    }
    void write_new_file(const fs::path& file, std::string_view content) {
        util::write_new_file(file, content);
        m_paths.push_back(file);
    }
    void replace_gitignore(const fs::path& file, const std::optional<std::string>& old_text,
                           std::string_view text) {
        util::write_file_atomically(file, text);
        if (old_text) {
            m_gitignore.emplace(file, *old_text);
        } else {
            m_paths.push_back(file);
        }
    }
    void done() { m_done = true; }

private:
    std::vector<fs::path> m_paths;
    std::optional<std::pair<fs::path, std::string>> m_gitignore;
    bool m_done = false;
};

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

// .gitignore with mig's lines added (nullopt when they are all there already), from its
// current text (nullopt: no .gitignore yet). Lines are appended, never reordered.
std::optional<std::string> with_ignores(const std::optional<std::string>& current,
                                        const std::vector<std::string>& wanted,
                                        std::vector<std::string>& added) {
    std::string text = current.value_or("");
    std::vector<std::string> present = util::split_whitespace(text);
    for (const auto& line : wanted) {
        if (std::find(present.begin(), present.end(), line) == present.end()) {
            added.push_back(line);
        }
    }
    if (added.empty()) {
        return std::nullopt;
    }
    if (!text.empty() && text.back() != '\n') {
        text += '\n';
    }
    text += "# mig: local database state (backups, lock) and the SQLite database\n";
    for (const auto& line : added) {
        text += line + "\n";
    }
    return text;
}

// The current .gitignore, read before anything is written so that an unreadable one stops
// init early.
std::optional<std::string> read_gitignore(const fs::path& file) {
    std::error_code error;
    if (fs::exists(file, error) && !fs::is_regular_file(file, error)) {
        throw InputError(file.string() + " is not a regular file", "move it away, then retry");
    }
    return util::read_file_if_exists(file);
}

}  // namespace

InitResult init_project(const InitOptions& options) {
    fs::path root = fs::absolute(options.dir).lexically_normal();
    std::string url_text = options.database_url.value_or(k_default_url);
    std::string model = options.model_path.value_or(k_default_model);

    // Every check first: nothing is written unless all pass.
    db::DatabaseUrl url = db::parse_database_url(url_text, root);
    InitResult result;
    result.config_file = root / "mig.toml";
    fs::path migrations = root / "migrations";
    refuse_existing(result.config_file, migrations);
    check_model_path(root, model);
    const fs::path gitignore = root / ".gitignore";
    const std::optional<std::string> old_gitignore = read_gitignore(gitignore);
    const std::optional<std::string> new_gitignore =
        with_ignores(old_gitignore, wanted_ignores(url, root), result.gitignore_lines);
    const std::string template_text = stock_script_template();

    CreatedPaths created;
    created.create_directories(migrations / "versions");
    result.created.push_back(migrations / "versions");
    created.write_new_file(migrations / "script.sql.tmpl", template_text);
    result.created.push_back(migrations / "script.sql.tmpl");

    fs::path model_file = root / model;
    std::error_code error;
    if (!is_glob(model) && !fs::exists(model_file, error)) {
        created.create_directories(model_file.parent_path());
        created.write_new_file(model_file, k_model_text);
        result.created.push_back(model_file);
    }
    if (new_gitignore) {
        created.replace_gitignore(gitignore, old_gitignore, *new_gitignore);
    }
    // mig.toml last: while it is missing, a failed init can simply be run again.
    created.write_new_file(result.config_file, config_text(url_text, model));
    result.created.insert(result.created.begin(), result.config_file);
    created.done();
    return result;
}

}  // namespace mig::workflow
