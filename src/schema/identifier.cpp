#include "schema/identifier.hpp"

#include "schema/keywords.hpp"

namespace mig::schema {

namespace {

char fold_ascii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_non_ascii(char c) {
    return static_cast<unsigned char>(c) >= 0x80;
}

bool is_identifier_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || is_non_ascii(c);
}

bool is_identifier_part(char c) {
    return is_identifier_start(c) || (c >= '0' && c <= '9') || c == '$';
}

}  // namespace

std::string fold_identifier(std::string_view name) {
    std::string folded(name);
    for (char& c : folded) {
        c = fold_ascii(c);
    }
    return folded;
}

bool identifiers_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (fold_ascii(a[i]) != fold_ascii(b[i])) {
            return false;
        }
    }
    return true;
}

bool is_plain_identifier(std::string_view name) {
    if (name.empty() || !is_identifier_start(name.front())) {
        return false;
    }
    for (char c : name) {
        if (!is_identifier_part(c)) {
            return false;
        }
    }
    return !is_keyword(name);
}

std::string quoted_identifier(std::string_view name) {
    std::string quoted;
    quoted.reserve(name.size() + 2);
    quoted += '"';
    for (char c : name) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    quoted += '"';
    return quoted;
}

}  // namespace mig::schema
