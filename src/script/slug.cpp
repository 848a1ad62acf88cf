#include "script/slug.hpp"

#include <vector>

namespace mig::script {

namespace {

constexpr std::size_t k_max_slug_length = 80;
constexpr std::string_view k_fallback_slug = "revision";

// Deliberately not <cctype>: its answers depend on the locale, and a slug must not.
bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::vector<std::string_view> ascii_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !is_ascii_alnum(text[i])) {
            ++i;
        }
        std::size_t start = i;
        while (i < text.size() && is_ascii_alnum(text[i])) {
            ++i;
        }
        if (i > start) {
            words.push_back(text.substr(start, i - start));
        }
    }
    return words;
}

}  // namespace

std::string slugify(std::string_view message) {
    std::string slug;
    for (std::string_view word : ascii_words(message)) {
        const std::size_t separator = slug.empty() ? 0 : 1;
        if (slug.size() + separator + word.size() > k_max_slug_length) {
            if (slug.empty()) {
                slug.append(word.substr(0, k_max_slug_length));  // one giant word: cut it
            }
            break;
        }
        if (separator != 0) {
            slug += '_';
        }
        slug.append(word);
    }
    for (char& c : slug) {
        c = ascii_lower(c);
    }
    return slug.empty() ? std::string(k_fallback_slug) : slug;
}

}  // namespace mig::script
