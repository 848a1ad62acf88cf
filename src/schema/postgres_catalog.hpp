#pragma once

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

// A PostgreSQL schema as plain values: what autogenerate on PostgreSQL compares and renders.
//
// Every value here comes from the server's own catalog (db/postgres_introspect.hpp), never from
// parsing DDL by hand: the model and the migrations' head are both loaded into scratch
// databases on the same server and introspected there with `search_path = pg_catalog`, so
// every definition is in the server's canonical, schema-qualified spelling (format_type,
// pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef, pg_get_functiondef,
// pg_get_triggerdef). Two definitions are the same when their canonical texts are equal:
// `int4`, `integer` and `int` all read `integer`; `varchar(10)` reads `character varying(10)`;
// a default the server casts reads `'x'::text` on both sides.
//
// What is NOT canonical, and so is compared by rule (autogen/postgres_compare.hpp documents
// the rules): names PostgreSQL generates (`users_pkey`, `users_email_key`, `users_id_seq`,
// `users_email_idx`) against names the model spells out, and the order of constraints.
//
// Names are stored as PostgreSQL stores them (an unquoted identifier already folded to lower
// case by the server); they are case-sensitive and quoted when rendered if they need it.
namespace mig::schema::pg {

// A schema-qualified name: `public.users`.
struct QualifiedName {
    std::string schema;
    std::string name;

    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=> (its 0)
    friend auto operator<=>(const QualifiedName&, const QualifiedName&) = default;
    friend bool operator==(const QualifiedName&, const QualifiedName&) = default;
};

enum class Identity { none, always, by_default };

struct Column {
    std::string name;
    std::string type;  // format_type(atttypid, atttypmod): `character varying(10)`, `integer[]`,
                       // `public.mood` (user types always schema-qualified)
    bool not_null = false;
    // pg_get_expr(adbin, adrelid); nullopt when none. A serial column's default is
    // `nextval('public.users_id_seq'::regclass)` and `owned_sequence` names that sequence.
    std::optional<std::string> default_value;
    std::string collation;  // a COLLATE that differs from the type's default, qualified; else ""
    Identity identity = Identity::none;
    // GENERATED ALWAYS AS (expression) STORED: the expression (pg_get_expr); nullopt otherwise.
    std::optional<std::string> generated;
    // The sequence OWNED BY this column (serial/bigserial, or an explicit OWNED BY); nullopt
    // when none. Identity columns' internal sequences are not listed here.
    std::optional<QualifiedName> owned_sequence;
    std::optional<std::string> comment;
    // An identity column's sequence options when any differs from PostgreSQL's default for
    // the column's type, all of them: `START WITH 100 INCREMENT BY 1 MINVALUE 1 MAXVALUE
    // 2147483647 CACHE 1` (then ` CYCLE` if it cycles), what goes in `GENERATED ... AS IDENTITY
    // (...)`; "" for the defaults and for a column without identity (added by pgintro).
    std::string identity_options;

    friend bool operator==(const Column&, const Column&) = default;
};

enum class ConstraintKind { primary_key, unique, check, foreign_key, exclude };

struct Constraint {
    std::string name;
    ConstraintKind kind = ConstraintKind::check;
    // pg_get_constraintdef(oid): `PRIMARY KEY (id)`, `UNIQUE (email)`, `CHECK ((age > 0))`,
    // `FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE DEFERRABLE INITIALLY
    // DEFERRED`, `EXCLUDE USING gist (room WITH =, during WITH &&)`. Without NOT VALID.
    std::string definition;
    // conkey's columns, in key order; "" for an expression in an exclusion constraint's key.
    std::vector<std::string> columns;
    std::optional<QualifiedName> referenced_table;  // a foreign key's
    bool validated = true;                          // false: added NOT VALID, not yet validated
    std::optional<std::string> comment;

    friend bool operator==(const Constraint&, const Constraint&) = default;
};

struct Table {
    QualifiedName name;
    std::vector<Column> columns;          // in attnum order, dropped columns left out
    std::vector<Constraint> constraints;  // sorted by name
    bool unlogged = false;
    std::optional<std::string> comment;
    // A partitioned table's pg_get_partkeydef (`RANGE (created_at)`, `LIST (region)`, `HASH
    // (id)`): CREATE TABLE ... PARTITION BY this. nullopt for an ordinary table. Partitions
    // themselves are not listed (added by pgintro).
    std::optional<std::string> partition_key;

