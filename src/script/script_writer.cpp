#include "script/script_writer.hpp"

#include "script/directive_line.hpp"
#include "script/revision_script.hpp"
#include "script/slug.hpp"
#include "script/template.hpp"
#include "script/versions_dir.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>

namespace mig::script {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_id_hex_digits = 12;

constexpr std::string_view k_template_hint =
    "the template needs `-- mig:revision ${revision}`, `-- mig:parents ${parents}`, "
    "`-- mig:message ${message}`, `-- mig:created ${created}`, `-- mig:upgrade` and `-- "
    "mig:downgrade` "
    "lines (see mig's templates/script.sql.tmpl)";

// The message goes on one directive line, so line breaks become spaces.
std::string fold_message(std::string_view message) {
    std::string folded;
    folded.reserve(message.size());
    bool in_break = false;
    for (char c : message) {
        const bool is_break = c == '\n' || c == '\r';
        if (is_break && !in_break) {
            folded += ' ';
        } else if (!is_break) {
            folded += c;
        }
        in_break = is_break;
    }
    return std::string(util::trim(folded));
}

// The template puts a blank line after each section; trailing newlines in the SQL would
// add more.
std::string without_trailing_blank_lines(std::string_view sql) {
    std::size_t end = sql.size();
    while (end > 0 && (sql[end - 1] == '\n' || sql[end - 1] == '\r' || sql[end - 1] == ' ' ||
                       sql[end - 1] == '\t')) {
        --end;
    }
    return std::string(sql.substr(0, end));
}

void check_ids(const NewRevision& revision) {
    const std::string hint = "use letters, digits and `_` only";
    if (!is_valid_revision_id(revision.id)) {
        throw InputError("invalid revision id `" + revision.id + "`", hint);
    }
    for (auto parent = revision.parents.begin(); parent != revision.parents.end(); ++parent) {
        if (!is_valid_revision_id(*parent)) {
            throw InputError("invalid parent revision id `" + *parent + "`", hint);
        }
        if (std::find(revision.parents.begin(), parent, *parent) != parent) {
            throw InputError("parent revision `" + *parent + "` given twice",
                             "name each parent once");
        }
    }
}

std::map<std::string, std::string> template_values(const NewRevision& revision) {
    return {
        {"revision", revision.id},
        {"parents", util::join(revision.parents, " ")},
        {"message", fold_message(revision.message)},
        {"created", revision.created},
        {"upgrade", without_trailing_blank_lines(revision.upgrade_sql)},
        {"downgrade", without_trailing_blank_lines(revision.downgrade_sql)},
    };
}

// What mig itself would write with the stock template: the reference that tells a broken
// template apart from broken generated content.
constexpr std::string_view k_reference_template =
    "-- mig:revision ${revision}\n"
    "-- mig:parents ${parents}\n"
    "-- mig:message ${message}\n"
    "-- mig:created ${created}\n"
    "\n"
    "-- mig:upgrade\n"
    "${upgrade}\n"
    "\n"
    "-- mig:downgrade\n"
    "${downgrade}\n";

// "file:line: what" -> "what": the file is our own label for the rendered text.
std::string without_location(const ParseError& error) {
    std::string_view message = error.what();
    const std::string prefix = error.file() + ":" + std::to_string(error.line()) + ": ";
    return std::string(message.starts_with(prefix) ? message.substr(prefix.size()) : message);
}

std::string trimmed(std::string_view text) {
    return std::string(util::trim(text));
}

// Why the parsed text is not the revision that was rendered; empty when it is. With
// `exact_sections` (the reference template) each section must hold exactly the given SQL;
// a user's template may add its own text around it, so there the SQL must only be inside.
std::string what_is_lost(const RevisionScript& parsed, const NewRevision& revision,
                         const std::string& message, bool exact_sections) {
    if (parsed.revision.id != revision.id) {
        return "id";
    }
    if (parsed.revision.parents != revision.parents) {
        return "parents";
    }
    if (parsed.revision.message != message) {
        return "message";
    }
    if (parsed.revision.created != util::trim(revision.created)) {
        return "creation time";
    }
    auto holds = [&](const Section& section, const std::string& sql) {
        std::string have = trimmed(section.sql);
        std::string want = trimmed(sql);
        return exact_sections ? have == want : have.find(want) != std::string::npos;
    };
    if (parsed.transactional && !revision.transactional) {  // a template may say off itself
        return "`-- mig:transaction off` line";
    }
    if (!holds(parsed.upgrade, revision.upgrade_sql)) {
        return "upgrade section";
    }
    if (!holds(parsed.downgrade, revision.downgrade_sql)) {
        return "downgrade section";
    }
    return {};
}

// `text` with `-- mig:transaction off` in its header (before the first section marker): in
// place of a `-- mig:transaction` line the template has, else after the header's last
// directive line, where any template keeps its header. `origin_lines` (the template line of
// each line of `text`) gets 0 for an added line.
std::string with_transaction_off(const std::string& text, std::vector<int>& origin_lines) {
    constexpr std::string_view k_directive = "-- mig:transaction off\n";
    std::size_t insert_at = 0;  // the offset after the header's last directive line
    std::size_t insert_line = 0;
    std::size_t line_number = 0;
    for (std::size_t start = 0; start < text.size(); ++line_number) {
        const std::size_t newline = text.find('\n', start);
        const std::size_t end = newline == std::string::npos ? text.size() : newline + 1;
        const auto directive = match_directive(std::string_view(text).substr(start, end - start));
        if (directive && (directive->name == "upgrade" || directive->name == "downgrade")) {
            break;
        }
        if (directive && directive->name == "transaction") {
            return text.substr(0, start) + std::string(k_directive) + text.substr(end);
        }
        if (directive) {
            insert_at = end;
            insert_line = line_number + 1;
        }
        start = end;
    }
    std::string result = text.substr(0, insert_at);
    if (!result.empty() && result.back() != '\n') {
        result += '\n';
    }
    result += k_directive;
    result += text.substr(insert_at);
    if (insert_line <= origin_lines.size()) {
        origin_lines.insert(origin_lines.begin() + static_cast<std::ptrdiff_t>(insert_line), 0);
    }
    return result;
}

// Renders with `template_text`; the parse error or what is lost when it does not read back.
struct Attempt {
    std::string text;
    std::vector<int> origin_lines;
    std::optional<ParseError> error;
    std::string lost;
};

Attempt attempt(std::string_view template_text, const NewRevision& revision,
                const std::map<std::string, std::string>& values, std::string_view template_name,
                bool exact_sections) {
    Attempt result;
    result.text = expand_template(template_text, values, template_name, result.origin_lines);
    if (!revision.transactional) {
        result.text = with_transaction_off(result.text, result.origin_lines);
    }
    try {
        RevisionScript parsed = parse_revision_script(result.text, std::string(template_name));
        result.lost = what_is_lost(parsed, revision, values.at("message"), exact_sections);
    } catch (const ParseError& error) {
        result.error = error;
    }
    return result;
}

// The generated content itself does not read back: mig's fault, never the template's.
[[noreturn]] void fail_internal(const Attempt& reference) {
    std::string why = reference.error ? "line " + std::to_string(reference.error->line()) + ": " +
                                            without_location(*reference.error)
                                      : "it loses the " + reference.lost;
    throw InternalError(
        "internal error: the revision mig generated does not parse back (" + why +
            "); this is a bug in mig, nothing was written",
        "please report it with the model and the command; `mig migrate --sql` shows the SQL");
}

[[noreturn]] void fail_template(const Attempt& attempt, std::string_view template_name) {
    if (attempt.error) {
        const int line = attempt.error->line();
        const bool known =
            line >= 1 && static_cast<std::size_t>(line) <= attempt.origin_lines.size();
        const std::string where =
            std::string(template_name) +
            (known ? ":" + std::to_string(attempt.origin_lines[static_cast<std::size_t>(line - 1)])
                   : "");
        throw InputError(where + ": the template renders a revision that does not parse (line " +
                             std::to_string(line) +
                             " of the result): " + without_location(*attempt.error),
                         std::string(k_template_hint));
    }
    throw InputError(
        std::string(template_name) + " does not carry the new revision's " + attempt.lost,
        std::string(k_template_hint));
}

}  // namespace

