#include "config/config.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/spelling.hpp"
#include "util/strings.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <sstream>

namespace mig::config {

namespace fs = std::filesystem;

namespace {

const std::set<std::string> k_top_level_keys = {"database", "model", "migrations", "hooks", "env"};
const std::set<std::string> k_database_keys = {"url",
                                               "backup",
                                               "backup_keep",
                                               "backup_command",
                                               "backup_command_timeout",
                                               "lock_timeout",
                                               "statement_timeout",
                                               "schema",
                                               "schemas",
                                               "dev_url"};
const std::set<std::string> k_hooks_keys = {"sync", "snapshots", "snapshot_keep", "published"};
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

// What a value is, for "(got ...)": short, and as the user wrote it.
std::string describe_value(const toml::node& node) {
    if (auto text = node.value_exact<std::string>()) {
        return "\"" + (text->size() > 40 ? text->substr(0, 40) + "..." : *text) + "\"";
    }
    if (auto number = node.value_exact<int64_t>()) {
        return std::to_string(*number);
    }
    if (auto number = node.value_exact<double>()) {
        if (std::isnan(*number)) {
            return "nan";
        }
        if (std::isinf(*number)) {
            return *number < 0 ? "-inf" : "inf";
        }
        std::ostringstream out;
        out << *number;
        return out.str();
    }
    if (auto flag = node.value_exact<bool>()) {
        return *flag ? "true" : "false";
    }
    if (node.is_table()) {
        return "a table";
    }
    if (node.is_array()) {
        return "a list";
    }
    return "a date or time";
}

// `mig.toml:3: [database] lock_timeout must be ... (got inf)`: the file, the line, the key as
// the user finds it in the file, what is allowed and what was there.
[[noreturn]] void invalid_value(const fs::path& file, const toml::node& node,
                                const std::string& section, const std::string& key,
                                const std::string& allowed) {
    const std::string where = section.empty() ? key : section + " " + key;
    throw InputError(location(file, node) + ": " + where + " must be " + allowed + " (got " +
                         describe_value(node) + ")",
                     "fix the value in " + file.filename().string());
}

// One key of a table, with the file and the section for messages.
struct Key {
    const toml::node& node;
    const fs::path& file;
    const std::string& section;
    std::string name;

