#pragma once

#include "config/config.hpp"
#include "db/database_url.hpp"
#include "db/open_database.hpp"
#include "runtime/replay_observer.hpp"
#include "runtime/runner.hpp"
#include "script/script_directory.hpp"
#include "vcs/git_repository.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace mig::workflow {

// A mig project: its configuration, its scripts (loaded on first use) and its database.
class Project {
public:
    static Project load(const config::ConfigRequest& request);
    explicit Project(config::Config config, config::ConfigRequest request = {});

    const config::Config& config() const { return m_config; }
    // What the configuration was loaded with (command-line flags and environment).
    const config::ConfigRequest& request() const { return m_request; }

    // The versions directory parsed into a graph; loaded once, on first call.
    const script::ScriptDirectory& scripts();

    // Only the revision graph (headers of the scripts): what heads, history and revision need.
    // Cheaper than scripts(); a later scripts() call reloads with the sections.
    const graph::RevisionGraph& graph();
    // The scripts as graph() loads them (headers and checksums, no sections), or scripts()'s
    // when those are loaded already: for reads that compare checksums but run nothing.
    const script::ScriptDirectory& script_headers();

    // Adds to scripts() the revisions `database` is at whose files are not in this checkout,
    // rebuilt from mig_history, so they can be reverted (see recorded_revisions.hpp).
    void add_recorded_revisions(db::Database& database);

    const db::DatabaseUrl& database_url() const { return m_url; }
    std::unique_ptr<db::Database> open_database(db::OpenMode mode) const;
    // Waits up to [database] lock_timeout for the migration lock of the database; the
    // returned object holds it by itself (see db::acquire_migration_lock).
    std::unique_ptr<db::MigrationLock> lock_database() const;
    // [database] settings every connection applies (PostgreSQL's schema and timeouts).
    db::ConnectionOptions connection_options() const;

    // The git repository whose work tree holds the project root, opened on the first call and
    // kept for the run (every later call returns the same one); nullptr outside git. InputError
    // for a bare repository. Outside git libgit2 is not even loaded (see discover). The
    // repository is not part of the project's state, so a const Project hands it out too. The
    // pointer lives as long as this Project (moving the Project invalidates it).
    vcs::GitRepository* git() const;

    // The commit and dirtiness of the git work tree holding mig.toml (none outside git).
    runtime::RunContext run_context() const;

    // `.mig/cache/` beside mig.toml: mig's speed-ups, ignored by git. It holds the revision
    // files' content cache (see ContentCache) and replayed schemas (see runtime::replay_schema).
    std::filesystem::path cache_dir() const { return m_replay_cache_dir; }

    // Told about every replay of the migrations that this project's schemas need (the CLI's
    // progress line); nullptr (the default): nobody. Not owned: it must outlive its use here.
    void set_replay_observer(runtime::ReplayObserver* observer) { m_replay_observer = observer; }
    runtime::ReplayObserver* replay_observer() const { return m_replay_observer; }

    // For a copy of the project in a temporary folder (see snapshot.hpp): read its files
    // without a content cache (a throwaway copy would only churn it), share `live`'s
    // replayed schemas, which are keyed by content, and its replay observer.
    void use_caches_of_copy_of(const Project& live);
    // For such a copy: its revision files are `source`'s (the git index's, read by blob id)
    // instead of the copy's versions/ folder (see script::RevisionSource).
    void read_revisions_from(std::shared_ptr<const script::RevisionSource> source);
    // For such a copy: the database is `live`'s, wherever a relative URL would now point.
    void use_database_of(const Project& live) { m_url = live.m_url; }

    // A path relative to the project root, for messages.
    std::string display(const std::filesystem::path& path) const;

private:
    config::Config m_config;
    config::ConfigRequest m_request;
    db::DatabaseUrl m_url;
    std::filesystem::path m_content_cache_dir;  // empty: no content cache
    std::filesystem::path m_replay_cache_dir;
    std::shared_ptr<const script::RevisionSource> m_revision_source;  // null: versions/
    std::unique_ptr<script::ScriptDirectory> m_scripts;
    mutable std::optional<vcs::GitRepository> m_git;  // see git()
    mutable bool m_git_looked_up = false;
    runtime::ReplayObserver* m_replay_observer = nullptr;
};

}  // namespace mig::workflow
