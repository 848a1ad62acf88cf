#include "autogen/postgres_render_detail.hpp"
#include "schema/postgres_names.hpp"

#include <algorithm>

// Rendering of types and sequences: enums (ADD VALUE or recreate), domains, sequences.

namespace mig::autogen::pg::detail {

namespace {

using schema::pg::qualified;
using schema::pg::quote_identifier;
using schema::pg::quote_literal;

std::string values_list(const std::vector<std::string>& values) {
    std::string list;
    for (const std::string& value : values) {
        list += (list.empty() ? "" : ", ") + quote_literal(value);
    }
    return "(" + list + ")";
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

// The defaults a recreation would have changed on the columns it moves (the reverse of one
// that took a column's default change: ops::pg::EnumColumn), set after the values are added.
std::string default_changes(const std::vector<ops::pg::EnumColumn>& columns) {
    std::string sql;
    for (const ops::pg::EnumColumn& column : columns) {
        if (column.default_before == column.default_after) {
            continue;
        }
        sql += "ALTER TABLE " + qualified(column.table) + " ALTER COLUMN " +
               quote_identifier(column.column) +
               (column.default_after ? " SET DEFAULT " + *column.default_after : " DROP DEFAULT") +
               ";\n";
    }
    return sql;
}

std::string add_values(const ops::pg::AlterEnum& op) {
    std::string sql;
    const std::vector<std::string>& to = op.to.values;
    for (std::size_t i = 0; i < to.size(); ++i) {
        if (contains(op.from.values, to[i])) {
            continue;
        }
        // The first value after this one that exists already: none means it goes last.
        auto next = std::find_if(to.begin() + static_cast<std::ptrdiff_t>(i) + 1, to.end(),
                                 [&](const std::string& v) { return contains(op.from.values, v); });
        sql += "ALTER TYPE " + qualified(op.to.name) + " ADD VALUE IF NOT EXISTS " +
               quote_literal(to[i]);
        if (next != to.end()) {
            sql +=
                i == 0 ? " BEFORE " + quote_literal(*next) : " AFTER " + quote_literal(to[i - 1]);
        }
        sql += ";\n";
    }
    return sql + default_changes(op.columns);
}

// `col::text::type`, `col::text[]::type[]`: an enum converts through text.
std::string enum_using(const ops::pg::EnumColumn& column) {
    std::string brackets;
    for (std::size_t at = column.type.size(); at >= 2 && column.type.compare(at - 2, 2, "[]") == 0;
         at -= 2) {
        brackets += "[]";
    }
    return quote_identifier(column.column) + "::text" + brackets + "::" + column.type;
}

// The name a recreated type's old self takes until it is dropped: `<name>_mig_old`.
schema::pg::QualifiedName old_type_name(const schema::pg::QualifiedName& name) {
    return {name.schema, schema::pg::make_object_name(name.name, "", "mig_old")};
}

// Is `type` (an element type, without []) one of the user's (an enum, a domain)? Those come
// schema-qualified; built-in types never do.
bool user_type(const std::string& type) {
    return type.substr(0, type.find('[')).find('.') != std::string::npos;
}

// Moves the columns of a recreated type to the new one. `through_text`: the old and the new
// type have no cast between them (two enums): `col::text::type`; else `col::type`, the cast
// the new type's base has from the old one's.
std::string move_columns(const std::vector<ops::pg::EnumColumn>& columns, bool through_text) {
    std::string sql;
    for (const ops::pg::EnumColumn& column : columns) {
        const std::string alter = "ALTER TABLE " + qualified(column.table) + " ALTER COLUMN " +
                                  quote_identifier(column.column);
        // whatever default the column has by now would not cast to the new type (a later
        // operation of the downgrade may have set one that default_before does not know)
        sql += alter + " DROP DEFAULT;\n";
        sql += alter + " TYPE " + column.type + " USING " +
               (through_text ? enum_using(column)
                             : quote_identifier(column.column) + "::" + column.type) +
               ";\n";
        if (column.default_after) {
            sql += alter + " SET DEFAULT " + *column.default_after + ";\n";
        }
    }
    return sql;
}

std::string recreate(const ops::pg::AlterEnum& op) {
    const std::string type = qualified(op.to.name);
    const schema::pg::QualifiedName old_name = old_type_name(op.from.name);
    std::string sql =
        "ALTER TYPE " + type + " RENAME TO " + quote_identifier(old_name.name) + ";\n";
    sql += "CREATE TYPE " + type + " AS ENUM " + values_list(op.to.values) + ";\n";
    for (const ops::pg::RecreateDomain& domain : op.domains) {  // over the new type
        sql += "ALTER DOMAIN " + qualified(domain.from.name) + " RENAME TO " +
               quote_identifier(old_type_name(domain.from.name).name) + ";\n";
        sql += render_domain(ops::pg::CreateDomain{domain.to});
    }
    for (const auto& [table, check] : op.checks) {
        sql += "ALTER TABLE " + qualified(table) + " DROP CONSTRAINT " +
               quote_identifier(check.name) + ";\n";
    }
    for (const schema::pg::Index& index : op.indexes) {
        sql += "DROP INDEX " + qualified(index.name) + ";\n";
    }
    sql += move_columns(op.columns, true);
    for (const ops::pg::RecreateDomain& domain : op.domains) {
        sql += move_columns(domain.columns, true);
    }
    for (const schema::pg::Index& index : op.indexes) {
        std::string definition = index.definition;
        while (!definition.empty() && (definition.back() == ';' || definition.back() == '\n')) {
            definition.pop_back();
        }
        sql += definition + ";\n";
    }
    for (const auto& [table, check] : op.checks) {
        sql += "ALTER TABLE " + qualified(table) + " ADD CONSTRAINT " +
               quote_identifier(check.name) + " " + check.definition + ";\n";
    }
    for (const ops::pg::RecreateDomain& domain : op.domains) {
        sql += "DROP DOMAIN " + qualified(old_type_name(domain.from.name)) + ";\n";
    }
    sql += "DROP TYPE " + qualified(old_name) + ";\n";
    sql += comment_statement("TYPE " + type, op.to.comment);
    return sql;
}

std::string sequence_options(const schema::pg::Sequence& s) {
    return " AS " + s.data_type + " INCREMENT BY " + std::to_string(s.increment) + " MINVALUE " +
           std::to_string(s.min_value) + " MAXVALUE " + std::to_string(s.max_value) +
           " START WITH " + std::to_string(s.start) + " CACHE " + std::to_string(s.cache) +
           (s.cycle ? " CYCLE" : " NO CYCLE");
}

std::string owned_by(const schema::pg::Sequence& s) {
    return s.owned_by_table
               ? qualified(*s.owned_by_table) + "." + quote_identifier(s.owned_by_column)
               : "NONE";
}

std::string domain_constraints(const std::vector<schema::pg::DomainConstraint>& constraints) {
    std::string sql;
    for (const auto& constraint : constraints) {
        sql += " CONSTRAINT " + quote_identifier(constraint.name) + " " + constraint.definition;
    }
    return sql;
}

}  // namespace

bool adds_enum_values(const ops::pg::AlterEnum& op) {
    // from's values, in order, are a subsequence of to's
    auto at = op.to.values.begin();
    for (const std::string& value : op.from.values) {
        at = std::find(at, op.to.values.end(), value);
        if (at == op.to.values.end()) {
            return false;
        }
        ++at;
    }
    return true;
}

std::string render_enum(const ops::pg::CreateEnum& op) {
    return "CREATE TYPE " + qualified(op.type.name) + " AS ENUM " + values_list(op.type.values) +
           ";\n" + comment_statement("TYPE " + qualified(op.type.name), op.type.comment);
}

std::string render_enum(const ops::pg::AlterEnum& op) {
    return adds_enum_values(op) && !op.recreate ? add_values(op) : recreate(op);
}

std::string render_domain(const ops::pg::CreateDomain& op) {
    const schema::pg::Domain& d = op.domain;
    std::string sql = "CREATE DOMAIN " + qualified(d.name) + " AS " + d.base_type;
    if (!d.collation.empty()) {
        sql += " COLLATE " + d.collation;
    }
    if (d.default_value) {
        sql += " DEFAULT " + *d.default_value;
    }
    if (d.not_null) {
        sql += " NOT NULL";
    }
    sql += domain_constraints(d.constraints) + ";\n";
    return sql + comment_statement("DOMAIN " + qualified(d.name), d.comment);
}

std::string render_domain(const ops::pg::AlterDomain& op) {
    const std::string alter = "ALTER DOMAIN " + qualified(op.to.name);
    std::string sql;
    for (const auto& constraint : op.from.constraints) {
        if (std::find(op.to.constraints.begin(), op.to.constraints.end(), constraint) ==
            op.to.constraints.end()) {
            sql += alter + " DROP CONSTRAINT " + quote_identifier(constraint.name) + ";\n";
        }
    }
    if (op.from.default_value != op.to.default_value) {
        sql += op.to.default_value ? alter + " SET DEFAULT " + *op.to.default_value + ";\n"
                                   : alter + " DROP DEFAULT;\n";
    }
    if (op.from.not_null != op.to.not_null) {
        sql += alter + (op.to.not_null ? " SET NOT NULL;\n" : " DROP NOT NULL;\n");
    }
    for (const auto& constraint : op.to.constraints) {
        if (std::find(op.from.constraints.begin(), op.from.constraints.end(), constraint) ==
            op.from.constraints.end()) {
            sql += alter + " ADD CONSTRAINT " + quote_identifier(constraint.name) + " " +
                   constraint.definition + ";\n";
        }
    }
    return sql;
}

std::string render_domain(const ops::pg::RecreateDomain& op) {
    const schema::pg::QualifiedName old_name = old_type_name(op.from.name);
    std::string sql = "ALTER DOMAIN " + qualified(op.from.name) + " RENAME TO " +
                      quote_identifier(old_name.name) + ";\n";
    sql += render_domain(ops::pg::CreateDomain{op.to});
    sql += move_columns(op.columns, user_type(op.from.base_type) || user_type(op.to.base_type));
    sql += "DROP DOMAIN " + qualified(old_name) + ";\n";
    return sql;
}

std::string render_sequence(const ops::pg::CreateSequence& op) {
    const schema::pg::Sequence& s = op.sequence;
    std::string sql = "CREATE SEQUENCE " + qualified(s.name) + sequence_options(s);
    if (s.owned_by_table) {
        sql += " OWNED BY " + owned_by(s);
    }
    return sql + ";\n" + comment_statement("SEQUENCE " + qualified(s.name), s.comment);
}

std::string render_sequence(const ops::pg::AlterSequence& op) {
    const schema::pg::Sequence& a = op.from;
    const schema::pg::Sequence& b = op.to;
    std::string options;
    if (a.data_type != b.data_type) {
        options += " AS " + b.data_type;
    }
    if (a.increment != b.increment) {
        options += " INCREMENT BY " + std::to_string(b.increment);
    }
    if (a.min_value != b.min_value || a.data_type != b.data_type) {
        options += " MINVALUE " + std::to_string(b.min_value);
    }
    if (a.max_value != b.max_value || a.data_type != b.data_type) {
        options += " MAXVALUE " + std::to_string(b.max_value);
    }
    if (a.start != b.start) {
        options += " START WITH " + std::to_string(b.start);
    }
    if (a.cache != b.cache) {
        options += " CACHE " + std::to_string(b.cache);
    }
    if (a.cycle != b.cycle) {
        options += b.cycle ? " CYCLE" : " NO CYCLE";
    }
    if (a.owned_by_table != b.owned_by_table || a.owned_by_column != b.owned_by_column) {
        options += " OWNED BY " + owned_by(b);
    }
    std::string sql =
        options.empty() ? "" : "ALTER SEQUENCE " + qualified(b.name) + options + ";\n";
    return sql;
}

}  // namespace mig::autogen::pg::detail
