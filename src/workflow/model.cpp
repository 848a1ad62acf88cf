#include "workflow/model.hpp"

#include "db/schema_loader.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "runtime/replay_cache.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"
#include "util/subprocess.hpp"
#include "workflow/model_key_memo.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <glob.h>
#include <set>
#include <sstream>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_command_source = "[model] command";
// How much of a failing command's stderr an error shows: its last lines hold the verdict.
constexpr std::size_t k_stderr_lines = 5;
constexpr std::size_t k_stderr_chars = 600;

// glob(3)'s matches, freed on scope exit.
class GlobMatches {
public:
    explicit GlobMatches(const std::string& pattern)
        : m_status(::glob(pattern.c_str(), GLOB_MARK, nullptr, &m_glob)) {}
    ~GlobMatches() { ::globfree(&m_glob); }
    GlobMatches(const GlobMatches&) = delete;
    GlobMatches& operator=(const GlobMatches&) = delete;

    int status() const { return m_status; }
    std::vector<std::string> paths() const {
        if (m_status != 0) {
            return {};
        }
        return {m_glob.gl_pathv, m_glob.gl_pathv + m_glob.gl_pathc};
    }

private:
    glob_t m_glob{};
    int m_status;
};

// The project folder may itself hold `*`, `?` or `[`: only the user's pattern is a pattern.
std::string escape_glob(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

// Files only, sorted by name: GLOB_MARK ends folders with `/`, and glob's own order
// follows the locale.
std::vector<std::string> matching_files(const std::string& pattern, const fs::path& root) {
    const std::string full =
        fs::path(pattern).is_absolute() ? pattern : escape_glob(root.string()) + "/" + pattern;
    GlobMatches matches(full);
    if (matches.status() != 0 && matches.status() != GLOB_NOMATCH) {
        throw InputError("[model] paths: cannot expand \"" + pattern + "\" in " + root.string());
    }
    std::vector<std::string> files = matches.paths();
    std::erase_if(files, [](const std::string& path) { return path.ends_with('/'); });
    std::sort(files.begin(), files.end());
    return files;
}

std::string seconds(std::chrono::milliseconds duration) {
    std::ostringstream text;
    text << static_cast<double>(duration.count()) / 1000.0 << " s";
    return text.str();
}

// "; its stderr ends: a | b | c", or nothing when it printed nothing there.
std::string stderr_tail(const std::string& err) {
    std::vector<std::string> lines;
    std::string_view rest = err;
    while (!rest.empty()) {
        std::size_t newline = rest.find('\n');
        std::string_view line = util::trim(rest.substr(0, newline));
        if (!line.empty()) {
            lines.emplace_back(line);
        }
        rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    }
    if (lines.empty()) {
        return {};
    }
    std::size_t first = lines.size() > k_stderr_lines ? lines.size() - k_stderr_lines : 0;
    std::string tail =
        util::join({lines.begin() + static_cast<std::ptrdiff_t>(first), lines.end()}, " | ");
    if (tail.size() > k_stderr_chars) {
        tail = "..." + tail.substr(tail.size() - k_stderr_chars);
    }
    return "; its stderr ends: " + tail;
}

// The DDL the command prints, or an InputError saying why there is none.
std::string command_output(const std::string& command, const fs::path& root,
                           std::chrono::milliseconds timeout) {
    const util::CommandResult result = util::run_shell_command(command, root, timeout);
    const std::string what = std::string(k_command_source) + " `" + command + "`";
    const std::string run_it = "run it in " + root.string() + " to see what goes wrong";
    switch (result.ending) {
        case util::CommandResult::Ending::timed_out:
            throw InputError(what + " did not finish within " + seconds(timeout) +
                                 " and was stopped" + stderr_tail(result.err),
                             "make it faster, or raise [model] command_timeout (seconds) in "
                             "mig.toml");
        case util::CommandResult::Ending::signalled:
            throw InputError(what + " was killed by signal " + std::to_string(result.status) +
                                 stderr_tail(result.err),
                             run_it);
        case util::CommandResult::Ending::exited:
            break;
    }
    if (result.status != 0) {
        throw InputError(what + " failed with exit status " + std::to_string(result.status) +
                             stderr_tail(result.err),
                         run_it);
    }
    if (dialect::SqliteDialect().split(result.out, 1).empty()) {
        throw InputError(what + " printed no SQL statement" + stderr_tail(result.err),
                         "it must print the model's CREATE TABLE / INDEX / VIEW / TRIGGER "
                         "statements on standard output");
    }
    return result.out;
}

// The model's DDL, loaded once per content: a large model takes SQLite longer to build than
// to restore from an image (see runtime::ReplayCache), and mig check runs in hooks.
class ModelCache {
public:
    explicit ModelCache(const Project& project)
        : m_cache(project.cache_dir(), "model"), m_key_text(salt()) {}

    // What the key depends on beyond the sources and their DDL.
    static std::string salt() {
        return std::string(k_model_cache_version) + "\nsqlite " + sqlite3_libversion();
    }

    // Each source (a file name or the command) with its DDL, in load order, makes the key.
    void add(std::string_view source, std::string_view ddl) {
        m_key_text += '\n' + std::to_string(source.size()) + ':';
        m_key_text += source;
        m_key_text += std::to_string(ddl.size()) + ':';
        m_key_text += ddl;
    }

    std::unique_ptr<SQLite::Database> load() { return m_cache.load(key()); }
    const std::string& key() {
        if (m_key.empty()) {
            m_key = util::sha256_hex(m_key_text);
        }
        return m_key;
    }
    void store(SQLite::Database& database) const { m_cache.store(m_key, database); }

private:
    static constexpr std::string_view k_model_cache_version = "mig-model 1";
    runtime::ReplayCache m_cache;
    std::string m_key_text;
    std::string m_key;
};

// The model files and their DDL, added to `cache`'s key in load order.
std::vector<std::string> read_model_files(const Project& project, std::vector<fs::path>& files,
                                          ModelCache& cache) {
    files = expand_model_paths(project.config().model_paths, project.config().root);
    std::vector<std::string> ddl;
    for (const fs::path& file : files) {
        ddl.push_back(util::read_file(file));
        cache.add(project.display(file), ddl.back());
    }
    return ddl;
}

LoadedModel load_files(const Project& project) {
    LoadedModel model;
    ModelCache cache(project);
    const std::vector<std::string> ddl = read_model_files(project, model.files, cache);
    model.database = cache.load();
    model.key = cache.key();
    if (model.database) {
        return model;
    }
    model.database = db::open_memory_database();
    for (std::size_t i = 0; i < model.files.size(); ++i) {
        const std::string name = project.display(model.files[i]);
        db::load_ddl(*model.database, ddl[i], name, 1, "fix the model in " + name);
    }
    cache.store(*model.database);
    return model;
}

LoadedModel load_command_output(const Project& project) {
    const config::Config& config = project.config();
    const std::string ddl =
        command_output(*config.model_command, config.root, config.model_command_timeout);
    LoadedModel model;
    ModelCache cache(project);
    cache.add(k_command_source, ddl);
    model.database = cache.load();
    model.key = cache.key();
    if (model.database) {
        return model;
    }
    model.database = db::open_memory_database();
    db::load_ddl(*model.database, ddl, k_command_source, 1,
                 "fix the DDL that the command prints (run `" + *config.model_command + "` in " +
                     config.root.string() + " to see it)");
    cache.store(*model.database);
    return model;
}

}  // namespace

