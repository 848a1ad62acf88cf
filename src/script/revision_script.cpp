#include "script/revision_script.hpp"

#include "script/directive_line.hpp"
#include "script/suggestion.hpp"
#include "script/text_encoding.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace mig::script {

namespace fs = std::filesystem;

namespace {

enum class Directive {
    revision,
    parents,
    message,
    created,
    transaction,
    upgrade,
    downgrade,
    destructive
};

struct KnownDirective {
    std::string_view name;
    Directive directive;
};

constexpr std::array k_directives{
    KnownDirective{"revision", Directive::revision},
    KnownDirective{"parents", Directive::parents},
    KnownDirective{"message", Directive::message},
    KnownDirective{"created", Directive::created},
    KnownDirective{"transaction", Directive::transaction},
    KnownDirective{"upgrade", Directive::upgrade},
    KnownDirective{"downgrade", Directive::downgrade},
    KnownDirective{"destructive", Directive::destructive},
};

// How much of an offending line an error message quotes.
constexpr std::size_t k_quote_limit = 60;

std::optional<Directive> find_directive(std::string_view name) {
    for (const auto& known : k_directives) {
        if (known.name == name) {
            return known.directive;
        }
    }
    return std::nullopt;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string directive_text(std::string_view name) {
    return "`-- mig:" + std::string(name) + "`";
}

std::string quote_line(std::string_view line) {
    std::string_view text = util::trim(line);
    if (text.size() <= k_quote_limit) {
        return "`" + std::string(text) + "`";
    }
    std::size_t cut = k_quote_limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
        --cut;  // never split a UTF-8 sequence
    }
    return "`" + std::string(text.substr(0, cut)) + "...`";
}

// Where the parser is: before the first section marker, or inside a section.
enum class Region { header, upgrade, downgrade };

std::string_view region_name(Region region) {
    switch (region) {
        case Region::header:
            return "header";
        case Region::upgrade:
            return "upgrade";
        case Region::downgrade:
            return "downgrade";
    }
    return "header";
}

// One pass over the file's lines as string_views; the only allocations are the values
// that end up in the RevisionScript.
class Parser {
public:
    Parser(std::string_view content, std::string_view file, bool keep_sections = true)
        : m_content(content), m_file(file), m_keep_sections(keep_sections) {}

    RevisionScript parse() {
        check_text();
        // Editors on Windows like to start UTF-8 files with a byte order mark; it is not
        // content (the checksum, taken over the file's bytes, still includes it).
        std::size_t position = utf8_bom_size(m_content);
        while (position < m_content.size()) {
            std::size_t newline = m_content.find('\n', position);
            std::size_t next = newline == std::string_view::npos ? m_content.size() : newline + 1;
            ++m_line;
            parse_line(m_content.substr(position, next - position), position, next);
            position = next;
        }
        close_section(m_content.size());
        check_complete();
        return std::move(m_script);
    }

private:
    [[noreturn]] void fail(int line, const std::string& message) const {
        throw ParseError(std::string(m_file), line, message);
    }
    [[noreturn]] void fail(const std::string& message) const { fail(m_line, message); }

    // Bytes that are not UTF-8 text, and files with nothing in them, are refused before
    // any line is read: see text_encoding.hpp.
    void check_text() const {
        if (auto problem = find_encoding_problem(m_content)) {
            fail(problem->line, problem->message);
        }
        if (util::trim(m_content.substr(utf8_bom_size(m_content))).empty()) {
            fail(1,
                 "the file is empty; expected a revision script (write one with `mig revision "
                 "-m MESSAGE`), or delete the file");
        }
    }

    // `line` includes its line break; `begin`/`next` are its offset and the next line's.
    void parse_line(std::string_view line, std::size_t begin, std::size_t next) {
        std::optional<DirectiveLine> directive = match_directive(line);
        if (!directive) {
            check_misspelt_prefix(line);
            if (m_region == Region::header) {
                check_header_text(line);
            }
            return;
        }
        std::optional<Directive> known = find_directive(directive->name);
        if (!known) {
            fail_unknown_directive(directive->name);
        }
        if (*known == Directive::upgrade || *known == Directive::downgrade) {
            start_section(*known, *directive, begin, next);
        } else if (*known == Directive::destructive) {
            add_destructive_mark(directive->argument);
        } else {
            parse_header_directive(*known, *directive);
        }
    }

