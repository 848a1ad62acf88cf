#pragma once

#include "db/database.hpp"
#include "dialect/dialect.hpp"
#include "graph/plan.hpp"
#include "script/script_directory.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace mig::runtime {

// Facts about the code that the history rows record.
struct RunContext {
    std::optional<std::string> git_commit;
    bool dirty = false;
    std::filesystem::path display_base;  // file names in messages are relative to this
};

// Told about each step as it runs (the CLI prints progress; workflow never prints).
class StepObserver {
public:
    virtual ~StepObserver() = default;
    virtual void step_started(const graph::PlanStep& /*step*/,
                              const graph::Revision& /*revision*/) {}
    virtual void step_finished(const graph::PlanStep& /*step*/, const graph::Revision& /*revision*/,
                               std::chrono::nanoseconds /*elapsed*/) {}
};

// The statements and bookkeeping of one plan step.
db::StepWork make_step_work(const script::ScriptDirectory& scripts, const graph::PlanStep& step,
                            const dialect::Dialect& dialect, const RunContext& context);

// Runs every step, each in its own transaction with its version-table update. Stops at the
// first failure (db::StepFailed): the steps before it stay applied, the failing one leaves
// nothing behind.
void run_plan(db::Database& database, const script::ScriptDirectory& scripts,
              const graph::Plan& plan, const RunContext& context, StepObserver& observer);

// The SQL `run_plan` would execute, bookkeeping included, as one script (offline `--sql`).
std::string render_offline(const dialect::Dialect& dialect, const script::ScriptDirectory& scripts,
                           const graph::Plan& plan, const RunContext& context);

}  // namespace mig::runtime
