#include "ops/operation.hpp"

#include "ops/overloaded.hpp"
#include "schema/identifier.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace mig::ops {

namespace {

std::size_t column_position(const schema::Table& table, const std::string& name) {
    auto it = std::find_if(table.columns.begin(), table.columns.end(), [&](const auto& column) {
        return schema::identifiers_equal(column.name, name);
    });
    return static_cast<std::size_t>(std::distance(table.columns.begin(), it));
}

// Each (to, from) pair becomes (from, to), listed in the order of the new `to` table's
// columns, so that reversing a compare()-made rebuild twice gives it back unchanged.
RebuildTable reverse_rebuild(const RebuildTable& rebuild) {
    RebuildTable reversed{rebuild.to, rebuild.from, {}};
    for (const auto& [to_column, from_column] : rebuild.column_sources) {
        reversed.column_sources.emplace_back(from_column, to_column);
    }
    std::stable_sort(reversed.column_sources.begin(), reversed.column_sources.end(),
                     [&](const auto& a, const auto& b) {
                         return column_position(reversed.to, a.first) <
                                column_position(reversed.to, b.first);
                     });
    return reversed;
}

}  // namespace

Operation reverse(const Operation& operation) {
    return std::visit(
        Overloaded{
            [](const CreateTable& op) -> Operation { return DropTable{op.table}; },
            [](const DropTable& op) -> Operation { return CreateTable{op.table}; },
            [](const RenameTable& op) -> Operation {
                return RenameTable{op.to, op.from};
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
            [](const RebuildTable& op) -> Operation { return reverse_rebuild(op); },
            [](const CreateIndex& op) -> Operation { return DropIndex{op.index}; },
            [](const DropIndex& op) -> Operation { return CreateIndex{op.index}; },
            [](const CreateView& op) -> Operation { return DropView{op.view}; },
            [](const DropView& op) -> Operation { return CreateView{op.view}; },
            [](const CreateTrigger& op) -> Operation { return DropTrigger{op.trigger}; },
            [](const DropTrigger& op) -> Operation { return CreateTrigger{op.trigger}; },
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

}  // namespace mig::ops
