#pragma once

#include "ops/operation.hpp"
#include "schema/catalog.hpp"

#include <string>
#include <vector>

namespace mig::autogen {

// SQL for SQLite that applies `operations` in order, inside mig's transaction (the runner turns
// foreign keys off before BEGIN and checks them before COMMIT). One block of statements per
// operation, each statement ending with `;`, a blank line between blocks. Plain ALTER where
// SQLite supports it (ADD COLUMN, DROP COLUMN, RENAME TABLE/COLUMN); a RebuildTable becomes the
// table-rebuild procedure of SQLite's ALTER TABLE documentation (section 7):
//   1. drop the views that read the table (and the views and triggers that read those views),
//      and the triggers on other tables that read it: the rename in step 4 re-checks them;
//   2. CREATE TABLE "new_<name>" in the desired form (a name no table in `desired` has);
//   3. INSERT INTO "new_<name>" (columns) SELECT (source columns) FROM the old table: every row
//      is kept; a column that becomes NOT NULL with a default takes the default where it was NULL;
//   4. DROP TABLE old, ALTER TABLE "new_<name>" RENAME TO name (with PRAGMA legacy_alter_table
//      ON around it, so the rename re-checks no other view or trigger);
//   5. recreate, from `desired`, the table's explicit indexes and triggers and the views and
//      triggers dropped in step 1, except those `operations` create themselves.
// Names are quoted with "" whenever they need it. Every operation that can lose data
// (ops::data_loss) is preceded by `-- mig:destructive <reason>`. Byte-identical output for
// identical input.
//
// `desired` is the schema the operations lead to: the model for an upgrade, the migrations'
// schema for the derived downgrade. A rebuild needs it, since the operations do not carry the
// indexes, triggers and views around a table.
std::string render_sqlite(const std::vector<ops::Operation>& operations,
                          const schema::Catalog& desired);

// The same without a desired schema: for operations that contain no RebuildTable. Throws
// std::invalid_argument for a RebuildTable, which would otherwise lose its table's indexes.
std::string render_sqlite(const std::vector<ops::Operation>& operations);

}  // namespace mig::autogen
