#pragma once

#include "dialect/dialect.hpp"

namespace mig::dialect {

class SqliteDialect final : public Dialect {
public:
    std::string_view name() const override { return "sqlite"; }
    std::string failing_statement(std::string_view message) const override;
    std::vector<Statement> split(std::string_view sql, int first_line) const override;
    StatementKind classify(const Statement& statement) const override;
    std::string quote_literal(std::string_view value) const override;
    void append_literal(std::string& out, std::string_view value) const override;
    std::string quote_identifier(std::string_view name) const override;
    const BookkeepingSql& bookkeeping() const override;
    std::string begin_transaction() const override { return "BEGIN IMMEDIATE;"; }
    std::string commit_transaction() const override { return "COMMIT;"; }
    std::vector<std::string> offline_preamble() const override;
};

}  // namespace mig::dialect
