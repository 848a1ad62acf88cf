#pragma once

#include "ops/postgres_operation.hpp"
#include "schema/postgres_catalog.hpp"

#include <string>
#include <vector>

namespace mig::autogen::pg {

struct Rendered {
    std::string sql;
    // The operations hold an `ALTER TYPE ... ADD VALUE` whose value a later statement uses
    // (postgres_enum_values.hpp): the revision must run outside a transaction (the caller
    // writes `-- mig:transaction off`), since PostgreSQL 12+ runs ADD VALUE inside one but
    // refuses to use the value before it commits. Never so for operations from compare(), which
    // recreates such a type instead (AlterEnum::recreate): a revision outside a transaction
    // cannot be rolled back when a later statement fails. ADD VALUE is written `IF NOT EXISTS`
    // so that such a revision, stopped half-way, can be run again.
    bool transaction_off = false;
};

// PostgreSQL DDL that applies `operations` in order. One block of statements per operation,
// each statement ending with `;`, a blank line between blocks; every operation that can lose
// data (ops::pg::data_loss) is preceded by `-- mig:destructive <reason>`. Names are
// schema-qualified and quoted only when they need it (schema::pg::quote_identifier); types,
// defaults and definitions are the server's canonical text from the catalog. Byte-identical
// output for identical input.
//
// `desired` is the schema the operations lead to (the model for an upgrade, the migrations'
// schema for the downgrade); render reads it to tell enum types from others when a column
// moves between them.
Rendered render(const std::vector<ops::pg::Operation>& operations,
                const schema::pg::Catalog& desired);

// The DDL of one operation, without the destructive mark (for tests and messages).
std::string render_operation(const ops::pg::Operation& operation,
                             const schema::pg::Catalog& desired);

}  // namespace mig::autogen::pg
