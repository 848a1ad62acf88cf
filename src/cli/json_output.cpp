#include "cli/json_output.hpp"

namespace mig::cli {

void print_json(const Output& output, const Json& body) {
    Json document = {{"version", k_json_version}};
    for (const auto& [key, value] : body.items()) {
        document[key] = value;
    }
    output.line(document.dump(2, ' ', false, Json::error_handler_t::replace));
}

Json string_or_null(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

Json revision_json(const workflow::RevisionInfo& info) {
    const graph::Revision& revision = *info.revision;
    return {
        {"id", revision.id},
        {"parents", revision.parents},
        {"children", info.children},
        {"message", revision.message},
        {"created", string_or_null(revision.created)},
        // A revision known only from mig_history has no file in this checkout.
        {"file", string_or_null(revision.path.empty() ? std::string() : info.file)},
        {"is_head", info.is_head},
        {"is_base", info.is_base},
        {"is_branch_point", info.is_branch_point},
        {"is_merge_point", info.is_merge_point},
    };
}

Json current_revision_json(const workflow::CurrentRevision& revision) {
    return {
        {"id", revision.id},
        {"message", string_or_null(revision.message)},
        {"applied_at", string_or_null(revision.applied_at)},
        {"git_commit", revision.git_commit ? Json(*revision.git_commit) : Json(nullptr)},
        {"dirty", revision.dirty},
    };
}

std::string check_problem_kind_name(workflow::CheckProblemKind kind) {
    using Kind = workflow::CheckProblemKind;
    switch (kind) {
        case Kind::multiple_heads:
            return "multiple_heads";
        case Kind::model_difference:
            return "model_difference";
        case Kind::unknown_database_revision:
            return "unknown_database_revision";
        case Kind::drift:
            return "drift";
        case Kind::changed_revision:
            return "changed_revision";
        case Kind::edited_revision:
            return "edited_revision";
        case Kind::deleted_revision:
            return "deleted_revision";
        case Kind::graph_conflict:
            return "graph_conflict";
        case Kind::heads_after_merge:
            return "heads_after_merge";
        case Kind::edited_published_revision:
            return "edited_published_revision";
        case Kind::deleted_published_revision:
            return "deleted_published_revision";
        case Kind::renamed_published_revision:
            return "renamed_published_revision";
        case Kind::revision_not_added:
            return "revision_not_added";
    }
    return "unknown";
}

}  // namespace mig::cli