    [[noreturn]] void invalid(const std::string& allowed) const {
        invalid_value(file, node, section, name, allowed);
    }
};

std::string require_string(const Key& key) {
    auto value = key.node.value_exact<std::string>();
    if (!value || value->empty()) {
        key.invalid("a non-empty string");
    }
    return *value;
}

// A PostgreSQL schema name as written, unquoted: PostgreSQL silently cuts names longer than
// 63 bytes (NAMEDATALEN - 1), which would put mig's tables in a schema of another name.
std::string require_schema_name(const Key& key) {
    constexpr std::size_t k_max_bytes = 63;
    std::string name = require_string(key);
    const bool printable = std::none_of(name.begin(), name.end(), [](char c) {
        return std::iscntrl(static_cast<unsigned char>(c)) != 0;
    });
    if (name.size() > k_max_bytes || !printable) {
        key.invalid("a schema name of 1 to 63 bytes without control characters");
    }
    return name;
}

bool require_bool(const Key& key) {
    auto value = key.node.value_exact<bool>();
    if (!value) {
        key.invalid("true or false");
    }
    return *value;
}

// A whole number in [low, high].
int require_int(const Key& key, int64_t low, int64_t high) {
    auto value = key.node.value_exact<int64_t>();
    if (!value || *value < low || *value > high) {
        key.invalid("a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    }
    return static_cast<int>(*value);
}

enum class ZeroAllowed { yes, no };

// Seconds, whole or not, finite and at most a day (so that milliseconds fit any clock).
std::chrono::milliseconds require_seconds(const Key& key, ZeroAllowed zero) {
    constexpr double k_max_seconds = 86400.0;
    std::optional<double> value = key.node.value_exact<double>();
    if (auto whole = key.node.value_exact<int64_t>()) {
        value = static_cast<double>(*whole);
    }
    const bool in_range = value && std::isfinite(*value) &&
                          (zero == ZeroAllowed::yes ? *value >= 0 : *value > 0) &&
                          *value <= k_max_seconds;
    if (!in_range) {
        key.invalid(zero == ZeroAllowed::yes ? "a number of seconds from 0 to 86400"
                                             : "a number of seconds above 0, at most 86400");
    }
    return std::chrono::milliseconds(static_cast<long long>(std::llround(*value * 1000.0)));
}

// A string, or a list of strings (`paths = "a.sql"` or `paths = ["a.sql", "b/*.sql"]`).
std::vector<std::string> require_strings(const Key& key) {
    if (key.node.is_string()) {
        return {require_string(key)};
    }
    const toml::array* array = key.node.as_array();
    if (array == nullptr) {
        key.invalid("a string or a list of strings");
    }
    std::vector<std::string> values;
    for (const auto& item : *array) {
        values.push_back(require_string(Key{item, key.file, key.section, key.name}));
    }
    return values;
}

const toml::table* table_at(const toml::table& root, const char* key, const fs::path& file) {
    const toml::node* node = root.get(key);
    if (node == nullptr) {
        return nullptr;
    }
    if (!node->is_table()) {
        invalid_value(file, *node, "", key, "a table ([" + std::string(key) + "])");
    }
    return node->as_table();
}

// Calls `apply(key)` for `name` when `table` has it.
template <typename Apply>
void with_key(const toml::table& table, const char* name, const fs::path& file,
              const std::string& section, Apply apply) {
    if (const toml::node* node = table.get(name)) {
        apply(Key{*node, file, section, name});
    }
}

// [database] and [env.NAME] share keys; later tables override earlier ones.
void apply_database_table(const toml::table& table, const fs::path& file,
                          const std::string& section, Config& config,
                          std::optional<std::string>& url) {
    warn_unknown_keys(table, k_database_keys, section, file, config.warnings);
    with_key(table, "url", file, section, [&](const Key& key) { url = require_string(key); });
    with_key(table, "backup", file, section,
             [&](const Key& key) { config.backup = require_bool(key); });
    with_key(table, "backup_keep", file, section,
             [&](const Key& key) { config.backup_keep = require_int(key, 1, 1000); });
    with_key(table, "backup_command", file, section,
             [&](const Key& key) { config.backup_command = require_string(key); });
    with_key(table, "backup_command_timeout", file, section, [&](const Key& key) {
        config.backup_command_timeout = require_seconds(key, ZeroAllowed::no);
    });
    with_key(table, "lock_timeout", file, section,
             [&](const Key& key) { config.lock_timeout = require_seconds(key, ZeroAllowed::yes); });
    with_key(table, "statement_timeout", file, section, [&](const Key& key) {
        config.statement_timeout = require_seconds(key, ZeroAllowed::yes);
    });
    with_key(table, "schema", file, section,
             [&](const Key& key) { config.schema = require_schema_name(key); });
    with_key(table, "schemas", file, section,
             [&](const Key& key) { config.schemas = require_strings(key); });
    with_key(table, "dev_url", file, section,
             [&](const Key& key) { config.dev_url = require_string(key); });
}

void apply_model_table(const toml::table& table, const fs::path& file, Config& config) {
    const std::string section = "[model]";
    warn_unknown_keys(table, k_model_keys, section, file, config.warnings);
    with_key(table, "paths", file, section,
             [&](const Key& key) { config.model_paths = require_strings(key); });
    with_key(table, "command", file, section,
             [&](const Key& key) { config.model_command = require_string(key); });
    with_key(table, "command_timeout", file, section, [&](const Key& key) {
        config.model_command_timeout = require_seconds(key, ZeroAllowed::no);
    });
}

void apply_hooks_table(const toml::table& table, const fs::path& file, Config& config) {
    const std::string section = "[hooks]";
    warn_unknown_keys(table, k_hooks_keys, section, file, config.warnings);
    with_key(table, "sync", file, section,
             [&](const Key& key) { config.hooks_sync = require_bool(key); });
    with_key(table, "snapshots", file, section,
             [&](const Key& key) { config.hooks_snapshots = require_bool(key); });
    with_key(table, "snapshot_keep", file, section,
             [&](const Key& key) { config.hooks_snapshot_keep = require_int(key, 1, 1000); });
    with_key(table, "published", file, section,
             [&](const Key& key) { config.hooks_published = require_string(key); });
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
        invalid_value(file, *node, "[env]", name, "a table ([env." + name + "])");
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
        const std::string section = "[migrations]";
        warn_unknown_keys(*migrations, k_migrations_keys, section, file, config.warnings);
        with_key(*migrations, "directory", file, section, [&](const Key& key) {
            config.migrations_dir = config.root / require_string(key);
        });
    }
    if (const toml::table* hooks = table_at(root, "hooks", file)) {
        apply_hooks_table(*hooks, file, config);
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
