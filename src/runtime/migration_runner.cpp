#include "runtime/runner.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"

namespace mig::runtime {

namespace {

void run_each_in_its_own_transaction(db::Database& database, const script::ScriptDirectory& scripts,
                                     const graph::Plan& plan, const RunContext& context,
                                     StepObserver& observer) {
    for (const graph::PlanStep& step : plan.steps) {
        const graph::Revision& revision = scripts.graph().at(step.revision);
        db::StepWork work = make_step_work(scripts, step, database.dialect(), context);
        observer.step_started(step, revision);
        auto started = std::chrono::steady_clock::now();
        database.run_step(work);
        observer.step_finished(step, revision, std::chrono::steady_clock::now() - started);
    }
}

void run_all_in_one_transaction(db::Database& database, const script::ScriptDirectory& scripts,
                                const graph::Plan& plan, const RunContext& context,
                                StepObserver& observer) {
    std::vector<db::StepWork> work;
    work.reserve(plan.steps.size());
    for (const graph::PlanStep& step : plan.steps) {
        work.push_back(make_step_work(scripts, step, database.dialect(), context));
    }
    if (plan.steps.empty()) {
        return;
    }
    auto revision_of = [&](std::size_t i) -> const graph::Revision& {
        return scripts.graph().at(plan.steps[i].revision);
    };
    observer.step_started(plan.steps.front(), revision_of(0));
    auto started = std::chrono::steady_clock::now();
    database.run_steps_together(work, [&](std::size_t i) {
        auto now = std::chrono::steady_clock::now();
        observer.step_finished(plan.steps[i], revision_of(i), now - started);
        started = now;
        if (i + 1 < plan.steps.size()) {
            observer.step_started(plan.steps[i + 1], revision_of(i + 1));
        }
    });
}

}  // namespace

void require_one_transaction_possible(const script::ScriptDirectory& scripts,
                                      const graph::Plan& plan, const RunContext& context) {
    for (const graph::PlanStep& step : plan.steps) {
        if (scripts.script(step.revision).transactional) {
            continue;
        }
        const graph::Revision& revision = scripts.graph().at(step.revision);
        const std::string file = revision.path.empty()
                                     ? "no file in this checkout"
                                     : util::display_path(revision.path, context.display_base);
        throw InputError("--one-transaction cannot run revision " + revision.id + " (" + file +
                             "): it says `-- mig:transaction off`, so it must run outside a "
                             "transaction; nothing was run",
                         "run without --one-transaction, or run the revisions before it with "
                         "--one-transaction and the rest without");
    }
}

void run_plan(db::Database& database, const script::ScriptDirectory& scripts,
              const graph::Plan& plan, const RunContext& context, StepObserver& observer,
              Transactions transactions) {
    if (transactions == Transactions::one_for_the_run) {
        require_one_transaction_possible(scripts, plan, context);
    }
    observer.run_started(plan);
    if (transactions == Transactions::one_for_the_run) {
        run_all_in_one_transaction(database, scripts, plan, context, observer);
    } else {
        run_each_in_its_own_transaction(database, scripts, plan, context, observer);
    }
}

}  // namespace mig::runtime
