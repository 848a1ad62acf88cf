#include "db/postgres_scratch.hpp"

#include "db/libpq.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <cstdio>
#include <random>
#include <utility>

namespace mig::db {

namespace {

constexpr std::string_view k_name_prefix = "mig_scratch_";
// SQLSTATEs this file answers for itself.
constexpr std::string_view k_insufficient_privilege = "42501";
constexpr std::string_view k_duplicate_database = "42P04";
constexpr std::string_view k_lock_not_available = "55P03";
// The session advisory lock that keeps two mig runs from emptying one dev_url database under
// each other ("mig-scra" in ASCII; mig's migration lock hashes its schema name instead).
constexpr std::int64_t k_dev_lock_key = 0x6d69672d73637261;
// What a scratch session sets besides [database]'s timeouts.
constexpr std::string_view k_scratch_session = "SET synchronous_commit = off;";
constexpr int k_name_attempts = 4;
// The session advisory lock a run holds on its admin session, from before CREATE DATABASE
// until after DROP DATABASE, for its temporary scratch database: (k_scratch_lock_class, the
// name's 8 hex digits as a 32-bit number). pg_locks shows it (objsubid 2) to every session of
// the cluster whatever database it is in, so a later run sees at once whether the run that
// made a database is alive: the server releases a dead client's locks when it notices the
// closed connection. "migs" in ASCII.
constexpr std::int32_t k_scratch_lock_class = 0x6d696773;
// A temporary scratch database (d) that no run owns any more: the lock of the run that made
// it is free. (A mig from before the lock held none: its run is protected by its connection to
// its database, which the drop checks, all but the moment between CREATE DATABASE and
// connecting.)
constexpr std::string_view k_stale_name =
    "d.datname ~ '^mig_scratch_[0-9]{1,18}_[0-9a-f]{8}$'"
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l WHERE l.locktype = 'advisory'"
    "     AND l.classid = 1835624307 AND l.objsubid = 2"
    "     AND l.objid::text::bigint = ('x' || right(d.datname, 8))::bit(32)::bigint)";
static_assert(k_scratch_lock_class == 1835624307, "k_stale_name spells the lock's class");
constexpr std::size_t k_listed_objects = 5;

// Schemas PostgreSQL itself keeps: never emptied, never "objects mig did not make".
constexpr std::string_view k_user_schema =
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ "
    "'^pg_(toast|temp_|toast_temp_)'";

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + '"';
}

std::string quote_literal(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + '\'';
}

// 32 random bits: the name's 8 hex digits and the lock's second key.
std::uint32_t random_bits() {
    std::random_device device;
    return static_cast<std::uint32_t>(device());
}

std::string hex_suffix(std::uint32_t bits) {
    char text[9];
    std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(bits));
    return text;
}

// pg_try_advisory_lock(int4, int4) of a temporary scratch database's owner; false when
// another session holds it (another run chose the same 32 bits).
bool try_lock_scratch(const PgConnection& admin, std::uint32_t bits) {
    return admin
               .exec("SELECT pg_catalog.pg_try_advisory_lock($1::int4, $2::int4)",
                     {std::to_string(k_scratch_lock_class),
                      std::to_string(static_cast<std::int32_t>(bits))})
               .text(0, 0) == "t";
}

void unlock_scratch(const PgConnection& admin, std::uint32_t bits) {
    admin.exec(
        "SELECT pg_catalog.pg_advisory_unlock($1::int4, $2::int4)",
        {std::to_string(k_scratch_lock_class), std::to_string(static_cast<std::int32_t>(bits))});
}

std::string session_settings_sql(const SessionSettings& settings) {
    std::string sql(k_scratch_session);
    if (settings.statement_timeout) {
        sql +=
            "SET statement_timeout = " + std::to_string(settings.statement_timeout->count()) + ";";
    }
    if (settings.lock_timeout) {
        // As PgConnection::open: 0 means "do not wait", which PostgreSQL spells 1 ms.
        sql += "SET lock_timeout = " +
               std::to_string(std::max<long long>(settings.lock_timeout->count(), 1)) + ";";
    }
    return sql;
}

// Makes the database as template0 made it: extensions (but plpgsql) and schemas (but the
// system's) dropped, `public` created again with template0's owner, privileges and comment.
// One round trip: the names to drop are only known on the server.
constexpr std::string_view k_empty_database = R"sql(DO $mig_empty$
DECLARE
    item record;
