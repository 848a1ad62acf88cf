#pragma once

#include "dialect/dialect.hpp"

#include <string>

namespace mig::dialect {

// PostgreSQL: psql's statement ends (postgres_split.hpp), its transaction statements and
// the statements that cannot run inside one, and mig's tables in the schema `[database]
// schema` names (default public).
class PostgresDialect final : public Dialect {
public:
    // `schema`: where mig_version and mig_history live; empty means public.
    explicit PostgresDialect(std::string schema = {});

    std::string_view name() const override { return "postgresql"; }
    std::string failing_statement(std::string_view message) const override;
    std::vector<Statement> split(std::string_view sql, int first_line) const override;
    StatementKind classify(const Statement& statement) const override;
    // Dialect::action, and besides: COPY ... FROM STDIN / TO STDOUT and psql meta-commands
    // are refused in any step (mig has no client-side data stream); in a transactional step,
    // statements PostgreSQL refuses inside a transaction block (CREATE INDEX CONCURRENTLY,
    // VACUUM, CREATE DATABASE, ...) and PREPARE TRANSACTION / COMMIT PREPARED / ROLLBACK
    // PREPARED are refused before anything runs, with the hint to add `-- mig:transaction off`.
    StatementAction action(const Statement& statement, bool transactional) const override;

    // '...' with quotes doubled. Backslashes are copied as they are: mig assumes
    // standard_conforming_strings = on (the default since PostgreSQL 9.1, and what psql and
    // libpq see on any current server), so an E'' literal is never needed.
    std::string quote_literal(std::string_view value) const override;
    void append_literal(std::string& out, std::string_view value) const override;
    std::string quote_identifier(std::string_view name) const override;

    const BookkeepingSql& bookkeeping() const override { return m_bookkeeping; }
    std::string begin_transaction() const override { return "BEGIN;"; }
    std::string commit_transaction() const override { return "COMMIT;"; }
    // SET standard_conforming_strings = on: the literals mig writes and the splitter's reading
    // of the revisions assume it, so the script says so rather than trust the server's default.
    std::vector<std::string> offline_preamble() const override;

    const std::string& schema() const { return m_schema; }

private:
    std::string m_schema;
    BookkeepingSql m_bookkeeping;
};

// Why a statement cannot run inside a transaction block, or empty when it can: for the
// early refusal in a transactional step, and for the online runner to word the server's
// "cannot run inside a transaction block" (SQLSTATE 25001) for statements not listed here.
std::string needs_own_transaction(const Statement& statement);

// The hint for a statement PostgreSQL refuses inside a transaction block.
inline constexpr std::string_view k_transaction_off_hint =
    "add `-- mig:transaction off` to the revision's header to run it statement by statement "
    "outside a transaction (then keep that revision to statements of that kind, since a "
    "failure in the middle cannot be rolled back)";

}  // namespace mig::dialect
