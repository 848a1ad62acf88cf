#pragma once

#include "ops/operation.hpp"
#include "schema/catalog.hpp"

#include <string>
#include <vector>

namespace mig::autogen {

// A `--rename` given by the user: `old_table=new_table`, or `table.old_column=new_column`.
struct RenameHint {
    std::string table;  // for a column rename; empty for a table rename
    std::string from;
    std::string to;
};

// A dropped-and-added pair that looks like a rename (same shape), reported so the user can
// confirm it with --rename; never applied without one.
struct LikelyRename {
    std::string table;  // empty for a table rename
    std::string from;
    std::string to;
    std::string flag;  // the exact --rename argument that would turn it into a rename
};

struct Comparison {
    std::vector<ops::Operation> upgrade;  // turns `current` into `desired`, dependency-ordered
    std::vector<LikelyRename> likely_renames;
};

// Compares the migrations' schema (`current`) with the model (`desired`). Semantic equality
// (schema::Catalog's ==): whitespace, comments, keyword case and quoting never make a change.
// Deterministic: the same inputs always give the same operations in the same order. Ordering:
// drops of dependants first (triggers, views, indexes), then tables in foreign-key dependency
// order (referenced before referencing, iteratively — a 2,000-table chain is fine), then
// indexes, views, triggers. InputError for a --rename that names nothing.
Comparison compare(const schema::Catalog& current, const schema::Catalog& desired,
                   const std::vector<RenameHint>& renames = {});

// Parses one --rename argument; InputError with the expected forms otherwise.
RenameHint parse_rename(const std::string& argument);

}  // namespace mig::autogen
