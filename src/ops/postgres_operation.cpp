#include "ops/postgres_operation.hpp"

#include "ops/overloaded.hpp"

#include <iterator>
#include <utility>

namespace mig::ops::pg {

namespace {

RecreateDomain reversed_domain(const RecreateDomain& op) {
    RecreateDomain reversed{op.to, op.from, op.columns};
    for (EnumColumn& column : reversed.columns) {
        std::swap(column.default_before, column.default_after);
    }
    return reversed;
}

}  // namespace

Operation reverse(const Operation& operation) {
    return std::visit(
        Overloaded{
            [](const CreateSchema& op) -> Operation {
                return DropSchema{op.name, op.comment};
            },
            [](const DropSchema& op) -> Operation {
                return CreateSchema{op.name, op.comment};
            },
            [](const CreateExtension& op) -> Operation { return DropExtension{op.extension}; },
            [](const DropExtension& op) -> Operation { return CreateExtension{op.extension}; },
            [](const CreateEnum& op) -> Operation { return DropEnum{op.type}; },
            [](const DropEnum& op) -> Operation { return CreateEnum{op.type}; },
            [](const AlterEnum& op) -> Operation {
                AlterEnum reversed{op.to, op.from,    op.columns, op.checks,
                                   {},    op.indexes, op.recreate};
                for (EnumColumn& column : reversed.columns) {
                    std::swap(column.default_before, column.default_after);
                }
                for (const RecreateDomain& domain : op.domains) {
                    reversed.domains.push_back(reversed_domain(domain));
                }
                return reversed;
            },
            [](const RecreateDomain& op) -> Operation { return reversed_domain(op); },
            [](const CreateDomain& op) -> Operation { return DropDomain{op.domain}; },
            [](const DropDomain& op) -> Operation { return CreateDomain{op.domain}; },
            [](const AlterDomain& op) -> Operation {
                return AlterDomain{op.to, op.from};
            },
            [](const CreateSequence& op) -> Operation { return DropSequence{op.sequence}; },
            [](const DropSequence& op) -> Operation { return CreateSequence{op.sequence}; },
            [](const AlterSequence& op) -> Operation {
                return AlterSequence{op.to, op.from};
            },
            [](const RenameSequence& op) -> Operation {
                return RenameSequence{{op.from.schema, op.to}, op.from.name};
            },
            [](const CreateFunction& op) -> Operation { return DropFunction{op.function}; },
            [](const DropFunction& op) -> Operation { return CreateFunction{op.function}; },
            [](const ReplaceFunction& op) -> Operation {
                return ReplaceFunction{op.to, op.from};
            },
            [](const CreateTable& op) -> Operation { return DropTable{op.table}; },
            [](const DropTable& op) -> Operation { return CreateTable{op.table}; },
            [](const RenameTable& op) -> Operation {
                return RenameTable{{op.from.schema, op.to}, op.from.name};
            },
            [](const SetLogged& op) -> Operation {
                return SetLogged{op.table, !op.unlogged};
            },
            [](const AddColumn& op) -> Operation {
                return DropColumn{op.table, op.column};
            },
            [](const DropColumn& op) -> Operation {
                return AddColumn{op.table, op.column};
            },
            [](const RenameColumn& op) -> Operation {
                return RenameColumn{op.table, op.to, op.from};
            },
            [](const AlterColumn& op) -> Operation {
                return AlterColumn{op.table, op.to, op.from};
            },
            [](const AddConstraint& op) -> Operation {
                return DropConstraint{op.table, op.constraint};
            },
            [](const DropConstraint& op) -> Operation {
                return AddConstraint{op.table, op.constraint};
            },
            [](const RenameConstraint& op) -> Operation {
                return RenameConstraint{op.table, op.to, op.from};
            },
            [](const CreateIndex& op) -> Operation { return DropIndex{op.index}; },
            [](const DropIndex& op) -> Operation { return CreateIndex{op.index}; },
            [](const RenameIndex& op) -> Operation {
                return RenameIndex{{op.from.schema, op.to}, op.from.name};
            },
            [](const CreateView& op) -> Operation { return DropView{op.view}; },
            [](const DropView& op) -> Operation { return CreateView{op.view}; },
            [](const CreateTrigger& op) -> Operation { return DropTrigger{op.trigger}; },
            [](const DropTrigger& op) -> Operation { return CreateTrigger{op.trigger}; },
            [](const SetComment& op) -> Operation {
                return SetComment{op.object, op.words, op.to, op.from};
            },
        },
        operation);
}

std::vector<Operation> reverse_all(const std::vector<Operation>& upgrade) {
    std::vector<Operation> downgrade;
    downgrade.reserve(upgrade.size());
    for (auto it = upgrade.rbegin(); it != upgrade.rend(); ++it) {
        downgrade.push_back(reverse(*it));
    }
    return downgrade;
}

}  // namespace mig::ops::pg