    // `-- MIG:upgrade` or `-- mig :upgrade` is meant as a directive, but a line that is not
    // exactly `-- mig:` is an SQL comment: the section would silently swallow the marker.
    void check_misspelt_prefix(std::string_view line) const {
        std::string_view text = util::trim(line);
        if (!text.starts_with("--")) {
            return;
        }
        text = util::trim_left(text.substr(2));
        if (text.size() < 3 || !util::equals_ci(text.substr(0, 3), "mig")) {
            return;
        }
        const std::string_view rest = util::trim_left(text.substr(3));
        if (!rest.starts_with(':')) {
            return;
        }
        std::string_view name = util::trim_left(rest.substr(1));
        name = name.substr(0, name.find_first_of(" \t\r\n"));
        fail(quote_line(line) +
             " looks like a directive but is not written `-- mig:NAME` (lowercase `mig`, no "
             "space before or after the colon)" +
             (name.empty() ? std::string() : "; did you mean `-- mig:" + lowercase(name) + "`?"));
    }

    // Only comments and blank lines may stand between the header directives.
    void check_header_text(std::string_view line) const {
        std::string_view text = util::trim(line);
        if (text.empty() || text.starts_with("--")) {
            return;
        }
        fail("unexpected text before the first section: " + quote_line(text) +
             "; statements belong in the upgrade or downgrade section, after `-- mig:upgrade` or "
             "`-- mig:downgrade`");
    }

    [[noreturn]] void fail_unknown_directive(std::string_view name) const {
        if (name.empty()) {
            fail(
                "`-- mig:` without a directive name; expected a name right after the colon, as in "
                "`-- mig:upgrade`");
        }
        if (find_directive(lowercase(name))) {
            fail("unknown directive " + directive_text(name) +
                 "; directive names are lowercase: " + directive_text(lowercase(name)));
        }
        std::vector<std::string> names;
        names.reserve(k_directives.size());
        for (const auto& known : k_directives) {
            names.emplace_back(known.name);
        }
        if (std::optional<std::string> suggestion = suggest_name(name, names)) {
            fail("unknown directive " + directive_text(name) + "; did you mean " +
                 directive_text(*suggestion) + "?");
        }
        for (auto& known : names) {
            known = directive_text(known);
        }
        fail("unknown directive " + directive_text(name) + "; expected one of " +
             util::quoted_list(names));
    }

    void parse_header_directive(Directive directive, const DirectiveLine& line) {
        if (m_region != Region::header) {
            fail(directive_text(line.name) + " inside the " + std::string(region_name(m_region)) +
                 " section; header directives belong before the first section marker");
        }
        switch (directive) {
            case Directive::revision:
                parse_revision(line.argument);
                break;
            case Directive::parents:
                parse_parents(line.argument);
                break;
            case Directive::message:
                claim(m_message_line, line.name);
                m_script.revision.message = std::string(line.argument);
                break;
            case Directive::created:
                claim(m_created_line, line.name);
                m_script.revision.created = std::string(line.argument);
                break;
            case Directive::transaction:
                parse_transaction(line.argument);
                break;
            case Directive::upgrade:
            case Directive::downgrade:
            case Directive::destructive:
                break;  // handled by parse_line
        }
    }

    // Records that directive `name` appears on this line; a second occurrence is an error
    // because it is ambiguous which one the author meant.
    void claim(int& first_line, std::string_view name) const {
        if (first_line != 0) {
            fail("repeated " + directive_text(name) + " (first at line " +
                 std::to_string(first_line) + "); expected it once");
        }
        first_line = m_line;
    }

    void check_id(std::string_view id, std::string_view what) const {
        if (!is_valid_revision_id(id)) {
            fail("invalid " + std::string(what) + " id `" + std::string(id) +
                 "`; expected letters, digits and `_` only");
        }
    }

    void parse_revision(std::string_view argument) {
        claim(m_revision_line, "revision");
        if (argument.empty()) {
            fail("`-- mig:revision` without an id; expected `-- mig:revision ID`");
        }
        check_id(argument, "revision");
        m_script.revision.id = std::string(argument);
    }

