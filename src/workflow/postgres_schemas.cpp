#include "workflow/postgres_schemas.hpp"

#include "db/libpq.hpp"
#include "db/postgres_introspect.hpp"
#include "db/postgres_scratch.hpp"
#include "graph/target.hpp"
#include "runtime/postgres_replay.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"
#include "workflow/model.hpp"
#include "workflow/postgres_model.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string_view>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

// What a catalog key names beyond its inputs: the format of the key and of introspection,
// and the managed schemas (introspection reads only those).
std::string catalog_key(std::string_view kind, std::string_view inputs,
                        const std::vector<std::string>& schemas) {
    std::string text = "mig-pg-catalog-key 1\n";
    text += kind;
    text += '\n';
    text += inputs;
    for (const std::string& schema : schemas) {
        text += "\nschema " + std::to_string(schema.size()) + ":" + schema;
    }
    return util::sha256_hex(text);
}

int server_version(const db::PgConnection& connection) {
    return std::stoi(connection.exec("SHOW server_version_num").text(0, 0));
}

db::SessionSettings session_settings(const config::Config& config, bool read_only) {
    db::SessionSettings settings;
    settings.statement_timeout = config.statement_timeout;
    settings.lock_timeout = config.lock_timeout;
    settings.read_only = read_only;
    return settings;
}

std::string head_key_prefix(const std::string& generation) {
    return "mig-pg-head-key 1 " + generation + " ";
}

// runtime::postgres_replay_key of the head, kept in `.mig/cache/pg-head-key` under the
// scripts' content generation (as workflow::head_schema_key keeps SQLite's): the same names
// and bytes give the same key, so a warm run need not hash the chain of every revision.
std::string head_replay_key(Project& project) {
    const script::ScriptDirectory& scripts = project.script_headers();
    const std::vector<graph::RevisionGraph::Index> heads =
        graph::resolve_target(scripts.graph(), "head", {});  // MultipleHeadsError
    const std::string& generation = scripts.content_generation();
    const fs::path file = project.cache_dir() / "pg-head-key";
    const bool cacheable = !generation.empty() && !project.cache_dir().empty();
    if (cacheable) {
        try {
            const std::optional<std::string> kept = util::read_file_if_exists(file);
            const std::string prefix = head_key_prefix(generation);
            if (kept && kept->starts_with(prefix)) {
                return kept->substr(prefix.size());
            }
        } catch (const Error&) {
            // unreadable: compute
        }
    }
    std::string key = runtime::postgres_replay_key(scripts, heads);
    if (cacheable) {
        if (const std::string failure =
                util::write_cache_file(file, head_key_prefix(generation) + key);
            !failure.empty()) {
            spdlog::debug("cannot write {}: {}", file.string(), failure);  // only slower
        }
    }
    return key;
}

// The database `url` names, by libpq's rules: its dbname, else PGDATABASE, else the user's
// name (`user`, the user a session with the same URL logged in as).
std::string target_database(const db::DatabaseUrl& url, const std::string& user) {
    const db::detail::Libpq& libpq = db::detail::libpq();
    char* error = nullptr;
    PQconninfoOption* options = libpq.PQconninfoParse(url.original.c_str(), &error);
    if (error != nullptr) {
        libpq.PQfreemem(error);
    }
    std::string name;
    for (PQconninfoOption* option = options; option != nullptr && option->keyword != nullptr;
         ++option) {
        if (std::string_view(option->keyword) == "dbname" && option->val != nullptr) {
            name = option->val;
        }
    }
    if (options != nullptr) {
        libpq.PQconninfoFree(options);
    }
    if (name.empty()) {
        const char* environment = std::getenv("PGDATABASE");  // NOLINT(concurrency-mt-unsafe)
        name = environment != nullptr ? environment : user;
    }
    return name;
}

// After `url` could not be opened: when the server answers (on its `postgres` or `template1`
// database, with the same credentials) and has no database of that name, the configuration
// names a database that does not exist: bad input (exit 2), as a missing SQLite file is.
// Otherwise returns, and the caller rethrows the connection failure. Asked of the catalog,
// not read from the server's message, which the server's lc_messages may translate.
void require_database_exists(const db::DatabaseUrl& url, const db::SessionSettings& settings,
                             std::string_view option) {
    for (const char* maintenance : {"postgres", "template1"}) {
        try {
            const db::PgConnection probe =
                db::PgConnection::open(db::with_database(url, maintenance), settings);
            const std::string user = probe.exec("SELECT current_user").text(0, 0);
            const std::string name = target_database(url, user);
            if (name.empty() || name == maintenance) {
                return;
            }
            const db::PgResult found =
                probe.exec("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", {name});
            if (found.rows() > 0) {
                return;  // it exists: the failure was something else (rights, connections)
            }
            const std::string flag(option);
            throw InputError("the database " + name + " does not exist on the server of " +
                                 url.redacted() + " (" + probe.target().describe() + ")",
                             "create it (createdb " + name + ") and run `mig upgrade`, fix " +
                                 "the database URL, or leave out " + flag);
        } catch (const InputError&) {
            throw;
        } catch (const Error&) {  // NOLINT(bugprone-empty-catch): try the next, then give up
        }
    }
}

}  // namespace

