#include "runtime/runner.hpp"

namespace mig::runtime {

void run_plan(db::Database& database, const script::ScriptDirectory& scripts,
              const graph::Plan& plan, const RunContext& context, StepObserver& observer) {
    for (const graph::PlanStep& step : plan.steps) {
        const graph::Revision& revision = scripts.graph().at(step.revision);
        db::StepWork work = make_step_work(scripts, step, database.dialect(), context);
        observer.step_started(step, revision);
        auto started = std::chrono::steady_clock::now();
        database.run_step(work);
        observer.step_finished(step, revision, std::chrono::steady_clock::now() - started);
    }
}

}  // namespace mig::runtime