    friend bool operator==(const Table&, const Table&) = default;
};

struct Index {
    QualifiedName name;  // an index lives in its table's schema
    QualifiedName table;
    // pg_get_indexdef(oid): `CREATE UNIQUE INDEX users_email_idx ON public.users USING btree
    // (lower(email)) INCLUDE (name) WHERE (deleted_at IS NULL)`.
    std::string definition;
    bool unique = false;
    std::optional<std::string> comment;
    // Indexes that back a PRIMARY KEY, UNIQUE or EXCLUDE constraint are not listed: they come
    // and go with their constraint.

    friend bool operator==(const Index&, const Index&) = default;
};

struct View {
    QualifiedName name;
    bool materialized = false;
    std::string definition;            // pg_get_viewdef(oid, true): the SELECT, without CREATE VIEW
    std::vector<std::string> columns;  // in order (a view's output columns)
    // The tables, views and functions this view reads (pg_depend through pg_rewrite), so views
    // are created after what they read and dropped before it.
    std::vector<QualifiedName> depends_on;
    std::optional<std::string> comment;

    friend bool operator==(const View&, const View&) = default;
};

// A materialized view's indexes are listed with the other indexes.

struct Sequence {
    QualifiedName name;
    std::string data_type;  // format_type: `bigint`, `integer`, `smallint`
    long long start = 1;
    long long increment = 1;
    long long min_value = 1;
    long long max_value = 0;
    long long cache = 1;
    bool cycle = false;
    // OWNED BY table.column; nullopt when the sequence stands alone. A serial column's
    // sequence appears here AND as that column's owned_sequence.
    std::optional<QualifiedName> owned_by_table;
    std::string owned_by_column;
    std::optional<std::string> comment;

    friend bool operator==(const Sequence&, const Sequence&) = default;
};

struct EnumType {
    QualifiedName name;
    std::vector<std::string> values;  // in enumsortorder
    std::optional<std::string> comment;

    friend bool operator==(const EnumType&, const EnumType&) = default;
};

struct DomainConstraint {
    std::string name;
    std::string definition;  // pg_get_constraintdef: `CHECK ((VALUE > 0))`

    friend bool operator==(const DomainConstraint&, const DomainConstraint&) = default;
};

struct Domain {
    QualifiedName name;
    std::string base_type;  // format_type of typbasetype with typtypmod
    bool not_null = false;
    std::optional<std::string> default_value;
    std::string collation;                      // "" when the base type's default
    std::vector<DomainConstraint> constraints;  // sorted by name
    std::optional<std::string> comment;

    friend bool operator==(const Domain&, const Domain&) = default;
};

struct Function {
    QualifiedName name;
    std::string identity_arguments;  // pg_get_function_identity_arguments: `a integer, b text`
    bool is_procedure = false;
    std::string definition;  // pg_get_functiondef: `CREATE OR REPLACE FUNCTION ...` in full
    std::optional<std::string> comment;

    // `public.f(a integer, b text)`: what DROP FUNCTION and COMMENT ON FUNCTION name.
    std::string signature() const;
    friend bool operator==(const Function&, const Function&) = default;
};

struct Trigger {
    std::string name;  // a trigger's name is unique per table
    QualifiedName table;
    std::string definition;  // pg_get_triggerdef(oid, false): `CREATE TRIGGER ...`
    std::optional<std::string> comment;

    friend bool operator==(const Trigger&, const Trigger&) = default;
};

struct Extension {
    std::string name;
    std::string schema;  // where its objects were installed
    // The version is not compared: the server's packages decide it, not the model.

    friend bool operator==(const Extension&, const Extension&) = default;
};

// Every map is keyed by the object's qualified name (functions by signature(), triggers by
// table then name), so iteration is deterministic.
struct Catalog {
    std::vector<std::string> schemas;  // the managed schemas that exist, sorted
    std::map<std::string, std::optional<std::string>> schema_comments;
    std::map<QualifiedName, Table> tables;
    std::map<QualifiedName, Index> indexes;
    std::map<QualifiedName, View> views;  // views and materialized views
    std::map<QualifiedName, Sequence> sequences;
    std::map<QualifiedName, EnumType> enums;
    std::map<QualifiedName, Domain> domains;
    std::map<std::string, Function> functions;                          // by signature()
    std::map<std::pair<QualifiedName, std::string>, Trigger> triggers;  // by (table, name)
    std::map<std::string, Extension> extensions;                        // by name

    friend bool operator==(const Catalog&, const Catalog&) = default;
};

}  // namespace mig::schema::pg
