#pragma once

// One property case, run in-process through mig's own layers (autogen compare and render, the
// revision writer and parser, db introspection) on in-memory SQLite databases:
//   1. the migrations' schema `before` is built the way mig builds it (compare from empty,
//      render, write + parse back the revision, run it) and must introspect equal to the model;
//   2. rows are inserted (rows_sql);
//   3. `mig migrate` to `after` (compare with the renames, render upgrade and downgrade), the
//      revision parses back; the upgrade runs as mig's runner runs it (foreign keys off, one
//      transaction, foreign_key_check before COMMIT); the live schema equals the model and a
//      second compare finds nothing (convergence); every row is kept, and every value of a
//      column that survives with the same type; integrity_check and foreign_key_check are clean;
//   4. the downgrade runs the same way and gives back `before`'s schema and rows; when the upgrade
//      dropped a NOT NULL column that no default can refill, the downgrade must instead fail,
//      say so with `-- mig:destructive`, and change nothing.

#include "property/generator.hpp"

#include <string>

namespace mig::property {

struct Outcome {
    std::string failure;  // empty when the case holds; otherwise what failed, with the SQL run
    // The downgrade could not refill a dropped NOT NULL column and failed, marked destructive,
    // changing nothing (the accepted way for it to end; counted so a batch shows it happens).
    bool downgrade_refused = false;
};

Outcome check_pair(const Pair& pair, const std::string& revision_template);

}  // namespace mig::property
