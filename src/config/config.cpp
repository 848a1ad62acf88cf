#include "config/config.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/spelling.hpp"
#include "util/strings.hpp"

#include <toml++/toml.h>

#include <set>

namespace mig::config {

namespace fs = std::filesystem;

namespace {

const std::set<std::string> k_top_level_keys = {"database", "model", "migrations", "env"};
const std::set<std::string> k_database_keys = {"url", "backup", "backup_keep", "lock_timeout"};
const std::set<std::string> k_model_keys = {"paths", "command", "command_timeout"};
const std::set<std::string> k_migrations_keys = {"directory"};

std::string location(const fs::path& file, const toml::node& node) {
    return file.string() + ":" + std::to_string(node.source().begin.line);
}

void warn_unknown_keys(const toml::table& table, const std::set<std::string>& known,
                       const std::string& section, const fs::path& file,
                       std::vector<std::string>& warnings) {
    for (const auto& [key, node] : table) {
        std::string name(key.str());
        if (known.count(name) != 0) {
            continue;
        }
        std::string message = location(file, node) + ": unknown key '" + name + "' in " + section;
        auto suggestions =
            util::closest_matches(name, std::vector<std::string>(known.begin(), known.end()), 1);
        if (!suggestions.empty()) {
            message += "; did you mean '" + suggestions.front() + "'?";
        }
        warnings.push_back(message);
    }
}

[[noreturn]] void wrong_type(const fs::path& file, const toml::node& node, const std::string& key,
                             const std::string& expected) {
    throw InputError(location(file, node) + ": '" + key + "' must be " + expected,
                     "fix the value in " + file.filename().string());
}

std::string require_string(const toml::node& node, const fs::path& file, const std::string& key) {
    if (auto value = node.value<std::string>()) {
        return *value;
    }
    wrong_type(file, node, key, "a string");
}

const toml::table* table_at(const toml::table& root, const char* key, const fs::path& file) {
    const toml::node* node = root.get(key);
    if (node == nullptr) {
        return nullptr;
    }
    if (!node->is_table()) {
        wrong_type(file, *node, key, "a table ([" + std::string(key) + "])");
    }
    return node->as_table();
}

// [database] and [env.NAME] share keys; later tables override earlier ones.
void apply_database_table(const toml::table& table, const fs::path& file,
                          const std::string& section, Config& config,
                          std::optional<std::string>& url) {
    warn_unknown_keys(table, k_database_keys, section, file, config.warnings);
    if (const toml::node* node = table.get("url")) {
        url = require_string(*node, file, "url");
    }
    if (const toml::node* node = table.get("backup")) {
        auto value = node->value<bool>();
        if (!value) {
            wrong_type(file, *node, "backup", "true or false");
        }
        config.backup = *value;
    }
    if (const toml::node* node = table.get("backup_keep")) {
        auto value = node->value<int64_t>();
        if (!value || *value < 1 || *value > 1000) {
            wrong_type(file, *node, "backup_keep", "a whole number from 1 to 1000");
        }
        config.backup_keep = static_cast<int>(*value);
    }
    if (const toml::node* node = table.get("lock_timeout")) {
        auto value = node->value<double>();
        if (!value || *value < 0) {
            wrong_type(file, *node, "lock_timeout", "a number of seconds (0 or more)");
        }
        config.lock_timeout = std::chrono::milliseconds(static_cast<long long>(*value * 1000.0));
    }
}

void apply_model_table(const toml::table& table, const fs::path& file, Config& config) {
    warn_unknown_keys(table, k_model_keys, "[model]", file, config.warnings);
    if (const toml::node* node = table.get("paths")) {
        if (auto single = node->value<std::string>()) {
            config.model_paths.push_back(*single);
        } else if (const toml::array* array = node->as_array()) {
            for (const auto& item : *array) {
                config.model_paths.push_back(require_string(item, file, "paths"));
            }
        } else {
            wrong_type(file, *node, "paths", "a list of file names or globs");
        }
    }
    if (const toml::node* node = table.get("command")) {
        config.model_command = require_string(*node, file, "command");
    }
    if (const toml::node* node = table.get("command_timeout")) {
        auto value = node->value<double>();
        if (!value || *value <= 0) {
            wrong_type(file, *node, "command_timeout", "a number of seconds (more than 0)");
        }
        config.model_command_timeout =
            std::chrono::milliseconds(static_cast<long long>(*value * 1000.0));
    }
}

std::vector<std::string> env_names(const toml::table* envs) {
    std::vector<std::string> names;
    if (envs != nullptr) {
        for (const auto& [key, node] : *envs) {
            names.emplace_back(key.str());
        }
    }
    return names;
}

void apply_env_table(const toml::table* envs, const fs::path& file, Config& config,
                     std::optional<std::string>& url) {
    if (!config.env_name) {
        return;
    }
    const std::string& name = *config.env_name;
    const toml::node* node = envs != nullptr ? envs->get(name) : nullptr;
    if (node == nullptr) {
        auto names = env_names(envs);
        std::string hint =
            names.empty()
                ? "add an [env." + name + "] table to " + file.filename().string()
                : "environments in " + file.filename().string() + ": " + util::join(names, ", ");
        auto close = util::closest_matches(name, names, 1);
        if (!close.empty()) {
            hint = "did you mean '" + close.front() + "'? " + hint;
        }
        throw InputError("unknown environment '" + name + "': " + file.string() + " has no [env." +
                             name + "] table",
                         hint);
    }
    if (!node->is_table()) {
        wrong_type(file, *node, "env." + name, "a table ([env." + name + "])");
    }
    apply_database_table(*node->as_table(), file, "[env." + name + "]", config, url);
}

}  // namespace

std::optional<fs::path> find_config_file(const fs::path& start) {
    std::error_code error;
    fs::path dir = fs::absolute(start, error);
    while (true) {
        fs::path candidate = dir / k_config_file_name;
        if (fs::is_regular_file(candidate, error)) {
            return candidate;
        }
        if (dir == dir.root_path() || dir.parent_path() == dir) {
            return std::nullopt;
        }
        dir = dir.parent_path();
    }
}

Config parse_config(const std::string& text, const fs::path& file, const ConfigRequest& request) {
    toml::table root;
    try {
        root = toml::parse(text, file.string());
    } catch (const toml::parse_error& error) {
        throw ParseError(file.string(), static_cast<int>(error.source().begin.line),
                         std::string(error.description()), "fix the TOML syntax");
    }

    Config config;
    config.file = file;
    config.root = file.parent_path();
    config.env_name = request.env_name;
    config.migrations_dir = config.root / "migrations";
    warn_unknown_keys(root, k_top_level_keys, "mig.toml", file, config.warnings);

    std::optional<std::string> url;
    if (const toml::table* database = table_at(root, "database", file)) {
        apply_database_table(*database, file, "[database]", config, url);
        config.database_url_source = "[database] url";
    }
    if (const toml::table* model = table_at(root, "model", file)) {
        apply_model_table(*model, file, config);
    }
    if (const toml::table* migrations = table_at(root, "migrations", file)) {
        warn_unknown_keys(*migrations, k_migrations_keys, "[migrations]", file, config.warnings);
        if (const toml::node* node = migrations->get("directory")) {
            config.migrations_dir = config.root / require_string(*node, file, "directory");
        }
    }
    auto url_before_env = url;
    apply_env_table(table_at(root, "env", file), file, config, url);
    if (config.env_name && url != url_before_env) {
        config.database_url_source = "[env." + *config.env_name + "] url";
    }
    if (request.env_database_url && !request.env_database_url->empty()) {
        url = request.env_database_url;
        config.database_url_source = "MIG_DATABASE_URL";
    }
    if (request.database_url) {
        url = request.database_url;
        config.database_url_source = "--database-url";
    }
    if (!url || url->empty()) {
        // A misspelt key is the likely cause: say so rather than lose the warning.
        std::string hint =
            config.warnings.empty()
                ? "add url = \"sqlite:///app.db\" under [database], or pass --database-url URL"
                : config.warnings.front();
        throw InputError("no database URL: " + file.string() + " has no [database] url", hint);
    }
    config.database_url = *url;
    config.migrations_dir = config.migrations_dir.lexically_normal();
    return config;
}

Config load_config(const ConfigRequest& request) {
    fs::path file;
    if (request.config_file) {
        std::error_code error;
        file = fs::absolute(request.start_dir / *request.config_file, error);
        if (!fs::is_regular_file(file, error)) {
            throw InputError("config file " + request.config_file->string() + " does not exist",
                             "check the path given to --config");
        }
    } else {
        auto found = find_config_file(request.start_dir);
        if (!found) {
            throw InputError("no mig.toml in " + fs::absolute(request.start_dir).string() +
                                 " or any parent folder",
                             "run `mig init` to create one, or pass --config FILE");
        }
        file = *found;
    }
    return parse_config(util::read_file(file), file.lexically_normal(), request);
}

}  // namespace mig::config
