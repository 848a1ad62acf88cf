#include "dialect/postgres_privileges.hpp"

#include "dialect/postgres_lexer.hpp"

#include <vector>

namespace mig::dialect {

bool sets_owner_or_privileges(std::string_view sql) {
    // The statement's words, `;` left out; a GRANT is known by its first word.
    std::vector<PostgresToken> words;
    PostgresLexer lexer(sql);
    while (!lexer.at_end()) {
        const PostgresToken token = lexer.next();
        if (token.kind != PostgresToken::Kind::blank && sql[token.begin] != ';') {
            words.push_back(token);
        }
    }
    auto is = [&](std::size_t index, std::string_view lower) {
        return index < words.size() && words[index].kind == PostgresToken::Kind::word &&
               is_keyword(sql.substr(words[index].begin, words[index].end - words[index].begin),
                          lower);
    };
    if (is(0, "grant") || is(0, "revoke")) {
        return true;
    }
    if (!is(0, "alter")) {
        return false;
    }
    if (is(1, "default") && is(2, "privileges")) {
        return true;
    }
    const std::size_t count = words.size();
    if (count < 4 || !is(count - 3, "owner") || !is(count - 2, "to")) {
        return false;
    }
    for (std::size_t i = 1; i < count; ++i) {
        if (is(i, "rename")) {
            return false;
        }
    }
    return true;
}

}  // namespace mig::dialect
