#pragma once

#include <string>
#include <vector>

namespace mig::dialect {

// One SQL statement of a revision section, as split by the database's own parser.
struct Statement {
    // The statement's text: comments before it kept (so `-- mig:destructive` notes reach
    // offline output), ending with its `;` or, for a last statement without one, its last
    // token: comments after a statement belong to the next one, so appending `;` is safe.
    std::string sql;
    int line = 0;    // 1-based line in the file where the statement's first token is
    int number = 0;  // 1-based position in its section
};

// What mig must know about a statement before running it inside its own transaction.
enum class StatementKind {
    ordinary,
    begin_transaction,     // BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION]
    commit_transaction,    // COMMIT / END [TRANSACTION]
    rollback_transaction,  // ROLLBACK [TRANSACTION] (but not ROLLBACK TO savepoint)
    pragma_foreign_keys,   // PRAGMA foreign_keys = ...
};

}  // namespace mig::dialect