PostgresSchemas::PostgresSchemas(Project& project)
    : m_project(project),
      m_schemas(project.config().schemas.empty() ? std::vector<std::string>{"public"}
                                                 : project.config().schemas),
      m_cache(project.cache_dir()) {}

PostgresSchemas::~PostgresSchemas() = default;

std::string PostgresSchemas::head_key() {
    if (!m_head_key) {
        m_head_key = catalog_key("revisions", head_replay_key(m_project), m_schemas);
    }
    return *m_head_key;
}

std::string PostgresSchemas::key_at(const std::vector<Index>& revisions) {
    return catalog_key("revisions",
                       runtime::postgres_replay_key(m_project.script_headers(), revisions),
                       m_schemas);
}

std::optional<std::string> PostgresSchemas::model_key_from_files() {
    // workflow::model_key is a digest of the files' names and bytes, remembered by their stat
    // data: a warm run reads no model file. Salted here, it names the PostgreSQL catalog.
    const std::optional<std::string> files = workflow::model_key(m_project);
    if (!files) {
        return std::nullopt;
    }
    return catalog_key("model files", *files, m_schemas);
}

std::string PostgresSchemas::model_key() {
    if (!m_model_key) {
        if (std::optional<std::string> key = model_key_from_files()) {
            m_model_key = std::move(key);
        } else {
            m_model_text = read_postgres_model(m_project);  // runs [model] command
            m_model_key = catalog_key("model command", m_model_text->key, m_schemas);
        }
    }
    return *m_model_key;
}

std::optional<CachedCatalog> PostgresSchemas::cached(const std::string& key) const {
    return m_cache.load(key);
}

db::PostgresScratch& PostgresSchemas::scratch() {
    if (!m_scratch) {
        db::ScratchSettings settings;
        settings.url = m_project.database_url();
        if (const std::optional<std::string>& dev = m_project.config().dev_url) {
            settings.dev_url = db::parse_database_url(*dev, m_project.config().root);
        }
        settings.session = session_settings(m_project.config(), false);
        m_scratch = db::PostgresScratch::open(settings);
        spdlog::info("building schemas in the {}", m_scratch->describe());
    } else if (m_scratch_used) {
        m_scratch->empty();
    }
    return *m_scratch;
}

int PostgresSchemas::scratch_version() {
    if (!m_scratch) {
        scratch();
    }
    return server_version(m_scratch->connection());
}

CachedCatalog PostgresSchemas::build_at(const std::string& key,
                                        const std::vector<Index>& revisions) {
    db::PostgresScratch& database = scratch();
    m_scratch_used = true;
    runtime::PostgresReplayOptions options;
    options.display_base = m_project.config().root;
    options.observer = m_project.replay_observer();
    // Resets the session afterwards: what a revision SET must not change how the catalog reads.
    const std::size_t replayed =
        runtime::replay_postgres(database, m_project.scripts(), revisions, options);
    spdlog::debug("replayed {} revisions into {}", replayed, database.describe());
    CachedCatalog built{db::introspect(database.connection(), m_schemas),
                        server_version(database.connection())};
    m_cache.store(key, built);
    return built;
}

CachedCatalog PostgresSchemas::head(std::optional<int> version) {
    const std::string key = head_key();
    if (std::optional<CachedCatalog> hit = cached(key);
        hit && (!version || hit->server_version == *version)) {
        return std::move(*hit);
    }
    return build_at(key, graph::resolve_target(m_project.scripts().graph(), "head", {}));
}

CachedCatalog PostgresSchemas::at(const std::vector<Index>& revisions, std::optional<int> version) {
    const std::string key = key_at(revisions);
    if (std::optional<CachedCatalog> hit = cached(key);
        hit && (!version || hit->server_version == *version)) {
        return std::move(*hit);
    }
    return build_at(key, revisions);
}

CachedCatalog PostgresSchemas::model(std::optional<int> version) {
    const std::string key = model_key();
    if (std::optional<CachedCatalog> hit = cached(key);
        hit && (!version || hit->server_version == *version)) {
        return std::move(*hit);
    }
    if (!m_model_text) {
        m_model_text = read_postgres_model(m_project);
    }
    db::PostgresScratch& database = scratch();
    m_scratch_used = true;
    load_postgres_model(database, *m_model_text);  // resets the session afterwards
    CachedCatalog built{db::introspect(database.connection(), m_schemas),
                        server_version(database.connection())};
    m_cache.store(key, built);
    return built;
}

CachedCatalog PostgresSchemas::live(std::string_view option) const {
    const db::SessionSettings settings = session_settings(m_project.config(), true);
    db::PgConnection connection;
    try {
        connection = db::PgConnection::open(m_project.database_url(), settings);
    } catch (const FailedError&) {
        require_database_exists(m_project.database_url(), settings, option);
        throw;
    }
    return {db::introspect(connection, m_schemas), server_version(connection)};
}

}  // namespace mig::workflow
