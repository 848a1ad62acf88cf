#include "script/script_writer.hpp"

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

// "file:line: what" -> "what": the file is our own label for the rendered text.
std::string without_location(const ParseError& error) {
    std::string_view message = error.what();
    const std::string prefix = error.file() + ":" + std::to_string(error.line()) + ": ";
    return std::string(message.starts_with(prefix) ? message.substr(prefix.size()) : message);
}

RevisionScript parse_rendered(const std::string& text, std::string_view template_name) {
    try {
        return parse_revision_script(text, std::string(template_name));
    } catch (const ParseError& error) {
        throw InputError(
            std::string(template_name) + " renders a revision that does not parse (line " +
                std::to_string(error.line()) + " of the result): " + without_location(error),
            std::string(k_template_hint));
    }
}

// A template may parse yet lose information, e.g. a hard-coded `-- mig:parents` line.
void check_carries(const RevisionScript& parsed, const NewRevision& revision,
                   const std::string& message, std::string_view template_name) {
    auto fail = [&](std::string_view what) {
        throw InputError(
            std::string(template_name) + " does not carry the new revision's " + std::string(what),
            std::string(k_template_hint));
    };
    if (parsed.revision.id != revision.id) {
        fail("id");
    }
    if (parsed.revision.parents != revision.parents) {
        fail("parents");
    }
    if (parsed.revision.message != message) {
        fail("message");
    }
    if (parsed.revision.created != util::trim(revision.created)) {
        fail("creation time");
    }
}

}  // namespace

std::string render_revision(const std::string& template_text, const NewRevision& revision,
                            std::string_view template_name) {
    check_ids(revision);
    const std::map<std::string, std::string> values = template_values(revision);
    std::string text = expand_template(template_text, values, template_name);
    RevisionScript parsed = parse_rendered(text, template_name);
    check_carries(parsed, revision, values.at("message"), template_name);
    return text;
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
