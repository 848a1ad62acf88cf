#include "ops/postgres_operation.hpp"

#include <algorithm>
#include <array>
#include <string_view>

// Type changes of a column, judged from the types as format_type prints them
// (`character varying(10)`, `numeric(10,2)`, `timestamp(3) with time zone`, `integer[]`).
// Two questions: does ALTER COLUMN TYPE need USING (is there an implicit or assignment cast),
// and does the change keep every value (a widening)? Both answer conservatively: an unknown
// pair needs USING and may lose data.

namespace mig::ops::pg {

namespace {

struct TypeParts {
    std::string base;                  // without modifiers and array brackets
    std::vector<long long> modifiers;  // (10) -> {10}; (10,2) -> {10, 2}
    int dimensions = 0;                // [] count
};

TypeParts parse_type(std::string_view type) {
    TypeParts parts;
    std::string text(type);
    while (text.size() >= 2 && text.ends_with("[]")) {
        text.resize(text.size() - 2);
        ++parts.dimensions;
    }
    std::size_t open = text.find('(');
    if (open != std::string::npos && text.find('"') == std::string::npos) {
        std::size_t close = text.find(')', open);
        std::string inside = text.substr(open + 1, close - open - 1);
        std::size_t at = 0;
        while (at < inside.size()) {
            std::size_t comma = inside.find(',', at);
            std::string number =
                inside.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
            try {
                parts.modifiers.push_back(std::stoll(number));
            } catch (const std::exception&) {
                parts.modifiers.push_back(-1);
            }
            at = comma == std::string::npos ? inside.size() : comma + 1;
        }
        std::string rest = close == std::string::npos ? "" : text.substr(close + 1);
        text = text.substr(0, open);
        while (!text.empty() && text.back() == ' ') {
            text.pop_back();
        }
        text += rest;
    }
    parts.base = text;
    return parts;
}

bool is_one_of(std::string_view base, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), base) != names.end();
}

bool is_string(const TypeParts& t) {
    return is_one_of(t.base, {"text", "character varying", "character", "name", "\"char\""});
}

bool is_number(const TypeParts& t) {
    return is_one_of(t.base,
                     {"smallint", "integer", "bigint", "numeric", "real", "double precision"});
}

bool is_date_or_timestamp(const TypeParts& t) {
    return is_one_of(t.base, {"date", "timestamp without time zone", "timestamp with time zone"});
}

bool is_time(const TypeParts& t) {
    return is_one_of(t.base, {"time without time zone", "time with time zone"});
}

// Decimal digits an integer type always holds.
long long integer_digits(std::string_view base) {
    if (base == "smallint") {
        return 4;  // 32767: every 4-digit number
    }
    if (base == "integer") {
        return 9;
    }
    return base == "bigint" ? 18 : -1;
}

int integer_rank(std::string_view base) {
    if (base == "smallint") {
        return 1;
    }
    if (base == "integer") {
        return 2;
    }
    return base == "bigint" ? 3 : 0;
}

bool numeric_widens(const TypeParts& from, const TypeParts& to) {
    if (int a = integer_rank(from.base), b = integer_rank(to.base); a > 0 && b > 0) {
        return a <= b;
    }
    if (to.base == "numeric") {
        if (to.modifiers.empty()) {
            return from.base != "real" && from.base != "double precision";  // exact to exact
        }
        long long to_integer = to.modifiers[0] - (to.modifiers.size() > 1 ? to.modifiers[1] : 0);
        long long to_scale = to.modifiers.size() > 1 ? to.modifiers[1] : 0;
        if (integer_rank(from.base) > 0) {
            return to_integer > integer_digits(from.base);
        }
        if (from.base == "numeric" && !from.modifiers.empty()) {
            long long from_scale = from.modifiers.size() > 1 ? from.modifiers[1] : 0;
            return to_scale >= from_scale && to_integer >= from.modifiers[0] - from_scale;
        }
        return false;
    }
    if (to.base == "double precision") {
        return is_one_of(from.base, {"smallint", "integer", "real"});
    }
    if (to.base == "real") {
        return from.base == "smallint";
    }
    return false;
}

// A length modifier, or `unbounded` when there is none.
long long length_of(const TypeParts& t, long long unbounded) {
    return t.modifiers.empty() ? unbounded : t.modifiers[0];
}

bool string_widens(const TypeParts& from, const TypeParts& to) {
    constexpr long long k_unbounded = 1LL << 62;
    if (to.base == "text" || (to.base == "character varying" && to.modifiers.empty())) {
        return from.base != "character";  // bpchar -> text strips trailing spaces
    }
    if (to.base == "character varying") {
        return (from.base == "character varying" || from.base == "character") &&
               length_of(from, k_unbounded) <= length_of(to, 0) && from.base != "character";
    }
    if (to.base == "character") {
        return from.base == "character" && length_of(from, 1) == length_of(to, 1);
    }
    return false;
}

// Fractional-second precision: timestamp(3) keeps less than timestamp (6).
long long precision_of(const TypeParts& t) {
    return t.modifiers.empty() ? 6 : t.modifiers[0];
}

bool time_widens(const TypeParts& from, const TypeParts& to) {
    if (precision_of(from) > precision_of(to)) {
        return false;
    }
    if (from.base == to.base) {
        return true;
    }
    if (from.base == "date") {
        return to.base == "timestamp without time zone" || to.base == "timestamp with time zone";
    }
    return (from.base == "timestamp without time zone" && to.base == "timestamp with time zone") ||
           (from.base == "time without time zone" && to.base == "time with time zone");
}

}  // namespace

bool keeps_values(const std::string& from, const std::string& to) {
    if (from == to) {
        return true;
    }
    TypeParts a = parse_type(from);
    TypeParts b = parse_type(to);
    if (a.dimensions != b.dimensions) {
        return false;
    }
    if (b.base == "text" && a.base != "character") {
        return true;  // every type has a text form that reads back the same
    }
    if (is_string(a) && is_string(b)) {
        return string_widens(a, b);
    }
    if (is_number(a) && is_number(b)) {
        return numeric_widens(a, b);
    }
    if ((is_date_or_timestamp(a) || is_time(a)) && (is_date_or_timestamp(b) || is_time(b))) {
        return time_widens(a, b);
    }
    if (a.base == "bit varying" && b.base == "bit varying") {
        return length_of(a, 1LL << 62) <= length_of(b, 1LL << 62);
    }
    return false;
}

bool needs_using(const std::string& from, const std::string& to) {
    TypeParts a = parse_type(from);
    TypeParts b = parse_type(to);
    if (a.dimensions != b.dimensions) {
        return true;
    }
    if (a.base == b.base) {
        return false;  // a modifier change: the length coercion applies
    }
    if (is_string(b)) {
        return false;  // any type to a string type: an assignment cast (I/O conversion)
    }
    if (is_number(a) && is_number(b)) {
        return false;  // every numeric pair casts implicitly or by assignment
    }
    if (is_date_or_timestamp(a) && is_date_or_timestamp(b)) {
        return false;
    }
    if (is_time(a) && is_time(b)) {
        return false;
    }
    if (is_one_of(a.base, {"timestamp without time zone", "timestamp with time zone"}) &&
        b.base == "time without time zone") {
        return false;
    }
    if (a.base == "bit" || a.base == "bit varying") {
        return !(b.base == "bit" || b.base == "bit varying");
    }
    return true;
}

}  // namespace mig::ops::pg
