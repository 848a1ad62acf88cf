#include "property/schema_model.hpp"

#include <algorithm>

namespace mig::property {

namespace {

template <typename Items>
auto find_named(Items& items, const std::string& name) -> decltype(&items.front()) {
    auto found = std::find_if(items.begin(), items.end(),
                              [&](const auto& item) { return item.name == name; });
    return found == items.end() ? nullptr : &*found;
}

std::string name_list(const std::vector<std::string>& names) {
    std::string list;
    for (const std::string& name : names) {
        list += (list.empty() ? "" : ", ") + quote(name);
    }
    return "(" + list + ")";
}

std::string constraint(const std::string& name) {
    return name.empty() ? "" : "CONSTRAINT " + quote(name) + " ";
}

std::string column_ddl(const ModelTable& table, const ModelColumn& column) {
    std::string text = quote(column.name);
    if (!column.type.empty()) {
        text += " " + column.type;
    }
    if (table.primary_key.size() == 1 && table.primary_key.front() == column.name &&
        table.autoincrement) {
        text += " PRIMARY KEY AUTOINCREMENT";
    }
    if (column.not_null) {
        text += " NOT NULL";
    }
    if (column.default_value) {
        text += " DEFAULT " + *column.default_value;
    }
    if (!column.collation.empty()) {
        text += " COLLATE " + column.collation;
    }
    if (column.unique) {
        text += " UNIQUE";
    }
    if (column.check_form != 0) {
        text += " " + constraint(column.check_name) + "CHECK (" +
                check_expression(column.check_form, column.name) + ")";
    }
    if (column.generated != GeneratedKind::none) {
        text += " GENERATED ALWAYS AS (" + generated_expression(column) + ")" +
                (column.generated == GeneratedKind::stored ? " STORED" : " VIRTUAL");
    }
    return text;
}

std::string foreign_key_ddl(const ModelForeignKey& key) {
    std::string text = constraint(key.name) + "FOREIGN KEY " + name_list(key.columns) +
                       " REFERENCES " + quote(key.table) + " " + name_list(key.referenced_columns);
    if (!key.on_delete.empty()) {
        text += " ON DELETE " + key.on_delete;
    }
    if (!key.on_update.empty()) {
        text += " ON UPDATE " + key.on_update;
    }
    return text + (key.deferred ? " DEFERRABLE INITIALLY DEFERRED" : "");
}

std::string table_ddl(const ModelTable& table) {
    std::vector<std::string> lines;
    for (const ModelColumn& column : table.columns) {
        lines.push_back(column_ddl(table, column));
    }
    if (!table.primary_key.empty() && !table.autoincrement) {
        lines.push_back("PRIMARY KEY " + name_list(table.primary_key));
    }
    for (const auto& unique : table.uniques) {
        lines.push_back("UNIQUE " + name_list(unique));
    }
    for (const ModelCheck& check : table.checks) {
        lines.push_back("CHECK (" + check_expression(check.form, check.column) + ")");
    }
    for (const ModelForeignKey& key : table.foreign_keys) {
        lines.push_back(foreign_key_ddl(key));
    }
    std::string text = "CREATE TABLE " + quote(table.name) + " (\n";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        text += "  " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    }
    text += ")";
    if (table.without_rowid) {
        text += table.strict ? " WITHOUT ROWID, STRICT" : " WITHOUT ROWID";
    } else if (table.strict) {
        text += " STRICT";
    }
    return text + ";\n";
}

std::string index_ddl(const ModelIndex& index) {
    std::string parts;
    for (const ModelIndexPart& part : index.parts) {
        parts += parts.empty() ? "" : ", ";
        parts += part.column.empty() ? part.expression : quote(part.column);
        parts += part.nocase ? " COLLATE NOCASE" : "";
        parts += part.descending ? " DESC" : "";
    }
    std::string text = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
                       quote(index.name) + " ON " + quote(index.table) + " (" + parts + ")";
    if (!index.where_column.empty()) {
        text += " WHERE " + quote(index.where_column) + " IS NOT NULL";
    }
    return text + ";\n";
}

std::string view_ddl(const ModelView& view) {
    std::string columns;
    for (const std::string& column : view.columns) {
        columns += (columns.empty() ? "" : ", ") + quote(column);
    }
    return "CREATE VIEW " + quote(view.name) + " AS SELECT " + columns + " FROM " +
           quote(view.table) + ";\n";
}

std::string trigger_ddl(const ModelTrigger& trigger) {
    const std::string row = trigger.event == "DELETE" ? "OLD" : "NEW";
    std::string event =
        trigger.event == "UPDATE" ? "UPDATE OF " + quote(trigger.column) : trigger.event;
    return "CREATE TRIGGER " + quote(trigger.name) + " AFTER " + event + " ON " +
           quote(trigger.table) + " BEGIN\n  SELECT " + row + "." + quote(trigger.column) +
           ";\nEND;\n";
}

}  // namespace

ModelColumn* ModelTable::find(const std::string& column) {
    return find_named(columns, column);
}

const ModelColumn* ModelTable::find(const std::string& column) const {
    return find_named(columns, column);
}

ModelTable* Model::find_table(const std::string& name) {
    return find_named(tables, name);
}

const ModelTable* Model::find_table(const std::string& name) const {
    return find_named(tables, name);
}

std::string quote(const std::string& name) {
    std::string text = "\"";
    for (char c : name) {
        text += c;
        if (c == '"') {
            text += '"';
        }
    }
    return text + "\"";
}

std::string check_expression(int form, const std::string& column) {
    switch (form) {
        case 1:
            return "length(" + quote(column) + ") < 40";
        case 2:
            return quote(column) + " <> 'forbidden'";
        case 3:
            return quote(column) + " IS NOT -99";
        default:
            return "typeof(" + quote(column) + ") <> 'forbidden'";
    }
}

std::string generated_expression(const ModelColumn& column) {
    switch (column.generated_form) {
        case 0:
            return quote(column.generated_source) + " + 1";
        case 1:
            return quote(column.generated_source) + " || 'x'";
        default:
            return "upper(" + quote(column.generated_source) + ")";
    }
}

std::string ddl(const Model& model) {
    std::string text;
    for (const ModelTable& table : model.tables) {
        text += table_ddl(table);
    }
    for (const ModelIndex& index : model.indexes) {
        text += index_ddl(index);
    }
    for (const ModelView& view : model.views) {
        text += view_ddl(view);
    }
    for (const ModelTrigger& trigger : model.triggers) {
        text += trigger_ddl(trigger);
    }
    return text;
}

std::string rows_sql(const Model& model, int rows) {
    std::string text;
    for (const ModelTable& table : model.tables) {
        if (!table.seeded) {
            continue;
        }
        std::vector<std::string> columns;
        for (const ModelColumn& column : table.columns) {
            if (column.generated == GeneratedKind::none) {
                columns.push_back(column.name);
            }
        }
        for (int row = 1; row <= rows; ++row) {
            std::string values;
            for (std::size_t i = 0; i < columns.size(); ++i) {
                values += (i == 0 ? "" : ", ") + std::to_string(row);
            }
            text += "INSERT INTO " + quote(table.name) + " " + name_list(columns) + " VALUES (" +
                    values + ");\n";
        }
    }
    return text;
}

}  // namespace mig::property
