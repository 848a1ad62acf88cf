#include "schema/postgres_names.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace mig::schema::pg {

namespace {

// PostgreSQL's keywords that are not UNRESERVED_KEYWORD (src/include/parser/kwlist.h of
// 12 to 17, merged): quote_ident quotes exactly these. Sorted, for binary search.
constexpr std::array k_quoted_keywords = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "json",
    "json_array",
    "json_arrayagg",
    "json_exists",
    "json_object",
    "json_objectagg",
    "json_query",
    "json_scalar",
    "json_serialize",
    "json_table",
    "json_value",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "merge_action",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

bool is_lower_start(char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
}

bool is_lower_part(char c) {
    return is_lower_start(c) || (c >= '0' && c <= '9');
}

// Bytes of `text` that fit in `bytes` without cutting a UTF-8 character (pg_mbcliplen).
std::size_t clip_utf8(std::string_view text, std::size_t bytes) {
    if (bytes >= text.size()) {
        return text.size();
    }
    while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0U) == 0x80U) {
        --bytes;  // text[bytes] continues a character: cut before that character
    }
    return bytes;
}

bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_ident_part(char c) {
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

enum class TokenKind { identifier, quoted_identifier, other, skipped };

struct Token {
    TokenKind kind;
    std::size_t begin;
    std::size_t end;
    std::string name;  // identifiers: the name PostgreSQL reads (bare ones folded)
};

// The end of a '...' string starting at `at` (E'...' when `escapes`).
std::size_t string_end(std::string_view text, std::size_t at, bool escapes) {
    for (std::size_t i = at + 1; i < text.size(); ++i) {
        if (escapes && text[i] == '\\') {
            ++i;
        } else if (text[i] == '\'') {
            if (i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;
            } else {
                return i + 1;
            }
        }
    }
    return text.size();
}

// `$tag$ ... $tag$` starting at `at`, or npos when `at` starts no dollar quote.
std::size_t dollar_end(std::string_view text, std::size_t at) {
    std::size_t close = text.find('$', at + 1);
    if (close == std::string_view::npos) {
        return std::string_view::npos;
    }
    std::string_view tag = text.substr(at, close - at + 1);
    for (std::size_t i = 1; i + 1 < tag.size(); ++i) {
        if (!(is_ident_part(tag[i]) && tag[i] != '$') ||
            (i == 1 && tag[i] >= '0' && tag[i] <= '9')) {
            return std::string_view::npos;
        }
    }
    std::size_t end = text.find(tag, close + 1);
    return end == std::string_view::npos ? text.size() : end + tag.size();
}

// A small lexer: enough to find identifiers outside strings, bodies and comments.
std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        std::size_t start = i;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            i = text.find('\n', i);
            i = i == std::string_view::npos ? text.size() : i;
            tokens.push_back({TokenKind::skipped, start, i, {}});
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
            std::size_t end = text.find("*/", i + 2);
            i = end == std::string_view::npos ? text.size() : end + 2;
            tokens.push_back({TokenKind::skipped, start, i, {}});
        } else if (c == '\'') {
            i = string_end(text, i, false);
            tokens.push_back({TokenKind::skipped, start, i, {}});
        } else if ((c == 'E' || c == 'e') && i + 1 < text.size() && text[i + 1] == '\'') {
            i = string_end(text, i + 1, true);
            tokens.push_back({TokenKind::skipped, start, i, {}});
        } else if (c == '$' && dollar_end(text, i) != std::string_view::npos) {
            i = dollar_end(text, i);
            tokens.push_back({TokenKind::skipped, start, i, {}});
        } else if (c == '"') {
            std::string name;
            for (++i; i < text.size(); ++i) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        name += '"';
                        ++i;
                        continue;
                    }
                    ++i;
                    break;
                }
                name += text[i];
            }
            tokens.push_back({TokenKind::quoted_identifier, start, i, name});
        } else if (is_ident_start(c)) {
            std::string name;
            while (i < text.size() && is_ident_part(text[i])) {
                name += ascii_lower(text[i++]);
            }
            tokens.push_back({TokenKind::identifier, start, i, name});
        } else if (c >= '0' && c <= '9') {
            while (i < text.size() && (is_ident_part(text[i]) || text[i] == '.')) {
                ++i;
            }
            tokens.push_back({TokenKind::other, start, i, {}});
        } else {
            ++i;
            tokens.push_back({TokenKind::other, start, i, std::string(1, c)});
        }
    }
    return tokens;
}