BEGIN
    FOR item IN SELECT extname FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql' LOOP
        EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', item.extname);
    END LOOP;
    FOR item IN SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE @USER_SCHEMA@ LOOP
        EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', item.nspname);
    END LOOP;
    IF current_setting('server_version_num')::int >= 150000 THEN
        CREATE SCHEMA public AUTHORIZATION pg_database_owner;
        GRANT USAGE ON SCHEMA public TO PUBLIC;
    ELSE
        CREATE SCHEMA public;
        GRANT ALL ON SCHEMA public TO PUBLIC;
    END IF;
    COMMENT ON SCHEMA public IS 'standard public schema';
END
$mig_empty$)sql";

std::string empty_database_sql() {
    std::string sql(k_empty_database);
    const std::string placeholder = "@USER_SCHEMA@";
    sql.replace(sql.find(placeholder), placeholder.size(), k_user_schema);
    return sql;
}

// The first objects of a database that mig did not make, for the refusal: relations, then
// functions, types, schemas other than public and extensions, leaving out what extensions
// own. Each row: the object ("table public.users"), and how many there are in all.
constexpr std::string_view k_foreign_objects = R"sql(
SELECT what, count(*) OVER () FROM (
  SELECT 0 AS rank, CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
           WHEN 'S' THEN 'sequence ' WHEN 'f' THEN 'foreign table ' ELSE 'table ' END
           || format('%I.%I', n.nspname, c.relname) AS what
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND @USER_SCHEMA@
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_class'::regclass
                     AND e.objid = c.oid AND e.deptype = 'e')
  UNION ALL
  SELECT 1, 'function ' || format('%I.%I', n.nspname, p.proname)
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
   WHERE @USER_SCHEMA@
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_proc'::regclass
                     AND e.objid = p.oid AND e.deptype = 'e')
  UNION ALL
  SELECT 2, 'type ' || format('%I.%I', n.nspname, t.typname)
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
   WHERE @USER_SCHEMA@ AND t.typtype IN ('e', 'd', 'r', 'b', 'c')
     AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid
                                   AND r.relkind = 'c'))
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type a WHERE a.typarray = t.oid)
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_type'::regclass
                     AND e.objid = t.oid AND e.deptype = 'e')
  UNION ALL
  SELECT 3, 'schema ' || quote_ident(n.nspname) FROM pg_catalog.pg_namespace n
   WHERE @USER_SCHEMA@ AND n.nspname <> 'public'
  UNION ALL
  SELECT 4, 'extension ' || quote_ident(extname) FROM pg_catalog.pg_extension
   WHERE extname <> 'plpgsql'
) AS objects ORDER BY rank, what LIMIT @LIMIT@)sql";

std::string foreign_objects_sql() {
    std::string sql(k_foreign_objects);
    for (std::size_t at = sql.find("@USER_SCHEMA@"); at != std::string::npos;
         at = sql.find("@USER_SCHEMA@", at)) {
        sql.replace(at, std::string_view("@USER_SCHEMA@").size(), k_user_schema);
    }
    sql.replace(sql.find("@LIMIT@"), std::string_view("@LIMIT@").size(),
                std::to_string(k_listed_objects));
    return sql;
}

// What a dev_url database is: its name, comment, whether this session's role owns it, and
// mig's own tables anywhere in it (a database mig migrates).
constexpr std::string_view k_inspect_dev = R"sql(
SELECT d.datname, coalesce(pg_catalog.shobj_description(d.oid, 'pg_database'), ''),
       pg_catalog.pg_has_role(d.datdba, 'MEMBER'),
       (SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY 1)
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relname IN ('mig_version', 'mig_history') AND c.relkind IN ('r', 'p'))
  FROM pg_catalog.pg_database d WHERE d.datname = current_database())sql";

std::string listing(const PgResult& rows) {
    std::string out;
    for (int row = 0; row < rows.rows(); ++row) {
        out += (row == 0 ? "" : ", ") + rows.text(row, 0);
    }
    const long long total = rows.rows() > 0 ? std::stoll(rows.text(0, 1)) : 0;
    if (total > rows.rows()) {
        out += " and " + std::to_string(total - rows.rows()) + " more";
    }
    return out;
}

}  // namespace

// --- names --------------------------------------------------------------------------------

std::string scratch_database_name(long long epoch, std::string_view suffix) {
    return std::string(k_name_prefix) + std::to_string(epoch) + "_" + std::string(suffix);
}

