#include "runtime/runner.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"

namespace mig::runtime {

namespace {

dialect::HistoryRecord history_record(const graph::Revision& revision,
                                      const script::RevisionScript& script,
                                      graph::Direction direction, const RunContext& context) {
    dialect::HistoryRecord record;
    record.revision = revision.id;
    record.parents = revision.parents;
    record.direction = direction == graph::Direction::up ? "upgrade" : "downgrade";
    // applied_at stays empty: the database layer stamps the moment the step commits.
    record.git_commit = context.git_commit;
    record.sha256 = script.sha256.empty() ? util::sha256_hex(script.content) : script.sha256;
    // Kept with every row so that a revision whose file later leaves the checkout can
    // still be reverted exactly as it was applied.
    record.downgrade_sql = recorded_downgrade_sql(script);
    record.dirty = context.dirty;
    record.message = revision.message;
    return record;
}

constexpr std::string_view k_transaction_off = "-- mig:transaction off\n";

}  // namespace

std::string recorded_downgrade_sql(const script::RevisionScript& script) {
    std::string sql(util::trim(script.downgrade.sql));
    return script.transactional ? sql : std::string(k_transaction_off) + sql;
}

bool recorded_without_transaction(std::string_view downgrade_sql) {
    return downgrade_sql.substr(0, k_transaction_off.size()) == k_transaction_off;
}

db::StepWork make_step_work(const script::ScriptDirectory& scripts, const graph::PlanStep& step,
                            const dialect::Dialect& dialect, const RunContext& context) {
    const graph::Revision& revision = scripts.graph().at(step.revision);
    const script::RevisionScript& script = scripts.script(step.revision);
    const script::Section& section =
        step.direction == graph::Direction::up ? script.upgrade : script.downgrade;

    db::StepWork work;
    work.revision = revision.id;
    work.file = revision.path.empty() ? "no file in this checkout; SQL recorded in mig_history"
                                      : util::display_path(revision.path, context.display_base);
    work.statements = dialect.split(section.sql, section.first_line);
    work.transactional = script.transactional;
    work.heads_removed = step.heads_removed;
    work.heads_added = step.heads_added;
    work.history = history_record(revision, script, step.direction, context);
    return work;
}

}  // namespace mig::runtime
