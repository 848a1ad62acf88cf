#pragma once

#include "autogen/compare.hpp"
#include "ops/postgres_operation.hpp"
#include "schema/postgres_catalog.hpp"

#include <string>
#include <vector>

namespace mig::autogen::pg {

struct Comparison {
    std::vector<ops::pg::Operation> upgrade;  // turns `current` into `desired`, dependency-ordered
    std::vector<LikelyRename> likely_renames;
};

struct Options {
    // Add new FOREIGN KEY and CHECK constraints of existing tables `NOT VALID`, then VALIDATE
    // them in a statement of their own (the check of existing rows then takes a lighter lock).
    bool validate_separately = false;
    // `ALTER TYPE ... ADD VALUE` may run inside the revision's transaction (PostgreSQL 12+).
    // When false, an enum whose values are only added is recreated as well.
    bool add_values_in_transaction = true;
};

// Compares the migrations' schema (`current`) with the model (`desired`), both introspected
// from a server (db/postgres_introspect.hpp), into operations that turn one into the other.
//
// Equality is the catalog's: the server's canonical text of types, defaults and definitions.
// The one rule on top is about NAMES PostgreSQL GENERATES (schema/postgres_names.hpp): a
// constraint or index whose name is the one PostgreSQL would choose for it (`users_pkey`,
// `users_email_key`, `users_email_key1`, `orders_user_id_fkey`, `t_a_check`, `t_lower_idx`,
// after 63-byte truncation) matches a constraint or index of the same definition on the other
// side whose name is generated too, whatever the two names are: a model that spells no name
// never differs from migrations that did not either. A name spelled out (anything else) counts:
// the same definition under another name is a rename (`ALTER ... RENAME`), not a change.
//
// Renames: `hints` (parse_rename's): `old=new` renames a table of the public schema (or the one
// schema that has it), `schema.old=new` one of that schema; `table.old=new` renames a column
// (`table` by its old or new name, resolved like a table). When `table` is both a table with
// column `old` and a schema with table `old`, the column wins. InputError (with "did you
// mean") for a hint that names nothing. Dropped-and-added tables (same columns) and columns
// (same type and attributes) are reported as likely renames, never applied without a hint.
//
// Ordering (deterministic: maps are sorted, ties by name): new schemas and extensions; drops
// of triggers and views (in reverse dependency order, as they were before the renames, so the
// downgrade renames back first); table and column renames; drops of indexes, constraints,
// sequence ownership, and of the functions the server must drop around a change (a result
// type change, a recreated enum or domain they take or return; callers first); enum, domain
// (RecreateDomain for a new base type) and sequence creation and changes; functions; column drops,
// additions and changes; new tables in foreign-key order (a foreign key within a cycle is added
// after all tables); constraints, foreign keys last; indexes; sequence ownership; views in
// dependency order; triggers; comments; then the drops of tables, functions, sequences, domains,
// enums, extensions and schemas. A view that reads a table whose column changes type or is dropped
// is dropped before and created after.
//
// Transactions: the operations, and their reverse, always run inside one transaction. Values
// added to an enum are `ADD VALUE` there when nothing else in that direction uses them (the
// server refuses to use a value before the transaction that added it commits); otherwise the
// type is recreated with them (AlterEnum::recreate), in both directions, with what depends on
// it, as when a value is dropped.
Comparison compare(const schema::pg::Catalog& current, const schema::pg::Catalog& desired,
                   const std::vector<RenameHint>& renames = {}, const Options& options = {});

// The two sides' names for messages.
struct Sides {
    std::string current = "migrations";
    std::string desired = "model";
};

// For `mig check`: one line per difference, in the SQLite wording
// (`table users: column age missing in migrations (model has integer)`,
// `table users: column age type integer -> bigint (migrations -> model)`).
std::vector<std::string> difference_lines(const Comparison& comparison, const Sides& sides = {});

}  // namespace mig::autogen::pg
