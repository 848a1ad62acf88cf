#include "autogen/postgres_enum_values.hpp"

#include "autogen/postgres_render.hpp"
#include "autogen/postgres_render_detail.hpp"
#include "schema/postgres_names.hpp"

#include <algorithm>
#include <variant>

namespace mig::autogen::pg::detail {

namespace {

namespace cat = schema::pg;
namespace op = ops::pg;

bool identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

// The tag of a dollar quote starting at `at` (`$$`, `$body$`), or "" when there is none there.
std::string_view dollar_tag(std::string_view sql, std::size_t at) {
    if (at > 0 && identifier_char(sql[at - 1])) {
        return {};  // part of a name (`a$b`)
    }
    std::size_t end = at + 1;
    if (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') {
        return {};  // `$1`: a parameter
    }
    while (end < sql.size() && identifier_char(sql[end])) {
        ++end;
    }
    if (end >= sql.size() || sql[end] != '$') {
        return {};
    }
    return sql.substr(at, end - at + 1);
}

// The literal starting at the quote at `at`; `at` moves past its closing quote.
std::string quoted(std::string_view sql, std::size_t& at, bool backslash_escapes) {
    std::string content;
    for (++at; at < sql.size(); ++at) {
        if (backslash_escapes && sql[at] == '\\' && at + 1 < sql.size()) {
            content += sql[++at];
        } else if (sql[at] == '\'') {
            if (at + 1 < sql.size() && sql[at + 1] == '\'') {
                content += '\'';
                ++at;
            } else {
                ++at;
                break;
            }
        } else {
            content += sql[at];
        }
    }
    return content;
}

// `nested`: `sql` is a dollar-quoted body, where a dollar-quoted string is a literal too (the
// server's own text writes constants '...' and only function bodies $function$...$function$).
void collect_literals(std::string_view sql, std::vector<std::string>& out, bool nested) {
    std::size_t at = 0;
    while (at < sql.size()) {
        const char c = sql[at];
        if (c == '-' && sql.substr(at, 2) == "--") {
            at = sql.find('\n', at);
            at = at == std::string_view::npos ? sql.size() : at;
        } else if (c == '/' && sql.substr(at, 2) == "/*") {
            at = sql.find("*/", at + 2);
            at = at == std::string_view::npos ? sql.size() : at + 2;
        } else if (c == '"') {
            at = sql.find('"', at + 1);
            at = at == std::string_view::npos ? sql.size() : at + 1;
        } else if (c == '\'') {
            const bool escapes = at > 0 && (sql[at - 1] == 'E' || sql[at - 1] == 'e') &&
                                 (at < 2 || !identifier_char(sql[at - 2]));
            out.push_back(quoted(sql, at, escapes));
        } else if (c == '$' && !dollar_tag(sql, at).empty()) {
            const std::string_view tag = dollar_tag(sql, at);
            const std::size_t body = at + tag.size();
            std::size_t end = sql.find(tag, body);
            end = end == std::string_view::npos ? sql.size() : end;
            // a function's body is SQL (or PL/pgSQL) whose own literals the server parses
            // when it validates the function
            if (nested) {
                out.emplace_back(sql.substr(body, end - body));
            }
            collect_literals(sql.substr(body, end - body), out, true);
            at = std::min(sql.size(), end + tag.size());
        } else {
            ++at;
        }
    }
}

// Is `type` (as a catalog spells a column's type) one of `spellings` or an array of one?
bool is_one_of(const std::string& type, const std::vector<std::string>& spellings) {
    const std::string element = type.substr(0, type.find('['));
    return std::find(spellings.begin(), spellings.end(), element) != spellings.end();
}

// The enum as catalogs spell it, and the domains of `catalog` over it (or an array of it).
std::vector<std::string> spellings_of(const cat::QualifiedName& type, const cat::Catalog& catalog) {
    std::vector<std::string> spellings{cat::qualified(type)};
    for (const auto& [name, domain] : catalog.domains) {
        if (is_one_of(domain.base_type, {spellings.front()})) {
            spellings.push_back(cat::qualified(name));
        }
    }
    return spellings;
}

// Does the operation convert rows there are to the type? Their values may be a new one.
bool converts_rows(const op::Operation& operation, const std::vector<std::string>& spellings) {
    if (const auto* alter = std::get_if<op::AlterColumn>(&operation)) {
        return alter->from.type != alter->to.type && is_one_of(alter->to.type, spellings);
    }
    if (const auto* domain = std::get_if<op::RecreateDomain>(&operation)) {
        return !domain->columns.empty() && domain->from.base_type != domain->to.base_type &&
               is_one_of(domain->to.base_type, spellings);
    }
    return false;
}

bool lists_enum_values(const std::string& sql) {
    return sql.find("enum_range(") != std::string::npos ||
           sql.find("enum_first(") != std::string::npos ||
           sql.find("enum_last(") != std::string::npos;
}

bool names_a_value(const std::string& sql, const std::vector<std::string>& values) {
    for (const std::string& literal : string_literals(sql)) {
        for (const std::string& value : values) {
            if (literal.find(value) != std::string::npos) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

std::vector<std::string> added_values(const op::AlterEnum& op) {
    std::vector<std::string> added;
    if (op.recreate || !adds_enum_values(op)) {
        return added;
    }
    for (const std::string& value : op.to.values) {
        if (std::find(op.from.values.begin(), op.from.values.end(), value) ==
            op.from.values.end()) {
            added.push_back(value);
        }
    }
    return added;
}

std::vector<std::string> string_literals(std::string_view sql) {
    std::vector<std::string> literals;
    collect_literals(sql, literals, false);
    return literals;
}

bool added_values_used(const std::vector<op::Operation>& operations, std::size_t at,
                       const cat::Catalog& desired) {
    const auto* alter = std::get_if<op::AlterEnum>(&operations.at(at));
    if (alter == nullptr) {
        return false;
    }
    const std::vector<std::string> values = added_values(*alter);
    if (values.empty()) {
        return false;
    }
    for (const op::EnumColumn& column : alter->columns) {  // the defaults it sets itself
        if (column.default_after && column.default_after != column.default_before &&
            names_a_value(*column.default_after, values)) {
            return true;
        }
    }
    const std::vector<std::string> spellings = spellings_of(alter->to.name, desired);
    for (std::size_t i = 0; i < operations.size(); ++i) {
        if (i == at) {
            continue;
        }
        if (converts_rows(operations[i], spellings)) {
            return true;
        }
        const std::string sql = render_operation(operations[i], desired);
        if (lists_enum_values(sql) || names_a_value(sql, values)) {
            return true;
        }
    }
    return false;
}

}  // namespace mig::autogen::pg::detail