std::string render_revision(const std::string& template_text, const NewRevision& revision,
                            std::string_view template_name) {
    check_ids(revision);
    const std::map<std::string, std::string> values = template_values(revision);
    Attempt rendered = attempt(template_text, revision, values, template_name, false);
    if (!rendered.error && rendered.lost.empty()) {
        return rendered.text;
    }
    // Whose fault? The same content under mig's own template answers it.
    Attempt reference = attempt(k_reference_template, revision, values, "mig's template", true);
    if (reference.error || !reference.lost.empty()) {
        fail_internal(reference);
    }
    fail_template(rendered, template_name);
}

fs::path write_revision(const fs::path& versions_dir, const std::string& template_text,
                        const NewRevision& revision, std::string_view template_name) {
    require_versions_dir(versions_dir);
    std::string text = render_revision(template_text, revision, template_name);
    fs::path path = versions_dir / (revision.id + "_" + slugify(revision.message) + ".sql");
    util::write_new_file(path, text);
    return path;
}

std::string generate_revision_id(const std::vector<std::string>& taken) {
    constexpr std::uint64_t k_max = (std::uint64_t{1} << (4 * k_id_hex_digits)) - 1;
    constexpr std::string_view k_hex = "0123456789abcdef";
    std::random_device device;
    std::uniform_int_distribution<std::uint64_t> distribution(0, k_max);
    while (true) {
        std::uint64_t number = distribution(device);
        std::string id(k_id_hex_digits, '0');
        for (std::size_t i = k_id_hex_digits; i-- > 0;) {
            id[i] = k_hex[number & 0xf];
            number >>= 4;
        }
        if (std::find(taken.begin(), taken.end(), id) == taken.end()) {
            return id;
        }
    }
}

}  // namespace mig::script
