#pragma once

#include "schema/postgres_catalog.hpp"

#include <nlohmann/json.hpp>

// A PostgreSQL catalog as JSON and back, for the caches that keep introspected catalogs on
// disk by key. Every field is written, so catalog_from_json(to_json(c)) == c.
namespace mig::schema::pg {

nlohmann::json to_json(const Catalog& catalog);

// The catalog `json` holds. InputError naming what is wrong (a missing or mistyped field, an
// unknown kind, two objects with the same key) when it is not what to_json writes.
Catalog catalog_from_json(const nlohmann::json& json);

}  // namespace mig::schema::pg
