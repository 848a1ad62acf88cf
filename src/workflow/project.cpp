#include "workflow/project.hpp"

#include "util/file_io.hpp"
#include "workflow/recorded_revisions.hpp"
#include "workflow/safety.hpp"

#include <algorithm>

namespace mig::workflow {

Project Project::load(const config::ConfigRequest& request) {
    // Before reading anything: a git directory may hold a mig.toml that an earlier version of
    // mig wrote there, and its revision files would look committed.
    require_work_tree(request.start_dir);
    config::Config config = config::load_config(request);
    require_work_tree(config.root);
    return Project(std::move(config), request);
}

Project::Project(config::Config config, config::ConfigRequest request)
    : m_config(std::move(config)),
      m_request(std::move(request)),
      m_url(db::parse_database_url(m_config.database_url, m_config.root)),
      m_content_cache_dir(m_config.root / ".mig" / "cache"),
      m_replay_cache_dir(m_content_cache_dir) {}

void Project::use_caches_of_copy_of(const Project& live) {
    m_content_cache_dir.clear();
    m_replay_cache_dir = live.m_replay_cache_dir;
    m_replay_observer = live.m_replay_observer;
    m_scripts.reset();
}

void Project::read_revisions_from(std::shared_ptr<const script::RevisionSource> source) {
    m_revision_source = std::move(source);
    m_scripts.reset();
}

const script::ScriptDirectory& Project::scripts() {
    if (!m_scripts || m_scripts->mode() != script::LoadMode::full) {
        auto scripts = std::make_unique<script::ScriptDirectory>(
            m_config.migrations_dir, m_content_cache_dir, m_revision_source);
        scripts->load(script::LoadMode::full);
        m_scripts = std::move(scripts);
    }
    return *m_scripts;
}

const graph::RevisionGraph& Project::graph() {
    if (!m_scripts) {
        auto scripts = std::make_unique<script::ScriptDirectory>(
            m_config.migrations_dir, m_content_cache_dir, m_revision_source);
        scripts->load(script::LoadMode::headers);
        m_scripts = std::move(scripts);
    }
    return m_scripts->graph();
}

const script::ScriptDirectory& Project::script_headers() {
    graph();
    return *m_scripts;
}

void Project::add_recorded_revisions(db::Database& database) {
    scripts();
    std::vector<std::string> heads = database.current_heads();
    bool all_known = std::all_of(heads.begin(), heads.end(), [&](const std::string& id) {
        return m_scripts->graph().find(id).has_value();
    });
    if (!all_known) {
        m_scripts->add_recorded(recorded_revisions(m_scripts->graph(), heads, database.history()));
    }
}

db::ConnectionOptions Project::connection_options() const {
    db::ConnectionOptions options;
    options.schema = m_config.schema.value_or("");
    options.statement_timeout = m_config.statement_timeout;
    options.lock_timeout = m_config.lock_timeout;
    return options;
}

std::unique_ptr<db::MigrationLock> Project::lock_database() const {
    return db::acquire_migration_lock(m_url, connection_options(), m_config.lock_timeout);
}

std::unique_ptr<db::Database> Project::open_database(db::OpenMode mode) const {
    return db::open_database(m_url, mode, connection_options());
}

vcs::GitRepository* Project::git() const {
    if (!m_git_looked_up) {
        m_git = vcs::GitRepository::discover(m_config.root, cache_dir());
        m_git_looked_up = true;
    }
    return m_git ? &*m_git : nullptr;
}

runtime::RunContext Project::run_context() const {
    runtime::RunContext context;
    context.display_base = m_config.root;
    if (vcs::GitRepository* repository = git()) {
        context.git_commit = repository->head_commit();
        // Dirty: tracked files differ from HEAD, or a revision file is not committed or is a
        // link to SQL that HEAD does not hold (then the recorded commit does not hold the SQL
        // that ran, which is what the flag warns about).
        context.dirty =
            repository->is_dirty() || !uncommitted_revisions(m_config, *repository).empty();
    }
    return context;
}

std::string Project::display(const std::filesystem::path& path) const {
    return util::display_path(path, m_config.root);
}

}  // namespace mig::workflow
