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

// How the revisions of a run are grouped into transactions.
enum class Transactions {
    per_revision,     // each revision with its bookkeeping in its own transaction (the default)
    one_for_the_run,  // `--one-transaction`: all of them in one, all or nothing
};

// Told about each step as it runs (the CLI prints progress; workflow never prints). With
// Transactions::one_for_the_run a finished step is committed only when run_plan returns.
class StepObserver {
public:
    virtual ~StepObserver() = default;
    // Once, before the first step: the plan about to run (the CLI's progress counts its steps).
    virtual void run_started(const graph::Plan& /*plan*/) {}
    virtual void step_started(const graph::PlanStep& /*step*/,
                              const graph::Revision& /*revision*/) {}
    virtual void step_finished(const graph::PlanStep& /*step*/, const graph::Revision& /*revision*/,
                               std::chrono::nanoseconds /*elapsed*/) {}
};

// The downgrade SQL mig_history keeps for a revision: its downgrade section, after the line
// `-- mig:transaction off` when the revision runs without a transaction, so that a downgrade
// from the stored SQL (once the file has left the checkout) honours that too. Kept in the
// text rather than in a column of its own: old databases and offline SQL need no new column.
std::string recorded_downgrade_sql(const script::RevisionScript& script);
// Whether downgrade SQL stored by recorded_downgrade_sql says `-- mig:transaction off`.
bool recorded_without_transaction(std::string_view downgrade_sql);

// The statements and bookkeeping of one plan step.
db::StepWork make_step_work(const script::ScriptDirectory& scripts, const graph::PlanStep& step,
                            const dialect::Dialect& dialect, const RunContext& context);

// Refuses (InputError, exit 2) a plan that cannot run as one transaction: a revision whose
// script says `-- mig:transaction off` (the first one is named). Nothing has run yet.
void require_one_transaction_possible(const script::ScriptDirectory& scripts,
                                      const graph::Plan& plan, const RunContext& context);

// Runs every step, each in its own transaction with its version-table update. Stops at the
// first failure (db::StepFailed): the steps before it stay applied, the failing one leaves
// nothing behind. With Transactions::one_for_the_run (after the check above) every step runs
// in one transaction, and a failure leaves nothing of the run behind.
void run_plan(db::Database& database, const script::ScriptDirectory& scripts,
              const graph::Plan& plan, const RunContext& context, StepObserver& observer,
              Transactions transactions = Transactions::per_revision);

// The SQL `run_plan` would execute, bookkeeping included, as one script (offline `--sql`):
// BEGIN/COMMIT around each revision, or around the whole run with one_for_the_run (which
// refuses `transaction off` revisions as run_plan does).
std::string render_offline(const dialect::Dialect& dialect, const script::ScriptDirectory& scripts,
                           const graph::Plan& plan, const RunContext& context,
                           Transactions transactions = Transactions::per_revision);

}  // namespace mig::runtime
