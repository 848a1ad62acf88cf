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

// What mig does with one statement of a revision script (Dialect::action): the one policy
// the online runner, the offline renderer and the replay all follow.
struct StatementAction {
    enum class Kind {
        run,     // execute it (offline: print it)
        skip,    // mig owns this (the transaction, SQLite's foreign key setting): leave it out
        refuse,  // the revision cannot run as written: fail, naming the statement
    };
    Kind kind = Kind::run;
    // refuse only: why, worded to follow "revision R (file): statement N at line L: ",
    // e.g. "ROLLBACK is not allowed, mig runs each revision in its own transaction".
    std::string reason;
    std::string hint;  // refuse only: what to change in the script

    static StatementAction run() { return {}; }
    static StatementAction skip() { return {Kind::skip, {}, {}}; }
    static StatementAction refuse(std::string why, std::string what_to_do) {
        return {Kind::refuse, std::move(why), std::move(what_to_do)};
    }
};

}  // namespace mig::dialect
