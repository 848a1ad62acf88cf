#include "ops/overloaded.hpp"
#include "ops/postgres_operation.hpp"
#include "schema/postgres_names.hpp"

// describe(): one line per PostgreSQL operation in a reviewer's words. Objects of the public
// schema are named without it; names are quoted only when they need it.

namespace mig::ops::pg {

namespace {

using schema::pg::display_name;
using schema::pg::quote_identifier;

std::string identity_words(cat::Identity identity) {
    switch (identity) {
        case cat::Identity::always:
            return "identity ALWAYS";
        case cat::Identity::by_default:
            return "identity BY DEFAULT";
        case cat::Identity::none:
            break;
    }
    return "no identity";
}

std::string optional_words(const std::optional<std::string>& text) {
    return text ? *text : "none";
}

std::string values_list(const std::vector<std::string>& values) {
    std::string list;
    for (const std::string& value : values) {
        list += (list.empty() ? "" : ", ") + schema::pg::quote_literal(value);
    }
    return "(" + list + ")";
}

std::string on_table(const std::string& what, const std::string& name,
                     const cat::QualifiedName& table) {
    return what + " " + quote_identifier(name) + " on table " + display_name(table);
}

std::string domain_words(const AlterDomain& op) {
    std::string words = "alter domain " + display_name(op.to.name);
    if (op.from.default_value != op.to.default_value) {
        words += ": default " + optional_words(op.from.default_value) + " -> " +
                 optional_words(op.to.default_value);
    }
    if (op.from.not_null != op.to.not_null) {
        words += op.to.not_null ? ": NOT NULL" : ": nullable";
    }
    if (op.from.constraints != op.to.constraints) {
        words += ": constraints";
    }
    return words;
}

}  // namespace

std::vector<std::string> column_changes(const AlterColumn& op) {
    std::vector<std::string> changes;
    if (op.from.type != op.to.type) {
        changes.push_back("type " + op.from.type + " -> " + op.to.type);
    }
    if (op.from.collation != op.to.collation) {
        changes.push_back("collation " +
                          (op.from.collation.empty() ? "default" : op.from.collation) + " -> " +
                          (op.to.collation.empty() ? "default" : op.to.collation));
    }
    if (op.from.not_null != op.to.not_null) {
        changes.emplace_back(op.to.not_null ? "nullable -> NOT NULL" : "NOT NULL -> nullable");
    }
    if (op.from.default_value != op.to.default_value) {
        changes.push_back("default " + optional_words(op.from.default_value) + " -> " +
                          optional_words(op.to.default_value));
    }
    if (op.from.identity_options != op.to.identity_options &&
        op.from.identity != cat::Identity::none && op.to.identity != cat::Identity::none) {
        changes.push_back(
            "identity options " +
            (op.from.identity_options.empty() ? "default" : op.from.identity_options) + " -> " +
            (op.to.identity_options.empty() ? "default" : op.to.identity_options));
    }
    if (op.from.identity != op.to.identity) {
        changes.push_back(identity_words(op.from.identity) + " -> " +
                          identity_words(op.to.identity));
    }
    return changes;
}

std::string describe(const Operation& operation) {
    return std::visit(
        Overloaded{
            [](const CreateSchema& op) { return "create schema " + quote_identifier(op.name); },
            [](const DropSchema& op) { return "drop schema " + quote_identifier(op.name); },
            [](const CreateExtension& op) {
                return "create extension " + quote_identifier(op.extension.name);
            },
            [](const DropExtension& op) {
                return "drop extension " + quote_identifier(op.extension.name);
            },
            [](const CreateEnum& op) {
                return "create type " + display_name(op.type.name) + " as enum " +
                       values_list(op.type.values);
            },
            [](const DropEnum& op) { return "drop type " + display_name(op.type.name); },
            [](const AlterEnum& op) {
                return "change enum " + display_name(op.to.name) + " values " +
                       values_list(op.from.values) + " -> " + values_list(op.to.values);
            },
            [](const CreateDomain& op) {
                return "create domain " + display_name(op.domain.name) + " as " +
                       op.domain.base_type;
            },
            [](const DropDomain& op) { return "drop domain " + display_name(op.domain.name); },
            [](const AlterDomain& op) { return domain_words(op); },
            [](const RecreateDomain& op) {
                return "recreate domain " + display_name(op.to.name) + ": base type " +
                       op.from.base_type + " -> " + op.to.base_type;
            },
            [](const CreateSequence& op) {
                return "create sequence " + display_name(op.sequence.name);
            },
            [](const DropSequence& op) {
                return "drop sequence " + display_name(op.sequence.name);
            },
            [](const AlterSequence& op) { return "alter sequence " + display_name(op.to.name); },
            [](const RenameSequence& op) {
                return "rename sequence " + display_name(op.from) + " to " +
                       quote_identifier(op.to);
            },
            [](const CreateFunction& op) {
                return std::string(op.function.is_procedure ? "create procedure "
                                                            : "create function ") +
                       display_name(op.function.name) + "(" + op.function.identity_arguments + ")";
            },
            [](const DropFunction& op) {
                return std::string(op.function.is_procedure ? "drop procedure "
                                                            : "drop function ") +
                       display_name(op.function.name) + "(" + op.function.identity_arguments + ")";
            },
            [](const ReplaceFunction& op) {
                return std::string(op.to.is_procedure ? "replace procedure "
                                                      : "replace function ") +
                       display_name(op.to.name) + "(" + op.to.identity_arguments + ")";
            },
            [](const CreateTable& op) { return "create table " + display_name(op.table.name); },
            [](const DropTable& op) { return "drop table " + display_name(op.table.name); },
            [](const RenameTable& op) {
                return "rename table " + display_name(op.from) + " to " + quote_identifier(op.to);
            },
            [](const SetLogged& op) {
                return "set table " + display_name(op.table) +
                       (op.unlogged ? " UNLOGGED" : " LOGGED");
            },
            [](const AddColumn& op) {
                return "add column " + quote_identifier(op.column.name) + " " + op.column.type +
                       " to table " + display_name(op.table);
            },
            [](const DropColumn& op) {
                return "drop column " + quote_identifier(op.column.name) + " from table " +
                       display_name(op.table);
            },
            [](const RenameColumn& op) {
                return "rename column " + quote_identifier(op.from) + " to " +
                       quote_identifier(op.to) + " in table " + display_name(op.table);
            },
            [](const AlterColumn& op) {
                std::string words = "alter column " + quote_identifier(op.to.name) + " of table " +
                                    display_name(op.table);
                std::vector<std::string> changes = column_changes(op);
                for (std::size_t i = 0; i < changes.size(); ++i) {
                    words += (i == 0 ? ": " : "; ") + changes[i];
                }
                return words;
            },
            [](const AddConstraint& op) {
                return "add " + on_table("constraint", op.constraint.name, op.table) + ": " +
                       op.constraint.definition;
            },
            [](const DropConstraint& op) {
                return "drop " + on_table("constraint", op.constraint.name, op.table);
            },
            [](const RenameConstraint& op) {
                return "rename " + on_table("constraint", op.from, op.table) + " to " +
                       quote_identifier(op.to);
            },
            [](const CreateIndex& op) {
                return std::string(op.index.unique ? "create unique index " : "create index ") +
                       display_name(op.index.name) + " on " + display_name(op.index.table);
            },
            [](const DropIndex& op) {
                return "drop index " + display_name(op.index.name) + " on " +
                       display_name(op.index.table);
            },
            [](const RenameIndex& op) {
                return "rename index " + display_name(op.from) + " to " + quote_identifier(op.to);
            },
            [](const CreateView& op) {
                return std::string(op.view.materialized ? "create materialized view "
                                                        : "create view ") +
                       display_name(op.view.name);
            },
            [](const DropView& op) {
                return std::string(op.view.materialized ? "drop materialized view "
                                                        : "drop view ") +
                       display_name(op.view.name);
            },
            [](const CreateTrigger& op) {
                return "create " + on_table("trigger", op.trigger.name, op.trigger.table);
            },
            [](const DropTrigger& op) {
                return "drop " + on_table("trigger", op.trigger.name, op.trigger.table);
            },
            [](const SetComment& op) {
                return op.to ? "comment on " + op.words + ": " + schema::pg::quote_literal(*op.to)
                             : "remove the comment on " + op.words;
            },
        },
        operation);
}

}  // namespace mig::ops::pg
