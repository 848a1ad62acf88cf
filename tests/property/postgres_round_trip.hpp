#pragma once

// One PostgreSQL property case (postgres_generator.hpp's Pair), run in-process through mig's
// layers (autogen::pg compare and render, the revision writer and parser, pg_catalog
// introspection) against two databases of the test server, the way the SQLite case
// (round_trip.hpp) runs on in-memory databases:
//   1. mig creates `before` from nothing (compare with an empty database, render, write and
//      parse back the revision, run it): it must introspect equal to the model;
//   2. rows are inserted;
//   3. `mig migrate` to `after` (compare with the renames, render upgrade and downgrade; the
//      revision parses back); the upgrade runs as mig's runner runs it (one transaction, or
//      statement by statement for `-- mig:transaction off`); the live schema equals the model
//      (column order aside: PostgreSQL appends) and a second compare finds nothing; the values
//      of every column kept with its type are kept; a table or column dropped with its rows is
//      announced by `-- mig:destructive`;
//   4. the downgrade runs the same way and gives back `before`'s schema and every row, with
//      the values of every column the upgrade kept (a dropped column comes back empty); or,
//      when the upgrade dropped a column that cannot be refilled (NOT NULL without a default,
//      or in a UNIQUE key), it fails as its own `-- mig:destructive ... (fails on ...)` mark
//      says, or, when it dropped a table with rows that other rows referred to, the foreign
//      key cannot be added back (the loss the upgrade announced); either way it changes
//      nothing.

#include "property/postgres_generator.hpp"
#include "support/postgres.hpp"

#include <memory>
#include <string>

namespace mig::property::pg {

struct Outcome {
    std::string failure;  // empty when the case holds; otherwise what failed, with the SQL
    bool downgrade_refused = false;
};

// The two databases every case of a batch reuses (emptied before each case: creating a
// database costs a tenth of a second or more).
class Databases {
public:
    explicit Databases(const test::PostgresServer& server)
        : m_live(std::make_unique<test::PostgresDatabase>(server)),
          m_model(std::make_unique<test::PostgresDatabase>(server)) {
        // the server's NOTICEs (drop cascades, truncated names) are no test output
        m_live->exec("SET client_min_messages = warning");
        m_model->exec("SET client_min_messages = warning");
    }
    const test::PostgresDatabase& live() const { return *m_live; }
    const test::PostgresDatabase& model() const { return *m_model; }

private:
    std::unique_ptr<test::PostgresDatabase> m_live;
    std::unique_ptr<test::PostgresDatabase> m_model;
};

Outcome check_pair(const Pair& pair, const std::string& revision_template,
                   const Databases& databases);

}  // namespace mig::property::pg