    void parse_parents(std::string_view argument) {
        claim(m_parents_line, "parents");
        std::vector<std::string> parents = util::split_whitespace(argument);
        for (std::size_t i = 0; i < parents.size(); ++i) {
            check_id(parents[i], "parent");
            if (std::find(parents.begin(), parents.begin() + static_cast<std::ptrdiff_t>(i),
                          parents[i]) != parents.begin() + static_cast<std::ptrdiff_t>(i)) {
                fail("parent `" + parents[i] + "` listed twice; expected each parent once");
            }
        }
        m_script.revision.parents = std::move(parents);
    }

    void parse_transaction(std::string_view argument) {
        claim(m_transaction_line, "transaction");
        if (util::equals_ci(argument, "off")) {
            m_script.transactional = false;
        } else if (util::equals_ci(argument, "on")) {
            m_script.transactional = true;
        } else {
            const std::string given = argument.empty() ? "" : " " + std::string(argument);
            fail("`-- mig:transaction" + given + "`; expected `on` or `off`");
        }
    }

    void add_destructive_mark(std::string_view reason) {
        if (m_current == nullptr) {
            fail(
                "`-- mig:destructive` outside a section; expected it inside the upgrade or "
                "downgrade "
                "section, right before the statement it warns about");
        }
        if (m_keep_sections) {
            m_current->destructive.push_back(DestructiveMark{m_line, std::string(reason)});
        }
    }

    void start_section(Directive marker, const DirectiveLine& line, std::size_t begin,
                       std::size_t next) {
        const bool upgrade = marker == Directive::upgrade;
        claim(upgrade ? m_upgrade_line : m_downgrade_line, line.name);
        if (!line.argument.empty()) {
            fail("unexpected text after " + directive_text(line.name) + ": " +
                 quote_line(line.argument) + "; expected the marker alone on its line");
        }
        close_section(begin);
        m_region = upgrade ? Region::upgrade : Region::downgrade;
        m_current = upgrade ? &m_script.upgrade : &m_script.downgrade;
        m_section_begin = next;
        m_current->first_line = m_line + 1;
    }

    // The current section's SQL is everything from the line after its marker up to `end`.
    void close_section(std::size_t end) {
        if (m_current != nullptr) {
            if (m_keep_sections) {
                m_current->sql =
                    std::string(m_content.substr(m_section_begin, end - m_section_begin));
            }
        }
    }

    void check_complete() const {
        if (m_revision_line == 0) {
            fail(1,
                 "missing `-- mig:revision ID`; expected the revision id in the header, as in "
                 "`-- mig:revision 3f2a9c1d7b4e`");
        }
        // Reported at the last line: that is where the reader ran out of file looking for it.
        const int last_line = std::max(m_line, 1);
        if (m_upgrade_line == 0) {
            fail(last_line,
                 "missing `-- mig:upgrade`; expected an upgrade section after the header");
        }
        if (m_downgrade_line == 0) {
            fail(last_line,
                 "missing `-- mig:downgrade`; expected a downgrade section after the upgrade "
                 "section");
        }
    }

    std::string_view m_content;
    std::string_view m_file;  // outlives the parser, which lives inside one call
    bool m_keep_sections;
    RevisionScript m_script;
    int m_line = 0;
    Region m_region = Region::header;
    Section* m_current = nullptr;
    std::size_t m_section_begin = 0;
    // Line of each directive's first occurrence; 0 while not seen.
    int m_revision_line = 0;
    int m_parents_line = 0;
    int m_message_line = 0;
    int m_created_line = 0;
    int m_transaction_line = 0;
    int m_upgrade_line = 0;
    int m_downgrade_line = 0;
};

}  // namespace

RevisionScript parse_revision_file(std::string content, std::string_view file_name) {
    RevisionScript script = Parser(content, file_name).parse();
    script.content = std::move(content);  // kept without copying it again
    return script;
}

RevisionScript parse_revision_header(std::string_view content, std::string_view file_name) {
    return Parser(content, file_name, false).parse();
}

RevisionScript parse_revision_script(std::string_view content, const fs::path& file) {
    RevisionScript script = parse_revision_file(std::string(content), file.string());
    script.revision.path = file.string();
    return script;
}

RevisionScript load_revision_script(const fs::path& file) {
    RevisionScript script = parse_revision_file(util::read_file(file), file.string());
    script.revision.path = file.string();
    return script;
}

bool is_valid_revision_id(std::string_view id) {
    auto is_id_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    };
    return !id.empty() && std::all_of(id.begin(), id.end(), is_id_char);
}

}  // namespace mig::script
