#pragma once

// Statements that set who owns an object or who may use it, which schema comparisons leave
// out (docs/postgres.md, "What mig reads from a schema"): a scratch database skips them, since
// the roles they name may not exist on its server.

#include <string_view>

namespace mig::dialect {

// Whether `sql` (one statement, comments before it allowed) is GRANT, REVOKE, ALTER DEFAULT
// PRIVILEGES or ALTER ... OWNER TO role (not ALTER TABLE t RENAME [COLUMN] owner TO x).
bool sets_owner_or_privileges(std::string_view sql);

}  // namespace mig::dialect
