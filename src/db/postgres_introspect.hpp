#pragma once

#include "db/postgres_connection.hpp"
#include "schema/postgres_catalog.hpp"

#include <string>
#include <vector>

namespace mig::db {

// The objects of `schemas` (the managed schemas; those that do not exist are left out) in the
// database `connection` is connected to, read from pg_catalog as the server's canonical text
// (schema/postgres_catalog.hpp says which function gives which value).
//
// Runs in one read-only REPEATABLE READ transaction, so every query sees the same snapshot,
// with `search_path = pg_catalog` for that transaction only, so every name the server prints
// is schema-qualified (`public.users`, `public.mood`) except pg_catalog's own (`integer`,
// `lower(...)`). When the caller has a transaction open, the queries run inside it instead and
// search_path is put back afterwards.
//
// Left out: mig's own mig_version and mig_history (in any schema) with their indexes,
// constraints, triggers and sequences; every object that belongs to an extension (pg_depend
// deptype 'e': CREATE EXTENSION made it, DROP EXTENSION drops it); the extension plpgsql, which
// every database has; internal triggers (those of foreign keys); indexes that back a primary
// key, unique or exclusion constraint; the sequences of identity columns; aggregates and
// window functions; partitions (a partitioned table is listed, its partitions are not) and
// what the catalog does not model (composite and range types, rules, policies, grants,
// owners, publications, foreign tables).
//
// One query per kind of object whatever the number of tables (about 15 round trips).
// PostgresError (exit 1) when a query fails.
schema::pg::Catalog introspect(const PgConnection& connection,
                               const std::vector<std::string>& schemas);

}  // namespace mig::db
