#include "dialect/dialect.hpp"

#include "dialect/postgres_dialect.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "dialect/statement.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <stdexcept>

namespace mig::dialect {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

void append_value(std::string& out, const Dialect& dialect, const SqlValue& value) {
    switch (value.kind) {
        case SqlValue::Kind::null:
            out += "NULL";
            return;
        case SqlValue::Kind::text:
            dialect.append_literal(out, value.text);
            return;
        case SqlValue::Kind::integer:
            out += std::to_string(value.integer);
            return;
        case SqlValue::Kind::expression:
            out += value.text;
            return;
    }
}

const SqlValue& value_at(const std::vector<SqlValue>& values, std::size_t index,
                         std::string_view sql) {
    if (index >= values.size()) {
        throw std::logic_error("bookkeeping SQL has more placeholders than values: " +
                               std::string(sql));
    }
    return values[index];
}

SqlValue text_or_null(const std::string& value) {
    return value.empty() ? SqlValue::null() : SqlValue::of(value);
}

SqlValue optional_or_null(const std::optional<std::string>& value) {
    return value ? SqlValue::of(*value) : SqlValue::null();
}

}  // namespace

StatementAction Dialect::action(const Statement& statement, bool transactional) const {
    if (!transactional) {
        return StatementAction::run();  // the script manages its own transactions
    }
    switch (classify(statement)) {
        case StatementKind::begin_transaction:
        case StatementKind::commit_transaction:
        case StatementKind::pragma_foreign_keys:
            return StatementAction::skip();  // mig owns the transaction and the FK setting
        case StatementKind::rollback_transaction:
            return StatementAction::refuse(
                "ROLLBACK is not allowed, mig runs each revision in its own transaction",
                "remove the ROLLBACK, or add `-- mig:transaction off` to the revision's header "
                "to manage transactions in the script");
        case StatementKind::ordinary:
            break;
    }
    return StatementAction::run();
}

// The bookkeeping text is mig's own, so a simple scan suffices: quoted strings are copied
// whole (a `?` or `$1` inside one is text), `?` takes the next value, `$N` value N.
void Dialect::render_literals(std::string& out, std::string_view sql,
                              const std::vector<SqlValue>& values) const {
    std::size_t next = 0;
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            std::size_t close = sql.find(c, i + 1);
            close = close == std::string_view::npos ? sql.size() : close + 1;
            out += sql.substr(i, close - i);
            i = close;
        } else if (c == '?') {
            append_value(out, *this, value_at(values, next++, sql));
            ++i;
        } else if (c == '$' && i + 1 < sql.size() && is_digit(sql[i + 1])) {
            std::size_t end = i + 1;
            std::size_t number = 0;
            while (end < sql.size() && is_digit(sql[end])) {
                number = number * 10 + static_cast<std::size_t>(sql[end] - '0');
                ++end;
            }
            append_value(out, *this, value_at(values, number - 1, sql));
            i = end;
        } else {
            out += c;
            ++i;
        }
    }
}

std::vector<SqlValue> Dialect::history_parameters(const HistoryRecord& record) const {
    std::vector<SqlValue> values;
    values.reserve(9);
    values.push_back(text_or_null(record.revision));
    values.push_back(text_or_null(util::join(record.parents, " ")));
    values.push_back(SqlValue::of(record.direction));
    values.push_back(record.applied_at.empty() ? SqlValue::sql_expression(bookkeeping().now_utc)
                                               : SqlValue::of(record.applied_at));
    values.push_back(optional_or_null(record.git_commit));
    values.push_back(text_or_null(record.sha256));
    values.push_back(optional_or_null(record.downgrade_sql));
    values.push_back(SqlValue::of(record.dirty ? 1LL : 0LL));
    values.push_back(text_or_null(record.message));
    return values;
}

void Dialect::version_update(std::string& out, const std::vector<std::string>& removed,
                             const std::vector<std::string>& added) const {
    const BookkeepingSql& sql = bookkeeping();
    for (const auto& revision : removed) {
        render_literals(out, sql.delete_head, {SqlValue::of(revision)});
        out += ";\n";
    }
    for (const auto& revision : added) {
        render_literals(out, sql.insert_head, {SqlValue::of(revision)});
        out += ";\n";
    }
}

void Dialect::history_insert(std::string& out, const HistoryRecord& record) const {
    render_literals(out, bookkeeping().insert_history, history_parameters(record));
    out += ";\n";
}

// The one place that knows every dialect: an explicit switch rather than a self-registering
// table, so nothing depends on static initialisation order.
std::unique_ptr<Dialect> make_dialect(std::string_view name, const DialectOptions& options) {
    if (name == "sqlite") {
        return std::make_unique<SqliteDialect>();
    }
    if (name == "postgresql") {
        return std::make_unique<PostgresDialect>(options.schema);
    }
    throw InputError("unknown database dialect '" + std::string(name) + "'",
                     "mig supports sqlite and postgresql");
}

}  // namespace mig::dialect
