#pragma once

#include "dialect/statement.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::dialect {

// One mig_history row: an upgrade, downgrade or stamp of one revision.
struct HistoryRecord {
    std::string revision;  // empty for `stamp base`
    std::vector<std::string> parents;
    std::string direction;   // "upgrade", "downgrade" or "stamp"
    std::string applied_at;  // UTC "2026-11-21T10:00:00Z"; empty = the database's now (offline SQL)
    std::optional<std::string> git_commit;
    std::string sha256;                        // of the script file; empty when unknown
    std::optional<std::string> downgrade_sql;  // the downgrade section as applied
    bool dirty = false;                        // the work tree had uncommitted changes
    std::string message;
};

// Per-database SQL text: statement splitting, quoting and mig's own bookkeeping SQL.
// Pure: no connection, so offline `--sql` and the online runner share it.
class Dialect {
public:
    virtual ~Dialect() = default;

    virtual std::string_view name() const = 0;

    // Splits a section into statements with the database's own rules (strings, comments,
    // trigger bodies with BEGIN ... END). Comment-only text yields no statement.
    // `first_line` is the file line where `sql` starts.
    virtual std::vector<Statement> split(std::string_view sql, int first_line) const = 0;
    virtual StatementKind classify(const Statement& statement) const = 0;

    virtual std::string quote_literal(std::string_view value) const = 0;
    virtual std::string quote_identifier(std::string_view name) const = 0;

    // Creates mig_version and mig_history when missing (idempotent), one statement per
    // element, each ending with `;`.
    virtual std::vector<std::string> create_version_tables() const = 0;
    virtual std::string begin_transaction() const = 0;
    virtual std::string commit_transaction() const = 0;

    // Literal SQL for the offline renderer (the online runner binds parameters instead),
    // appended to `out` one statement per line: offline SQL holds these for every revision,
    // so they are written in place rather than returned. Empty revision, parents, sha256 and
    // message are stored as NULL.
    virtual void version_update(std::string& out, const std::vector<std::string>& removed,
                                const std::vector<std::string>& added) const = 0;
    virtual void history_insert(std::string& out, const HistoryRecord& record) const = 0;
};

// "sqlite" (and "postgresql" once it lands); InputError for anything else.
std::unique_ptr<Dialect> make_dialect(std::string_view name);

}  // namespace mig::dialect
