#include "autogen/render.hpp"

#include "autogen/sqlite_ddl.hpp"
#include "autogen/sqlite_rebuild.hpp"

#include <stdexcept>
#include <type_traits>
#include <variant>

namespace mig::autogen {

namespace {

using sqlite::quote;

std::string render(const ops::CreateTable& op, const sqlite::RebuildContext& context) {
    return sqlite::create_table(op.table, op.table.name,
                                sqlite::key_indexes(context.desired, op.table)) +
           ";\n";
}

std::string render(const ops::DropTable& op, const sqlite::RebuildContext&) {
    return "DROP TABLE " + quote(op.table.name) + ";\n";
}

std::string render(const ops::RenameTable& op, const sqlite::RebuildContext&) {
    return "ALTER TABLE " + quote(op.from) + " RENAME TO " + quote(op.to) + ";\n";
}

std::string render(const ops::AddColumn& op, const sqlite::RebuildContext&) {
    return "ALTER TABLE " + quote(op.table) + " ADD COLUMN " +
           sqlite::added_column_definition(op.column, op.checks, op.foreign_keys) + ";\n";
}

std::string render(const ops::DropColumn& op, const sqlite::RebuildContext&) {
    return "ALTER TABLE " + quote(op.table) + " DROP COLUMN " + quote(op.column.name) + ";\n";
}

std::string render(const ops::RenameColumn& op, const sqlite::RebuildContext&) {
    return "ALTER TABLE " + quote(op.table) + " RENAME COLUMN " + quote(op.from) + " TO " +
           quote(op.to) + ";\n";
}

std::string render(const ops::RebuildTable& op, const sqlite::RebuildContext& context) {
    return sqlite::rebuild_table(op, context);
}

std::string render(const ops::CreateIndex& op, const sqlite::RebuildContext&) {
    return sqlite::create_index(op.index) + ";\n";
}

std::string render(const ops::DropIndex& op, const sqlite::RebuildContext&) {
    return "DROP INDEX " + quote(op.index.name) + ";\n";
}

std::string render(const ops::CreateView& op, const sqlite::RebuildContext&) {
    return sqlite::statement(op.view.sql) + ";\n";
}

std::string render(const ops::DropView& op, const sqlite::RebuildContext&) {
    return "DROP VIEW " + quote(op.view.name) + ";\n";
}

std::string render(const ops::CreateTrigger& op, const sqlite::RebuildContext&) {
    return sqlite::statement(op.trigger.sql) + ";\n";
}

std::string render(const ops::DropTrigger& op, const sqlite::RebuildContext&) {
    return "DROP TRIGGER " + quote(op.trigger.name) + ";\n";
}

// The reason on one line: the mark is a line comment.
std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

std::string render_operation(const ops::Operation& operation,
                             const sqlite::RebuildContext& context) {
    std::string text;
    if (ops::DataLoss loss = ops::data_loss(operation); loss.possible) {
        text += "-- mig:destructive " + one_line(loss.reason) + "\n";
    }
    return text + std::visit([&](const auto& op) { return render(op, context); }, operation);
}

}  // namespace

std::string render_sqlite(const std::vector<ops::Operation>& operations,
                          const schema::Catalog& desired) {
    const sqlite::RebuildContext context(desired, operations);
    std::string sql;
    for (const ops::Operation& operation : operations) {
        sql += (sql.empty() ? "" : "\n") + render_operation(operation, context);
    }
    return sql;
}

std::string render_sqlite(const std::vector<ops::Operation>& operations) {
    for (const ops::Operation& operation : operations) {
        if (std::holds_alternative<ops::RebuildTable>(operation)) {
            throw std::invalid_argument(
                "render_sqlite: a RebuildTable needs the desired schema to recreate the "
                "table's indexes, triggers and views");
        }
    }
    return render_sqlite(operations, schema::Catalog{});
}

}  // namespace mig::autogen
