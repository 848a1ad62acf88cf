#include "workflow/sync_live_data_loss.hpp"

namespace mig::workflow {

std::vector<DataLoss> find_plan_data_loss(Project& project, db::Database& database,
                                          const graph::Plan& plan, std::size_t down_steps) {
    if (down_steps == 0) {
        return {};
    }
    const RowCounter rows = [&](const std::string& schema_name, const std::string& table) {
        return database.count_rows(schema_name, table);
    };
    const script::ScriptDirectory& scripts = project.scripts();
    const dialect::Dialect& dialect = database.dialect();
    std::vector<DataLoss> losses;
    for (std::size_t i = 0; i < down_steps; ++i) {
        const graph::PlanStep& step = plan.steps[i];
        const script::Section& section = scripts.script(step.revision).downgrade;
        for (DataLoss& loss :
             find_data_loss(scripts.graph().at(step.revision).id,
                            dialect.split(section.sql, section.first_line), rows)) {
            losses.push_back(std::move(loss));
        }
    }
    return losses;
}

}  // namespace mig::workflow
