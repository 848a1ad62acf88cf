#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mig::config {

// What the command line and the environment say about configuration. The config layer never
// reads the process environment itself, so tests pass these explicitly.
struct ConfigRequest {
    std::filesystem::path start_dir;                   // where discovery starts (after -C)
    std::optional<std::filesystem::path> config_file;  // --config FILE
    std::optional<std::string> database_url;           // --database-url URL
    std::optional<std::string> env_database_url;       // MIG_DATABASE_URL
    std::optional<std::string> env_name;               // --env NAME, else MIG_ENV
};

// mig.toml, resolved. Paths are absolute.
struct Config {
    std::filesystem::path file;  // mig.toml
    std::filesystem::path root;  // the folder holding it: relative paths are relative to it
    std::string
        database_url;  // after precedence: flag, MIG_DATABASE_URL, [env.NAME].url, [database].url
    std::string database_url_source;  // where it came from, for `-v` and messages
    std::optional<std::string> env_name;
    bool backup = true;   // [database] backup (SQLite)
    int backup_keep = 5;  // [database] backup_keep
    // [database] backup_command: a shell command run before an upgrade, downgrade or sync
    // that runs scripts, in place of the built-in SQLite copy (pg_dump for a server); its
    // failure aborts the run. backup_command_timeout (s) bounds it.
    std::optional<std::string> backup_command;
    std::chrono::milliseconds backup_command_timeout{std::chrono::hours(1)};
    std::chrono::milliseconds lock_timeout{
        std::chrono::seconds(30)};             // [database] lock_timeout (s)
    std::vector<std::string> model_paths;      // [model] paths (files or globs)
    std::optional<std::string> model_command;  // [model] command
    std::filesystem::path migrations_dir;      // [migrations] directory
    std::vector<std::string> warnings;         // unknown keys etc., "mig.toml:5: ..."
    // [model] command_timeout (s): how long the model command may run
    std::chrono::milliseconds model_command_timeout{std::chrono::seconds(60)};
    // PostgreSQL: [database] statement_timeout (s; sent to each session, 0: no limit; unset:
    // the server's), schema (where mig's tables live; default public), schemas (those mig
    // manages and autogenerate compares; default public) and dev_url (a throwaway database for
    // replaying and diffing; without it a temporary one). lock_timeout is also sent to
    // PostgreSQL sessions.
    std::optional<std::chrono::milliseconds> statement_timeout;
    std::optional<std::string> schema;
    std::vector<std::string> schemas;
    std::optional<std::string> dev_url;
    // [hooks] sync (post-checkout runs `mig sync`), snapshots and snapshot_keep (SQLite copies
    // per commit for `mig sync`, see workflow/sync_snapshots.hpp), published (`mig check
    // --staged`).
    bool hooks_sync = false;
    bool hooks_snapshots = false;
    int hooks_snapshot_keep = 10;
    std::optional<std::string> hooks_published;
};

inline constexpr const char* k_config_file_name = "mig.toml";

// Walks up from `start` to the first folder holding mig.toml; nullopt at the root.
std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& start);

// Finds and parses the configuration. InputError (exit 2) when none is found (with a hint to
// run `mig init` or pass --config), when the TOML is invalid (file:line), when a value has the
// wrong type or is out of range (`mig.toml:3: [database] lock_timeout must be ... (got inf)`),
// when --env names no [env.NAME] table (listing those that exist), or when no
// database URL is configured anywhere.
Config load_config(const ConfigRequest& request);

// Parses configuration text (for tests and for load_config).
Config parse_config(const std::string& text, const std::filesystem::path& file,
                    const ConfigRequest& request);

}  // namespace mig::config