std::vector<fs::path> expand_model_paths(const std::vector<std::string>& patterns,
                                         const fs::path& root) {
    std::vector<fs::path> files;
    std::set<fs::path> seen;
    for (const std::string& pattern : patterns) {
        std::vector<std::string> matches = matching_files(pattern, root);
        if (matches.empty()) {
            throw InputError("[model] paths: \"" + pattern + "\" matches no file",
                             "paths are relative to mig.toml's folder " + root.string() +
                                 "; fix [model] paths in mig.toml");
        }
        for (const std::string& match : matches) {
            fs::path file = fs::path(match).lexically_normal();
            if (seen.insert(file).second) {
                files.push_back(std::move(file));
            }
        }
    }
    return files;
}

std::optional<std::string> model_key(const Project& project) {
    if (project.config().model_command || project.config().model_paths.empty()) {
        return std::nullopt;
    }
    const std::vector<fs::path> files =
        expand_model_paths(project.config().model_paths, project.config().root);
    const ModelKeyMemo memo(project.cache_dir() / "model-key", files, ModelCache::salt());
    if (std::optional<std::string> key = memo.remembered()) {
        return key;
    }
    ModelCache cache(project);
    std::vector<fs::path> read;
    read_model_files(project, read, cache);
    memo.remember(cache.key());
    return cache.key();
}

LoadedModel load_model(const Project& project) {
    return model_is_command(project) ? load_command_output(project) : load_files(project);
}

std::string run_model_command(const Project& project) {
    const config::Config& config = project.config();
    return command_output(*config.model_command, config.root, config.model_command_timeout);
}

bool model_is_command(const Project& project) {
    const config::Config& config = project.config();
    const bool has_paths = !config.model_paths.empty();
    const bool has_command = config.model_command.has_value();
    if (has_paths && has_command) {
        throw InputError("[model] sets both paths and command in " + config.file.string(),
                         "keep one: paths for DDL files, command for a program that prints the "
                         "DDL");
    }
    if (has_paths || has_command) {
        return has_command;
    }
    throw InputError("no model: " + config.file.string() + " has no [model] paths or command",
                     "set paths = [\"models/schema.sql\"] under [model] in mig.toml (DDL files "
                     "or globs), or command = \"...\" for a program that prints the DDL");
}

}  // namespace mig::workflow