bool is_name(const Token& token) {
    return token.kind == TokenKind::identifier || token.kind == TokenKind::quoted_identifier;
}

bool is_symbol(const std::vector<Token>& tokens, std::size_t at, char symbol) {
    return at < tokens.size() && tokens[at].kind == TokenKind::other &&
           tokens[at].name == std::string(1, symbol);
}

// The name ChooseIndexColumnNames gives one element (tokens[begin, end)): a column's name, a
// function's name, a cast column's name, else "" (an expression: `expr`).
std::string element_name(const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
    if (begin >= end) {
        return "";
    }
    if (is_name(tokens[begin])) {
        std::size_t at = begin;
        // a qualified function name: schema.f(...)
        while (at + 2 < end && is_symbol(tokens, at + 1, '.') && is_name(tokens[at + 2])) {
            at += 2;
        }
        return tokens[at].name;  // a column, or a function call's name
    }
    // `(col)::type` or `((col)::type)`: the cast column's name
    std::size_t at = begin;
    while (at < end && is_symbol(tokens, at, '(')) {
        ++at;
    }
    if (at > begin && at + 1 < end && is_name(tokens[at]) && is_symbol(tokens, at + 1, ')')) {
        std::size_t next = at + 1;
        while (next < end && is_symbol(tokens, next, ')')) {
            ++next;
        }
        if (next + 1 < end && is_symbol(tokens, next, ':') && is_symbol(tokens, next + 1, ':')) {
            return tokens[at].name;
        }
    }
    return "";
}

// The elements of the parenthesised list whose `(` is tokens[open]; `after` gets the index
// past its `)`.
std::vector<std::string> list_elements(const std::vector<Token>& tokens, std::size_t open,
                                       std::size_t& after) {
    std::vector<std::string> names;
    int depth = 0;
    std::size_t element_begin = open + 1;
    for (std::size_t i = open; i < tokens.size(); ++i) {
        if (is_symbol(tokens, i, '(')) {
            ++depth;
        } else if (is_symbol(tokens, i, ')')) {
            if (--depth == 0) {
                names.push_back(element_name(tokens, element_begin, i));
                after = i + 1;
                return names;
            }
        } else if (depth == 1 && is_symbol(tokens, i, ',')) {
            names.push_back(element_name(tokens, element_begin, i));
            element_begin = i + 1;
        }
    }
    after = tokens.size();
    return names;
}

}  // namespace

bool is_quoted_keyword(std::string_view word) {
    return std::binary_search(k_quoted_keywords.begin(), k_quoted_keywords.end(), word,
                              [](std::string_view a, std::string_view b) { return a < b; });
}

std::string quote_identifier(std::string_view name) {
    bool plain = !name.empty() && is_lower_start(name.front()) &&
                 std::all_of(name.begin(), name.end(), is_lower_part) && !is_quoted_keyword(name);
    if (plain) {
        return std::string(name);
    }
    std::string quoted = "\"";
    for (char c : name) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    return quoted + "\"";
}

