#include "cli/status_printer.hpp"

#include "util/strings.hpp"

namespace mig::cli {

namespace {

using workflow::ModelDrift;

std::string applied_line(const workflow::AppliedFrom& from, const std::string& message) {
    std::string line = "  at " + from.revision + (message.empty() ? "" : "  " + message);
    std::vector<std::string> facts;
    if (!from.applied_at.empty()) {
        facts.push_back("applied " + from.applied_at);
    }
    if (from.commit) {
        std::string commit = "from " + from.commit->substr(0, 7);
        if (!from.branches.empty()) {
            commit += " on " + util::join(from.branches, ", ");
        }
        if (!from.in_head_history) {
            commit += ", not in this checkout's history";
        }
        facts.push_back(commit);
    }
    if (from.dirty) {
        facts.emplace_back("with uncommitted changes");
    }
    return facts.empty() ? line : line + "  (" + util::join(facts, ", ") + ")";
}

void section(const Output& output, const std::string& title, const std::vector<std::string>& lines,
             const std::string& when_empty = "none") {
    if (lines.empty()) {
        output.line(title + ": " + when_empty);
        return;
    }
    output.line(title + ":");
    for (const std::string& line : lines) {
        output.line("  " + line);
    }
}

std::string drift_state_name(ModelDrift::State state) {
    switch (state) {
        case ModelDrift::State::none:
            return "none";
        case ModelDrift::State::differs:
            return "differs";
        case ModelDrift::State::unknown:
            break;
    }
    return "unknown";
}

}  // namespace

void print_status(const Output& output, const workflow::StatusReport& report,
                  const workflow::Project& project) {
    output.line("Database: " + report.database +
                (report.database_exists ? "" : " (does not exist yet)"));
    if (report.current.empty()) {
        output.line("  at <base>");
    }
    for (const workflow::AppliedFrom& from : report.current) {
        output.line(applied_line(from, from.message));
    }
    if (report.in_git) {
        output.line(
            "Code: " + report.head.branch.value_or("detached HEAD") +
            (report.head.commit ? " at " + report.head.commit->substr(0, 7) : " (no commit yet)"));
    } else {
        output.line("Code: not in a git repository");
    }
    std::vector<std::string> heads;
    for (const auto& head : report.code_heads) {
        heads.push_back(head.id + (head.message.empty() ? "" : "  " + head.message));
    }
    section(output, "Heads", heads, "none (no revisions yet)");
    std::vector<std::string> pending;
    for (const auto& revision : report.pending) {
        pending.push_back(revision.id + (revision.message.empty() ? "" : "  " + revision.message));
    }
    if (!report.unknown_revisions.empty()) {
        output.line("Pending: unknown (the database is at " +
                    util::join(report.unknown_revisions, ", ") + ", which this checkout lacks)");
    } else {
        section(output, "Pending", pending, "none (up to date)");
    }
    std::vector<std::string> uncommitted;
    for (const auto& file : report.uncommitted) {
        uncommitted.push_back(file.path + " (" + file.state + ")");
    }
    if (report.in_git) {
        section(output, "Uncommitted revision files", uncommitted);
    }
    section(output, "Applied from another branch", report.applied_elsewhere);
    std::vector<std::string> changed;
    for (const auto& revision : report.changed) {
        changed.push_back(runtime::describe_changed_revision(revision, project.config().root));
    }
    section(output, "Changed since applied", changed);
    if (report.drift.state == ModelDrift::State::unknown) {
        output.line("Model drift: unknown (" + report.drift.why_unknown + ")");
    } else {
        section(output, "Model drift", report.drift.differences);
    }
    output.line("Hooks: " + report.hooks);
}

Json status_json(const workflow::StatusReport& report, const workflow::Project& project) {
    Json revisions = Json::array();
    for (const workflow::AppliedFrom& from : report.current) {
        Json commit = nullptr;
        if (from.commit) {
            commit = Json{
                {"id", *from.commit},
                {"subject", from.commit_info ? Json(from.commit_info->subject) : Json(nullptr)},
                {"in_head_history", from.in_head_history},
                {"branches", from.branches}};
        }
        revisions.push_back(Json{{"id", from.revision},
                                 {"message", string_or_null(from.message)},
                                 {"applied_at", string_or_null(from.applied_at)},
                                 {"commit", commit},
                                 {"dirty", from.dirty}});
    }
    auto summaries = [](const std::vector<workflow::RevisionSummary>& list) {
        Json out = Json::array();
        for (const auto& revision : list) {
            out.push_back(Json{{"id", revision.id}, {"message", revision.message}});
        }
        return out;
    };
    Json git = Json{{"repository", report.in_git}};
    if (report.in_git) {
        git["branch"] = report.head.branch ? Json(*report.head.branch) : Json(nullptr);
        git["head"] = report.head.commit ? Json(*report.head.commit) : Json(nullptr);
    }
    Json uncommitted = Json::array();
    for (const auto& file : report.uncommitted) {
        uncommitted.push_back(Json{{"file", file.path}, {"state", file.state}});
    }
    Json changed = Json::array();
    for (const auto& revision : report.changed) {
        changed.push_back(Json{{"id", revision.id},
                               {"file", project.display(revision.file)},
                               {"applied_at", revision.applied_at},
                               {"recorded_sha256", revision.recorded_sha256},
                               {"current_sha256", revision.current_sha256}});
    }
    Json drift = Json{{"state", drift_state_name(report.drift.state)},
                      {"differences", report.drift.differences}};
    if (report.drift.state == ModelDrift::State::unknown) {
        drift["reason"] = report.drift.why_unknown;
    }
    return Json{
        {"database", Json{{"url", report.database},
                          {"exists", report.database_exists},
                          {"revisions", revisions},
                          {"unknown_revisions", report.unknown_revisions}}},
        {"git", git},
        {"heads", summaries(report.code_heads)},
        {"pending", report.unknown_revisions.empty() ? summaries(report.pending) : Json(nullptr)},
        {"uncommitted", uncommitted},
        {"applied_elsewhere", report.applied_elsewhere},
        {"changed", changed},
        {"drift", drift},
        {"hooks", report.hooks}};
}

}  // namespace mig::cli
