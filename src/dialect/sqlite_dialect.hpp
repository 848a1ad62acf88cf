#pragma once

#include "dialect/dialect.hpp"

namespace mig::dialect {

class SqliteDialect final : public Dialect {
public:
    std::string_view name() const override { return "sqlite"; }
    std::vector<Statement> split(std::string_view sql, int first_line) const override;
    StatementKind classify(const Statement& statement) const override;
    std::string quote_literal(std::string_view value) const override;
    std::string quote_identifier(std::string_view name) const override;
    std::vector<std::string> create_version_tables() const override;
    std::string begin_transaction() const override { return "BEGIN IMMEDIATE;"; }
    std::string commit_transaction() const override { return "COMMIT;"; }
    void version_update(std::string& out, const std::vector<std::string>& removed,
                        const std::vector<std::string>& added) const override;
    void history_insert(std::string& out, const HistoryRecord& record) const override;
};

}  // namespace mig::dialect
