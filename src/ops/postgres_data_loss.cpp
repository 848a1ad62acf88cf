#include "ops/overloaded.hpp"
#include "ops/postgres_operation.hpp"
#include "schema/postgres_names.hpp"

#include <algorithm>

// When can a PostgreSQL operation lose data, or fail because of the rows there are? The rule,
// as on SQLite (ops/data_loss.cpp), conservative but not alarmist:
//
//   - DropTable, DropColumn: the rows or values are gone. DropSequence: its position is gone
//     (the downgrade recreates it at its START).
//   - AlterColumn: a type change that is not a widening (keeps_values) may convert, round,
//     cut or reject values; SET NOT NULL fails on rows holding NULL.
//   - AddColumn NOT NULL without a default (nor identity, nor generated): fails on a table
//     with rows.
//   - AddConstraint of a CHECK, UNIQUE, PRIMARY KEY or EXCLUDE constraint: fails on rows that
//     break it. (A FOREIGN KEY is not marked, as on SQLite.)
//   - CreateIndex of a UNIQUE index: fails on rows that repeat a key, as a UNIQUE constraint
//     (render leaves out the mark on a table or materialized view created before it in the
//     same revision: no rows to break it, or the model's own).
//   - AlterEnum that drops a value: rows holding it make the recreated type's cast fail.
//   - RecreateDomain of a domain some column uses, to a base type that is not a widening, or
//     with a new CHECK or NOT NULL: the converted values may fail or change.
//   - Nothing else: renames and additions keep every value; dropping an index, view, trigger,
//     function, type or constraint drops a definition the operation itself carries.

namespace mig::ops::pg {

namespace {

using schema::pg::display_name;
using schema::pg::quote_identifier;

std::string column_of(const std::string& column, const cat::QualifiedName& table) {
    return "column " + quote_identifier(column) + " of table " + display_name(table);
}

DataLoss alter_column_loss(const AlterColumn& op) {
    std::vector<std::string> reasons;
    if (op.from.type != op.to.type && !keeps_values(op.from.type, op.to.type)) {
        reasons.push_back("changes " + column_of(op.to.name, op.table) + " from " + op.from.type +
                          " to " + op.to.type + ", which may convert or reject values");
    }
    if (op.to.not_null && !op.from.not_null) {
        reasons.push_back("adds NOT NULL to " + column_of(op.to.name, op.table) +
                          (op.to.default_value ? " (rows holding NULL take the default)"
                                               : " (fails on rows holding NULL)"));
    }
    if (reasons.empty()) {
        return {};
    }
    std::string reason;
    for (const std::string& item : reasons) {
        reason += (reason.empty() ? "" : "; ") + item;
    }
    return {true, reason};
}

DataLoss add_column_loss(const AddColumn& op) {
    const cat::Column& column = op.column;
    if (column.not_null && !column.default_value && !column.generated &&
        column.identity == cat::Identity::none) {
        return {true, "adds " + column_of(column.name, op.table) +
                          " NOT NULL without a default (fails on a table with rows)"};
    }
    return {};
}

DataLoss add_constraint_loss(const AddConstraint& op) {
    if (op.constraint.kind == cat::ConstraintKind::foreign_key) {
        return {};
    }
    return {true, "adds constraint " + quote_identifier(op.constraint.name) + " " +
                      op.constraint.definition + " to table " + display_name(op.table) +
                      " (fails on rows that break it)"};
}

DataLoss alter_enum_loss(const AlterEnum& op) {
    std::string dropped;
    for (const std::string& value : op.from.values) {
        if (std::find(op.to.values.begin(), op.to.values.end(), value) == op.to.values.end()) {
            dropped += (dropped.empty() ? "" : ", ") + schema::pg::quote_literal(value);
        }
    }
    if (dropped.empty()) {
        return {};
    }
    return {true, "drops value " + dropped + " from type " + display_name(op.from.name) +
                      " (fails on rows holding it)"};
}

// A domain's columns converted to a new base type: as a column's own type change, plus the
// new domain's NOT NULL and CHECKs, which the rows must pass.
DataLoss recreate_domain_loss(const RecreateDomain& op) {
    if (op.columns.empty()) {
        return {};
    }
    if (!keeps_values(op.from.base_type, op.to.base_type)) {
        return {true, "converts the columns of domain " + display_name(op.to.name) + " from " +
                          op.from.base_type + " to " + op.to.base_type +
                          " (may fail on or change the values there are)"};
    }
    std::vector<std::string> old_checks;
    for (const auto& c : op.from.constraints) {
        old_checks.push_back(c.definition);
    }
    for (const auto& c : op.to.constraints) {
        if (std::find(old_checks.begin(), old_checks.end(), c.definition) == old_checks.end()) {
            return {true, "recreates domain " + display_name(op.to.name) + " with " + c.definition +
                              " (fails on values that break it)"};
        }
    }
    if (op.to.not_null && !op.from.not_null) {
        return {true, "recreates domain " + display_name(op.to.name) +
                          " NOT NULL (fails on NULL values)"};
    }
    return {};
}

}  // namespace

DataLoss data_loss(const Operation& operation) {
    return std::visit(
        Overloaded{
            [](const DropTable& op) -> DataLoss {
                return {true, "drops table " + display_name(op.table.name) + " and all its rows"};
            },
            [](const DropColumn& op) -> DataLoss {
                return {true, "drops " + column_of(op.column.name, op.table) + " and its values"};
            },
            [](const DropSequence& op) -> DataLoss {
                return {true, "drops sequence " + display_name(op.sequence.name) +
                                  " and its current value"};
            },
            [](const AlterColumn& op) { return alter_column_loss(op); },
            [](const AddColumn& op) { return add_column_loss(op); },
            [](const AddConstraint& op) { return add_constraint_loss(op); },
            [](const CreateIndex& op) -> DataLoss {
                if (!op.index.unique) {
                    return {};
                }
                return {true, "adds unique index " + quote_identifier(op.index.name.name) + " to " +
                                  display_name(op.index.table) +
                                  " (fails on rows that repeat a key)"};
            },
            [](const AlterEnum& op) { return alter_enum_loss(op); },
            [](const RecreateDomain& op) { return recreate_domain_loss(op); },
            [](const auto&) -> DataLoss { return {}; },
        },
        operation);
}

}  // namespace mig::ops::pg