std::optional<long long> scratch_database_epoch(std::string_view name) {
    if (!name.starts_with(k_name_prefix)) {
        return std::nullopt;
    }
    name.remove_prefix(k_name_prefix.size());
    const std::size_t underscore = name.find('_');
    if (underscore == 0 || underscore == std::string_view::npos || underscore > 18 ||
        underscore + 1 == name.size()) {
        return std::nullopt;
    }
    long long epoch = 0;
    for (char c : name.substr(0, underscore)) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        epoch = epoch * 10 + (c - '0');
    }
    for (char c : name.substr(underscore + 1)) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return std::nullopt;
        }
    }
    return epoch;
}

DatabaseUrl with_database(const DatabaseUrl& url, const std::string& name) {
    DatabaseUrl out = url;
    const char last = out.original.empty() ? '\0' : out.original.back();
    if (out.original.find('?') == std::string::npos) {
        out.original += '?';
    } else if (last != '?' && last != '&') {
        out.original += '&';
    }
    out.original += "dbname=";
    static constexpr char k_hex[] = "0123456789ABCDEF";
    for (const char character : name) {
        const auto c = static_cast<unsigned char>(character);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (plain) {
            out.original += static_cast<char>(c);
        } else {
            out.original += '%';
            out.original += k_hex[c >> 4U];
            out.original += k_hex[c & 0x0FU];
        }
    }
    return out;
}

std::vector<std::string> drop_stale_scratch_databases(const PgConnection& admin) {
    // pg_locks and pg_stat_activity are cluster-wide: a live run's lock and a session on the
    // database are seen from url's database.
    const PgResult stale = admin.exec(
        "SELECT d.datname FROM pg_catalog.pg_database d WHERE " + std::string(k_stale_name) +
        "   AND pg_catalog.pg_has_role(d.datdba, 'MEMBER')"
        "   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid)"
        " ORDER BY 1");
    std::vector<std::string> dropped;
    for (int row = 0; row < stale.rows(); ++row) {
        const std::string name = stale.text(row, 0);
        // Without FORCE: a session that connected since the query keeps its database.
        if (admin.try_exec("DROP DATABASE IF EXISTS " + quote_identifier(name)).ok()) {
            dropped.push_back(name);
        }
    }
    return dropped;
}

// --- the scratch database -----------------------------------------------------------------

PostgresScratch PostgresScratch::open(const ScratchSettings& settings) {
    PostgresScratch scratch;
    scratch.m_session = settings.session;
    if (settings.dev_url) {
        scratch.open_dev(settings);
    } else {
        scratch.open_temporary(settings);
    }
    return scratch;
}

void PostgresScratch::apply_session_settings() const {
    m_connection.exec(session_settings_sql(m_session));
}

void PostgresScratch::open_dev(const ScratchSettings& settings) {
    const DatabaseUrl& dev = *settings.dev_url;
    const std::string what = "[database] dev_url " + dev.redacted();
    if (dev.original == settings.url.original) {
        throw InputError(what +
                             " is the database mig migrates ([database] url), and mig empties "
                             "its dev database before each use",
                         "set dev_url to a database of its own on the same server (createdb "
                         "app_dev), or remove it to let mig use a temporary database");
    }
    m_scratch_url = dev;
    m_description = what;
    m_connection = PgConnection::open(dev, m_session);
    m_open = true;
    apply_session_settings();
    const std::string key = std::to_string(k_dev_lock_key);
    if (m_connection.exec("SELECT pg_try_advisory_lock($1::bigint)", {key}).text(0, 0) != "t") {
        PgResult waited = m_connection.try_exec("SELECT pg_advisory_lock($1::bigint)", {key});
        if (!waited.ok()) {
            const PostgresErrorFields error = waited.error();
            if (error.sqlstate == k_lock_not_available) {
                throw FailedError(what +
                                      " is in use by another mig run: waited [database] "
                                      "lock_timeout for it",
                                  "wait for that run to finish, or give each checkout a dev "
                                  "database of its own");
            }
            throw PostgresError(error);
        }
    }

    const PgResult facts = m_connection.exec(std::string(k_inspect_dev));
    m_name = facts.text(0, 0);
    const std::string comment = facts.text(0, 1);
    const bool owner = facts.text(0, 2) == "t";
    if (!facts.is_null(0, 3)) {
        throw InputError(what + " holds " + facts.text(0, 3) +
                             ": it is a database mig migrates, and mig empties its dev database "
                             "before each use",
                         "set dev_url to a database of its own (createdb app_dev)");
    }
    if (!owner) {
        throw InputError(what + ": its user does not own database " + m_name +
                             ", and mig empties it before each use by dropping and creating its "
                             "schemas, which needs the owner",
                         "make that user the owner (ALTER DATABASE " + quote_identifier(m_name) +
                             " OWNER TO ...), or set dev_url to a database the user created");
    }
    if (!comment.starts_with(k_marker)) {
        const PgResult objects = m_connection.exec(foreign_objects_sql());
        if (objects.rows() > 0) {
            throw InputError(what + " holds objects mig did not make (" + listing(objects) +
                                 "), and mig empties its dev database before each use",
                             "point dev_url at an empty database of its own (createdb "
                             "app_dev), or drop those objects; mig marks a database it may "
                             "empty with a comment starting '" +
                                 std::string(k_marker) + "'");
        }
        m_connection.exec("COMMENT ON DATABASE " + quote_identifier(m_name) + " IS " +
                          quote_literal(std::string(k_marker) +
                                        " database ([database] dev_url): mig drops every schema "
                                        "in it before each use"));
    }
    empty();
}

