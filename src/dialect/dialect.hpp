#pragma once

#include "dialect/bookkeeping.hpp"
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

// How a dialect is built: what comes from the configuration rather than the database kind.
struct DialectOptions {
    // Where mig_version and mig_history live (PostgreSQL `[database] schema`); empty: the
    // database's default (SQLite has only "main" and ignores it).
    std::string schema;
};

// Per-database SQL text: statement splitting, quoting, which script statements mig runs,
// skips or refuses, and mig's own bookkeeping SQL.
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

    // The statement policy, the one place that says what happens to a script statement, in a
    // transactional step (mig owns the transaction) or not (`-- mig:transaction off`: the
    // script's own transaction control is honoured). The default, from `classify`: in a
    // transactional step BEGIN, COMMIT and PRAGMA foreign_keys are skipped and ROLLBACK is
    // refused; everything runs otherwise. A dialect overrides it to refuse more (PostgreSQL:
    // COPY ... FROM stdin) and calls this for the rest.
    virtual StatementAction action(const Statement& statement, bool transactional) const;

    virtual std::string quote_literal(std::string_view value) const = 0;
    virtual std::string quote_identifier(std::string_view name) const = 0;
    // quote_literal appended to `out` (offline SQL quotes every revision's downgrade SQL, so
    // a dialect may spare the temporary string).
    virtual void append_literal(std::string& out, std::string_view value) const {
        out += quote_literal(value);
    }

    // The text of every bookkeeping statement (see bookkeeping.hpp), with placeholders.
    virtual const BookkeepingSql& bookkeeping() const = 0;
    virtual std::string begin_transaction() const = 0;
    virtual std::string commit_transaction() const = 0;
    // Statements the offline script starts with, before the bookkeeping tables are created
    // (SQLite: foreign key enforcement off, as the online runner sets it). Each ends with `;`.
    virtual std::vector<std::string> offline_preamble() const { return {}; }
    // SQL that fails when run, with `message` in the database's error, and changes nothing that
    // outlives the failed transaction: the downgrade of an imported migration that had none.
    // Ends with a newline.
    virtual std::string failing_statement(std::string_view message) const = 0;

    // Appends `sql` to `out` with each placeholder replaced by the literal of its value
    // (quote_literal for text, NULL, integers, expressions as written). Placeholders inside
    // quoted strings are left alone. std::logic_error when a value is missing.
    void render_literals(std::string& out, std::string_view sql,
                         const std::vector<SqlValue>& values) const;

    // The parameters of bookkeeping().insert_history for a record, in its column order.
    // Empty revision, parents, sha256 and message are NULL; an empty applied_at is the
    // database's clock (bookkeeping().now_utc), which only offline SQL leaves empty.
    std::vector<SqlValue> history_parameters(const HistoryRecord& record) const;

    // Offline SQL, appended to `out` one statement per line (`;\n` each): offline SQL holds
    // these for every revision, so they are written in place rather than returned. Rendered
    // from bookkeeping(), the text the online runner binds.
    std::vector<std::string> create_version_tables() const { return bookkeeping().create_tables; }
    void version_update(std::string& out, const std::vector<std::string>& removed,
                        const std::vector<std::string>& added) const;
    void history_insert(std::string& out, const HistoryRecord& record) const;
};

// "sqlite" or "postgresql" (its mig tables in options.schema); InputError for anything else.
std::unique_ptr<Dialect> make_dialect(std::string_view name, const DialectOptions& options = {});

}  // namespace mig::dialect