std::string qualified(const QualifiedName& name) {
    return quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

std::string display_name(const QualifiedName& name) {
    return name.schema == "public" || name.schema.empty() ? quote_identifier(name.name)
                                                          : qualified(name);
}

std::string quote_literal(std::string_view text) {
    std::string quoted = "'";
    for (char c : text) {
        quoted += c;
        if (c == '\'') {
            quoted += '\'';
        }
    }
    return quoted + "'";
}

std::string make_object_name(std::string_view name1, std::string_view name2,
                             std::string_view label) {
    std::size_t overhead = (name2.empty() ? 0 : 1) + (label.empty() ? 0 : label.size() + 1);
    std::size_t available = k_max_name_bytes - overhead;
    std::size_t name1_bytes = name1.size();
    std::size_t name2_bytes = name2.size();
    while (name1_bytes + name2_bytes > available) {  // cut the longer name first
        if (name1_bytes > name2_bytes) {
            --name1_bytes;
        } else {
            --name2_bytes;
        }
    }
    std::string name(name1.substr(0, clip_utf8(name1, name1_bytes)));
    if (!name2.empty()) {
        name += "_";
        name += name2.substr(0, clip_utf8(name2, name2_bytes));
    }
    if (!label.empty()) {
        name += "_";
        name += label;
    }
    return name;
}

std::string name_addition(const std::vector<std::string>& columns) {
    std::string joined;
    for (const std::string& column : columns) {
        if (!joined.empty()) {
            joined += "_";
        }
        joined += column.substr(0, clip_utf8(column, k_max_name_bytes));
        if (joined.size() >= k_max_name_bytes + 1) {
            break;
        }
    }
    return joined;
}

std::vector<std::string> index_column_names(const std::vector<std::string>& columns) {
    std::vector<std::string> names;
    for (const std::string& column : columns) {
        const std::string original = column.empty() ? "expr" : column;
        std::string name = original;
        for (int i = 1; std::find(names.begin(), names.end(), name) != names.end(); ++i) {
            const std::string number = std::to_string(i);
            name =
                original.substr(0, clip_utf8(original, k_max_name_bytes - number.size())) + number;
        }
        names.push_back(name);
    }
    return names;
}

std::string_view label_text(NameLabel label) {
    switch (label) {
        case NameLabel::pkey:
            return "pkey";
        case NameLabel::key:
            return "key";
        case NameLabel::fkey:
            return "fkey";
        case NameLabel::check:
            return "check";
        case NameLabel::excl:
            return "excl";
        case NameLabel::idx:
            return "idx";
        case NameLabel::seq:
            return "seq";
    }
    return "";
}

std::string generated_name(std::string_view table, const std::vector<std::string>& columns,
                           NameLabel label, int pass) {
    std::string addition;
    switch (label) {
        case NameLabel::pkey:
            break;  // `<table>_pkey`
        case NameLabel::check:
            // AddRelationNewConstraints: `<table>_<column>_check` when the expression reads one
            // column, `<table>_check` otherwise.
            addition = columns.size() == 1 ? columns.front() : "";
            break;
        case NameLabel::key:
        case NameLabel::excl:
        case NameLabel::idx:
            addition = name_addition(index_column_names(columns));
            break;
        case NameLabel::fkey:
        case NameLabel::seq:
            addition = name_addition(columns);
            break;
    }
    std::string text(label_text(label));
    if (pass > 0) {
        text += std::to_string(pass);
    }
    return make_object_name(table, addition, text);
}

bool is_generated_name(std::string_view name, std::string_view table,
                       const std::vector<std::string>& columns, NameLabel label) {
    // ChooseRelationName tries the label, then label1, label2, ... until a name is free.
    for (int pass = 0; pass < 100; ++pass) {
        if (generated_name(table, columns, label, pass) == name) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> definition_columns(std::string_view definition) {
    std::vector<Token> tokens = tokenize(definition);
    std::size_t open = tokens.size();
    for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
        if (tokens[i].kind == TokenKind::identifier && tokens[i].name == "using" &&
            is_name(tokens[i + 1]) && is_symbol(tokens, i + 2, '(')) {
            open = i + 2;
            break;
        }
    }
    if (open == tokens.size()) {
        return {};
    }
    std::size_t after = 0;
    std::vector<std::string> names = list_elements(tokens, open, after);
    if (after + 1 < tokens.size() && tokens[after].kind == TokenKind::identifier &&
        tokens[after].name == "include" && is_symbol(tokens, after + 1, '(')) {
        std::size_t ignored = 0;
        for (std::string& name : list_elements(tokens, after + 1, ignored)) {
            names.push_back(std::move(name));
        }
    }
    return names;
}

std::string rename_identifiers(std::string_view text,
                               const std::map<std::string, std::string>& renames) {
    if (renames.empty()) {
        return std::string(text);
    }
    std::string result;
    std::size_t copied = 0;
    for (const Token& token : tokenize(text)) {
        if (!is_name(token)) {
            continue;
        }
        auto found = renames.find(token.name);
        if (found == renames.end()) {
            continue;
        }
        result.append(text.substr(copied, token.begin - copied));
        result += quote_identifier(found->second);
        copied = token.end;
    }
    result.append(text.substr(copied));
    return result;
}

std::string rename_qualified(std::string_view text, const QualifiedName& from,
                             const QualifiedName& to) {
    std::vector<Token> tokens = tokenize(text);
    std::string result;
    std::size_t copied = 0;
    for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
        if (is_name(tokens[i]) && tokens[i].name == from.schema && is_symbol(tokens, i + 1, '.') &&
            is_name(tokens[i + 2]) && tokens[i + 2].name == from.name &&
            (i == 0 || !is_symbol(tokens, i - 1, '.'))) {
            result.append(text.substr(copied, tokens[i].begin - copied));
            result += qualified(to);
            copied = tokens[i + 2].end;
            i += 2;
        }
    }
    result.append(text.substr(copied));
    return result;
}

}  // namespace mig::schema::pg
