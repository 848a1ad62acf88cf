#pragma once

#include "ops/operation.hpp"
#include "schema/catalog.hpp"

#include <string>
#include <vector>

namespace mig::ops {

// How a RebuildTable carries columns over: shared by describe() and data_loss().

// A `to` column and the `from` column its values are copied from.
struct CopiedColumn {
    const schema::Column* to;
    const schema::Column* from;
};

// The pairs of column_sources whose names both exist, in column_sources order.
std::vector<CopiedColumn> copied_columns(const RebuildTable& rebuild);

// `from` columns holding data (not generated) that no `to` column copies: their values are gone.
std::vector<const schema::Column*> discarded_columns(const RebuildTable& rebuild);

// `to` columns that copy nothing (they start with their default).
std::vector<const schema::Column*> new_columns(const RebuildTable& rebuild);

// `names` (columns of `to`) spelled as the `from` columns they are copied from; a name without a
// source stays as it is. For comparing keys and constraints across renames.
std::vector<std::string> source_names(const RebuildTable& rebuild,
                                      const std::vector<std::string>& names);

// `name` in double quotes (doubling inner quotes) unless it is a plain identifier.
std::string quote_name(const std::string& name);

}  // namespace mig::ops