namespace {

// The admin session of a temporary scratch database: on url's database, or, when that one
// cannot be opened (it does not exist yet: `mig migrate` on a new project), on the server's
// `postgres` or `template1` database with the same credentials. The first failure when none
// opens.
PgConnection open_admin(const DatabaseUrl& url, const SessionSettings& session) {
    try {
        return PgConnection::open(url, session);
    } catch (const FailedError&) {
        for (const char* maintenance : {"postgres", "template1"}) {
            try {
                return PgConnection::open(with_database(url, maintenance), session);
            } catch (const Error&) {  // NOLINT(bugprone-empty-catch): the next, then the first
            }
        }
        throw;
    }
}

}  // namespace

void PostgresScratch::open_temporary(const ScratchSettings& settings) {
    m_admin = open_admin(settings.url, m_session);
    // The scratch database reads text as the migrated database does. Whether a killed run
    // left a database behind is asked in the same round trip, by name only: pg_stat_activity
    // costs milliseconds, and there is rarely anything to drop.
    const PgResult facts = m_admin.exec(
        "SELECT floor(extract(epoch FROM statement_timestamp()))::bigint,"
        "       pg_catalog.pg_encoding_to_char(encoding), datcollate, datctype,"
        "       EXISTS (SELECT 1 FROM pg_catalog.pg_database d WHERE " +
        std::string(k_stale_name) +
        ")"
        "  FROM pg_catalog.pg_database WHERE datname = current_database()");
    if (facts.text(0, 4) == "t") {
        drop_stale_scratch_databases(m_admin);
    }
    m_create_options = " TEMPLATE template0 ENCODING " + quote_literal(facts.text(0, 1)) +
                       " LC_COLLATE " + quote_literal(facts.text(0, 2)) + " LC_CTYPE " +
                       quote_literal(facts.text(0, 3));
    const long long epoch = std::stoll(facts.text(0, 0));
    for (int attempt = 1;; ++attempt) {
        // The lock first: from the moment the database exists, a later run sees its owner.
        const std::uint32_t bits = random_bits();
        if (!try_lock_scratch(m_admin, bits)) {
            if (attempt < k_name_attempts) {
                continue;
            }
            throw FailedError(
                "cannot choose a name for a temporary scratch database on the "
                "server of [database] url (" +
                    m_admin.target().describe() + "): " + std::to_string(k_name_attempts) +
                    " names were in use",
                "run mig again");
        }
        m_name = scratch_database_name(epoch, hex_suffix(bits));
        PgResult created =
            m_admin.try_exec("CREATE DATABASE " + quote_identifier(m_name) + m_create_options);
        if (created.ok()) {
            break;
        }
        unlock_scratch(m_admin, bits);
        const PostgresErrorFields error = created.error();
        if (error.sqlstate == k_duplicate_database && attempt < k_name_attempts) {
            continue;
        }
        if (error.sqlstate == k_insufficient_privilege) {
            throw InputError(
                "cannot create a temporary scratch database on the server of [database] url (" +
                    m_admin.target().describe() + "): " + error.describe() +
                    "; mig loads the model and replays the migrations in one",
                "set [database] dev_url to an empty database the user owns (see "
                "docs/postgres.md, \"The scratch database\"), or grant the user CREATEDB");
        }
        throw FailedError(
            "cannot create a temporary scratch database on the server of "
            "[database] url (" +
            m_admin.target().describe() + "): " + error.describe());
    }
    m_temporary = true;
    m_open = true;  // from here on, the destructor drops it
    connect_temporary(settings.url);
}

