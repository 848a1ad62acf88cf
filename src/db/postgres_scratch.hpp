#pragma once

// The scratch database of PostgreSQL autogenerate: where the model is loaded and the
// migrations' head is replayed, so both can be read back from pg_catalog. Either
// `[database] dev_url` (a database mig may empty) or a temporary database mig creates on the
// server of `[database] url` and always drops. docs/postgres.md ("The scratch database") is
// the user-facing description.

#include "db/database_url.hpp"
#include "db/postgres_connection.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::db {

// What a scratch database is opened from.
struct ScratchSettings {
    DatabaseUrl url;                     // [database] url: the server of a temporary database
    std::optional<DatabaseUrl> dev_url;  // [database] dev_url: used instead when set
    SessionSettings session;             // statement_timeout / lock_timeout of [database]
};

// One scratch database and the session on it. Move-only.
//
// - dev_url: the database is mig's when its comment starts with `mig scratch` (k_marker).
//   An unmarked database with no relations in it is marked (COMMENT ON DATABASE) and used;
//   an unmarked database holding tables, views or sequences is refused (InputError, exit 2,
//   naming them), and so is any database holding mig_version or mig_history (one that mig
//   migrates) or the one `url` names. A session advisory lock keeps two mig runs from
//   sharing it at once (waiting up to lock_timeout). It is emptied when opened and when
//   closed. The user must own it (COMMENT ON DATABASE and dropping `public` need that).
// - otherwise: `CREATE DATABASE mig_scratch_<epoch>_<hex> TEMPLATE template0` with the
//   encoding and locale of url's database, <epoch> being the server's clock at creation, and
//   `DROP DATABASE ... WITH (FORCE)` when this object is destroyed (exceptions included).
//   From before CREATE DATABASE until after the drop, the admin session holds the session
//   advisory lock (0x6d696773, <hex> as a 32-bit number): the run is alive while it is held.
//   Before creating one, scratch databases that killed runs left behind are dropped (see
//   drop_stale_scratch_databases). A user without CREATEDB gets an InputError (exit 2) saying
//   to set dev_url.
//
// The session has synchronous_commit off: nothing in a scratch database needs to survive a
// crash, and the model loads statement by statement.
class PostgresScratch {
public:
    // The comment that marks a database as mig's scratch (its first words).
    static constexpr std::string_view k_marker = "mig scratch";

    static PostgresScratch open(const ScratchSettings& settings);

    PostgresScratch() = default;
    ~PostgresScratch();
    PostgresScratch(PostgresScratch&& other) noexcept;
    PostgresScratch& operator=(PostgresScratch&& other) noexcept;
    PostgresScratch(const PostgresScratch&) = delete;
    PostgresScratch& operator=(const PostgresScratch&) = delete;

    // The session on the scratch database.
    const PgConnection& connection() const { return m_connection; }
    bool temporary() const { return m_temporary; }
    // The database's name (mig_scratch_... for a temporary one).
    const std::string& name() const { return m_name; }
    // For messages: `temporary database mig_scratch_... (host ..., port ...)` or
    // `[database] dev_url postgresql://app:***@host/dev`.
    std::string describe() const;

    // Makes the database as template0 made it again: every schema but the system ones
    // dropped (CASCADE), every extension but plpgsql dropped, and `public` recreated with
    // its owner (pg_database_owner on PostgreSQL 15 and later), privileges and comment, so a
    // schema replayed after a model compares with it on equal terms. A temporary database
    // whose `public` the user may not drop (servers before 15, where a superuser owns it) is
    // dropped and created again instead. Then reset_session().
    void empty();

    // RESET ALL, DISCARD TEMP and the scratch session's settings again: what a model's or a
    // revision's SET left behind must not change how the catalog is read.
    void reset_session() const;

    // Drops a temporary database now (FailedError when the server refuses), or empties a
    // dev_url database; the destructor does the same, ignoring errors. Idempotent.
    void close();

private:
    void open_dev(const ScratchSettings& settings);
    void open_temporary(const ScratchSettings& settings);
    // Marks the new database m_name, connects to it (on url's server) and sets the session.
    void connect_temporary(const DatabaseUrl& url);
    void drop_temporary(bool throw_on_error);
    void apply_session_settings() const;

    PgConnection m_admin;       // temporary: a session on url's database, to create and drop
    PgConnection m_connection;  // the session on the scratch database
    std::string m_name;
    std::string m_description;
    bool m_temporary = false;
    bool m_open = false;
    DatabaseUrl m_scratch_url;  // how m_connection was opened
    DatabaseUrl m_server_url;   // temporary: [database] url, whose server holds it
    SessionSettings m_session;
    std::string m_create_options;  // temporary: ENCODING ... LC_COLLATE ... LC_CTYPE ...
};

// `mig_scratch_<epoch>_<hex>`: the name of a temporary scratch database created at `epoch`
// (seconds, the server's clock), `suffix` telling two apart.
std::string scratch_database_name(long long epoch, std::string_view suffix);
// The creation time a temporary scratch database's name records, nullopt when `name` is not
// one.
std::optional<long long> scratch_database_epoch(std::string_view name);

// Drops the temporary scratch databases on the server of `admin` that killed runs left:
// named mig_scratch_<epoch>_<hex>, whose owner's advisory lock is free (the run that made it
// is gone: at once after a kill -9 or Ctrl-C, once the server has ended that run's sessions),
// with nobody connected, and owned by a role the session is a member of. A database that
// cannot be dropped (someone connected meanwhile) is left alone. Returns the names dropped.
std::vector<std::string> drop_stale_scratch_databases(const PgConnection& admin);

// `url` pointing at database `name` on the same server with the same credentials and
// options (libpq lets the query's dbname override the path).
DatabaseUrl with_database(const DatabaseUrl& url, const std::string& name);

}  // namespace mig::db
