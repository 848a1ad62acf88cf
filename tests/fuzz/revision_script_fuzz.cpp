// Fuzzes the revision-file parser (script/revision_script.cpp), the statement splitter on its
// sections, and the writer (script/script_writer.cpp). For any bytes, parsing throws
// InputError or gives a revision; one it gives satisfies:
//   - valid ids (revision and parents), no parent twice;
//   - the header-only parse agrees (same revision, or the same error), as does the
//     parse of handed-over bytes;
//   - section lines lie in the file, the upgrade before the downgrade, and each section splits
//     into statements by the splitter's invariants (statement_split_check.hpp);
//   - rendered again with the stock template (as `mig revision` writes), it parses back to the
//     same revision with the same statements: every revision mig writes parses back.

#include "dialect/sqlite_dialect.hpp"
#include "fuzz_check.hpp"
#include "script/revision_script.hpp"
#include "script/script_writer.hpp"
#include "statement_split_check.hpp"
#include "util/error.hpp"
#include "workflow/embedded_template.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

namespace {

using mig::script::RevisionScript;

const mig::dialect::SqliteDialect k_dialect;

// The parse, or the error's message.
template <typename Parse>
std::pair<std::optional<RevisionScript>, std::string> attempt(Parse parse) {
    try {
        return {parse(), ""};
    } catch (const mig::InputError& error) {
        return {std::nullopt, error.what()};
    }
}

bool same_header(const RevisionScript& a, const RevisionScript& b) {
    return a.revision.id == b.revision.id && a.revision.parents == b.revision.parents &&
           a.revision.message == b.revision.message && a.revision.created == b.revision.created &&
           a.transactional == b.transactional;
}

std::vector<std::string> statements(const mig::script::Section& section) {
    std::vector<std::string> texts;
    for (const auto& statement : k_dialect.split(section.sql, section.first_line)) {
        texts.push_back(statement.sql);
    }
    return texts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content = mig::fuzz::as_text(data, size);
    const auto [script, error] =
        attempt([&] { return mig::script::parse_revision_script(content, "v/r.sql"); });
    const auto [header, header_error] =
        attempt([&] { return mig::script::parse_revision_header(content, "v/r.sql"); });
    const auto [file, file_error] =
        attempt([&] { return mig::script::parse_revision_file(std::string(content), "v/r.sql"); });
    MIG_FUZZ_CHECK(error == header_error && error == file_error);
    if (!script) {
        return 0;
    }
    MIG_FUZZ_CHECK(header && same_header(*script, *header));
    MIG_FUZZ_CHECK(file && same_header(*script, *file));
    MIG_FUZZ_CHECK(file->upgrade.sql == script->upgrade.sql &&
                   file->downgrade.sql == script->downgrade.sql);

    const auto& revision = script->revision;
    MIG_FUZZ_CHECK(mig::script::is_valid_revision_id(revision.id));
    MIG_FUZZ_CHECK(std::all_of(revision.parents.begin(), revision.parents.end(),
                               mig::script::is_valid_revision_id));
    MIG_FUZZ_CHECK(std::set<std::string>(revision.parents.begin(), revision.parents.end()).size() ==
                   revision.parents.size());

    const int lines = static_cast<int>(std::count(content.begin(), content.end(), '\n')) + 1;
    for (const auto* section : {&script->upgrade, &script->downgrade}) {
        MIG_FUZZ_CHECK(section->first_line >= 1 && section->first_line <= lines + 1);
        for (const auto& mark : section->destructive) {
            MIG_FUZZ_CHECK(mark.line >= 1 && mark.line <= lines);
        }
        mig::fuzz::check_split(k_dialect, section->sql, section->first_line);
    }

    mig::script::NewRevision fresh;
    fresh.id = revision.id;
    fresh.parents = revision.parents;
    fresh.message = revision.message;
    fresh.created = revision.created;
    fresh.upgrade_sql = script->upgrade.sql;
    fresh.downgrade_sql = script->downgrade.sql;
    std::string rendered;
    try {
        rendered = mig::script::render_revision(mig::workflow::k_embedded_script_template, fresh);
    } catch (const mig::InputError& render_error) {
        std::fprintf(stderr, "a parsed revision does not render: %s\n", render_error.what());
        std::abort();
    }
    const auto [again, again_error] =
        attempt([&] { return mig::script::parse_revision_script(rendered, "v/r.sql"); });
    if (!again) {
        std::fprintf(stderr, "a rendered revision does not parse: %s\n", again_error.c_str());
        std::abort();
    }
    MIG_FUZZ_CHECK(again->revision.id == revision.id);
    MIG_FUZZ_CHECK(again->revision.parents == revision.parents);
    MIG_FUZZ_CHECK(again->revision.created == revision.created);
    MIG_FUZZ_CHECK(statements(again->upgrade) == statements(script->upgrade));
    MIG_FUZZ_CHECK(statements(again->downgrade) == statements(script->downgrade));
    return 0;
}