void PostgresScratch::connect_temporary(const DatabaseUrl& url) {
    m_admin.exec("COMMENT ON DATABASE " + quote_identifier(m_name) + " IS " +
                 quote_literal(std::string(k_marker) +
                               " database (temporary): made by a mig run and dropped when it "
                               "ends; a later run drops it if that one was killed (its "
                               "advisory lock is free)"));
    m_server_url = url;
    m_scratch_url = with_database(url, m_name);
    m_connection = PgConnection::open(m_scratch_url, m_session);
    m_description =
        "temporary scratch database " + m_name + " (" + m_connection.target().describe() + ")";
    apply_session_settings();
}

std::string PostgresScratch::describe() const {
    return m_description;
}

void PostgresScratch::empty() {
    PgResult emptied = m_connection.try_exec(empty_database_sql());
    if (!emptied.ok()) {
        const PostgresErrorFields error = emptied.error();
        if (error.sqlstate != k_insufficient_privilege) {
            throw FailedError("cannot empty the " + describe() + ": " + error.describe());
        }
        if (!m_temporary) {
            throw InputError("cannot empty the " + describe() + ": " + error.describe(),
                             "make the dev_url user the owner of database " + m_name +
                                 " and of its schemas, or set dev_url to a database the user "
                                 "created");
        }
        // A superuser owns template0's `public` before PostgreSQL 15: a new database instead.
        drop_temporary(true);
        m_admin.exec("CREATE DATABASE " + quote_identifier(m_name) + m_create_options);
        m_open = true;
        connect_temporary(m_server_url);
        return;
    }
    reset_session();
}

void PostgresScratch::reset_session() const {
    m_connection.exec("RESET ALL; DISCARD TEMP;");
    apply_session_settings();
}

void PostgresScratch::drop_temporary(bool throw_on_error) {
    m_connection = PgConnection();  // FORCE would end it anyway; a clean goodbye is cheaper
    const bool force = detail::libpq().PQserverVersion(m_admin.get()) >= 130000;
    PgResult dropped = m_admin.try_exec("DROP DATABASE IF EXISTS " + quote_identifier(m_name) +
                                        (force ? " WITH (FORCE)" : ""));
    m_open = false;
    if (!dropped.ok() && throw_on_error) {
        throw FailedError("cannot drop the " + describe() + ": " + dropped.error().describe(),
                          "drop it by hand (DROP DATABASE " + quote_identifier(m_name) +
                              "); a later mig run drops it too once nobody is connected to it");
    }
}

void PostgresScratch::close() {
    if (!m_open) {
        return;
    }
    if (m_temporary) {
        drop_temporary(true);
    } else {
        m_connection = PgConnection();  // ends the session and its advisory lock
        m_open = false;
    }
}

PostgresScratch::~PostgresScratch() {
    if (!m_open) {
        return;
    }
    if (m_temporary) {
        try {
            drop_temporary(false);
        } catch (...) {  // NOLINT(bugprone-empty-catch): a later run drops what is left
        }
    }
}

PostgresScratch::PostgresScratch(PostgresScratch&& other) noexcept
    : m_admin(std::move(other.m_admin)),
      m_connection(std::move(other.m_connection)),
      m_name(std::move(other.m_name)),
      m_description(std::move(other.m_description)),
      m_temporary(other.m_temporary),
      m_open(std::exchange(other.m_open, false)),
      m_scratch_url(std::move(other.m_scratch_url)),
      m_server_url(std::move(other.m_server_url)),
      m_session(other.m_session),
      m_create_options(std::move(other.m_create_options)) {}

PostgresScratch& PostgresScratch::operator=(PostgresScratch&& other) noexcept {
    if (this != &other) {
        PostgresScratch old(std::move(*this));  // drops what this held
        m_admin = std::move(other.m_admin);
        m_connection = std::move(other.m_connection);
        m_name = std::move(other.m_name);
        m_description = std::move(other.m_description);
        m_temporary = other.m_temporary;
        m_open = std::exchange(other.m_open, false);
        m_scratch_url = std::move(other.m_scratch_url);
        m_server_url = std::move(other.m_server_url);
        m_session = other.m_session;
        m_create_options = std::move(other.m_create_options);
    }
    return *this;
}

}  // namespace mig::db
