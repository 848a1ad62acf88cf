#include "script/template.hpp"

#include "script/directive_line.hpp"
#include "script/suggestion.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace mig::script {

namespace {

constexpr std::string_view k_open = "${";
constexpr char k_close = '}';

using Values = std::map<std::string, std::string>;

// One template line after expansion, with what the dropping rule needs to know.
struct ExpandedLine {
    std::string text;
    bool has_placeholders = false;
    bool all_empty = true;  // every placeholder on the line expanded to ""
};

class Expander {
public:
    Expander(const Values& values, std::string_view template_name)
        : m_values(values), m_template_name(template_name) {}

    // `line` includes its line break, which stays in the result.
    ExpandedLine expand_line(std::string_view line, int line_number) const {
        ExpandedLine out;
        std::size_t position = 0;
        while (true) {
            std::size_t open = line.find(k_open, position);
            if (open == std::string_view::npos) {
                out.text.append(line.substr(position));
                return out;
            }
            out.text.append(line.substr(position, open - position));
            std::size_t close = line.find(k_close, open + k_open.size());
            if (close == std::string_view::npos) {
                fail(line_number, "unterminated placeholder `" +
                                      std::string(util::trim(line.substr(open))) +
                                      "`; expected `${name}`");
            }
            const std::string& value = lookup(
                line.substr(open + k_open.size(), close - open - k_open.size()), line_number);
            out.text += value;
            out.has_placeholders = true;
            out.all_empty = out.all_empty && value.empty();
            position = close + 1;
        }
    }

private:
    const std::string& lookup(std::string_view name, int line_number) const {
        auto found = m_values.find(std::string(name));
        if (found != m_values.end()) {
            return found->second;
        }
        std::vector<std::string> known;
        for (const auto& [key, value] : m_values) {
            known.push_back(key);
        }
        std::string message = "unknown placeholder `${" + std::string(name) + "}`";
        if (std::optional<std::string> suggestion = suggest_name(name, known)) {
            fail(line_number, message + "; did you mean `${" + *suggestion + "}`?");
        }
        for (auto& key : known) {
            key.insert(0, "${").push_back('}');
        }
        fail(line_number, message + "; expected one of " + util::quoted_list(known));
    }

    [[noreturn]] void fail(int line_number, const std::string& message) const {
        throw ParseError(std::string(m_template_name), line_number, message);
    }

    const Values& m_values;
    std::string_view m_template_name;
};

// A directive line left with no argument only because its placeholders were empty says
// nothing (`-- mig:parents` for a base revision), so it is left out.
bool should_drop(const ExpandedLine& line) {
    if (!line.has_placeholders || !line.all_empty) {
        return false;
    }
    std::optional<DirectiveLine> directive = match_directive(line.text);
    return directive && directive->argument.empty();
}

}  // namespace

std::string expand_template(std::string_view text, const Values& values,
                            std::string_view template_name, std::vector<int>& origin_lines) {
    Expander expander(values, template_name);
    std::string out;
    out.reserve(text.size());
    origin_lines.clear();
    std::size_t position = 0;
    int line_number = 0;
    while (position < text.size()) {
        std::size_t newline = text.find('\n', position);
        std::size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
        ++line_number;
        ExpandedLine line =
            expander.expand_line(text.substr(position, next - position), line_number);
        if (!should_drop(line)) {
            // Every line this template line produced, counting an unterminated last one.
            auto breaks = std::count(line.text.begin(), line.text.end(), '\n');
            bool open_tail = !line.text.empty() && line.text.back() != '\n';
            origin_lines.insert(origin_lines.end(),
                                static_cast<std::size_t>(breaks) + (open_tail ? 1U : 0U),
                                line_number);
            out += line.text;
        }
        position = next;
    }
    return out;
}

std::string expand_template(std::string_view text, const Values& values,
                            std::string_view template_name) {
    std::vector<int> ignored;
    return expand_template(text, values, template_name, ignored);
}

}  // namespace mig::script
