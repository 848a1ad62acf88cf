#include "workflow/sync_data_loss.hpp"

#include "schema/identifier.hpp"
#include "schema/token.hpp"
#include "util/strings.hpp"

#include <cctype>
#include <map>
#include <set>

namespace mig::workflow {

namespace {

using schema::Token;

constexpr std::string_view k_destructive = "-- mig:destructive";
constexpr std::size_t k_shown_length = 120;

struct TableName {
    std::string schema;  // empty: unqualified
    std::string table;
};

// What a statement does to tables, as far as data loss is concerned.
struct Action {
    enum class Kind {
        other,
        drop_table,
        drop_column,
        create_table,
        rename_table,
        copy
    } kind = Kind::other;
    TableName name;
    std::string column;    // drop_column
    std::string new_name;  // rename_table
    std::string source;    // copy: the table an INSERT ... SELECT reads
};

class Cursor {
public:
    explicit Cursor(const std::vector<Token>& tokens) : m_tokens(tokens) {}
    bool word(std::string_view text) {
        if (m_at < m_tokens.size() && m_tokens[m_at].is_word(text)) {
            ++m_at;
            return true;
        }
        return false;
    }
    bool punctuation(std::string_view text) {
        if (m_at < m_tokens.size() && m_tokens[m_at].is_punctuation(text)) {
            ++m_at;
            return true;
        }
        return false;
    }
    std::optional<std::string> name() {
        if (m_at < m_tokens.size() && m_tokens[m_at].can_be_name()) {
            return schema::token_value(m_tokens[m_at++]);
        }
        return std::nullopt;
    }
    // `name` or `schema.name`.
    std::optional<TableName> table() {
        auto first = name();
        if (!first) {
            return std::nullopt;
        }
        if (punctuation(".")) {
            auto second = name();
            return second ? std::optional<TableName>(TableName{*first, *second}) : std::nullopt;
        }
        return TableName{"", *first};
    }
    // Moves past the next bare word `text`; false when there is none.
    bool skip_to(std::string_view text) {
        while (m_at < m_tokens.size()) {
            if (m_tokens[m_at++].is_word(text)) {
                return true;
            }
        }
        return false;
    }

private:
    const std::vector<Token>& m_tokens;
    std::size_t m_at = 0;
};

Action alter_table(Cursor& cursor) {
    Action action;
    auto table = cursor.table();
    if (!table) {
        return action;
    }
    action.name = *table;
    if (cursor.word("RENAME") && cursor.word("TO")) {
        if (auto new_name = cursor.name()) {
            action.kind = Action::Kind::rename_table;
            action.new_name = *new_name;
        }
    } else if (cursor.word("DROP")) {
        cursor.word("COLUMN");
        if (auto column = cursor.name()) {
            action.kind = Action::Kind::drop_column;
            action.column = *column;
        }
    }
    return action;
}

Action classify(const std::vector<Token>& tokens) {
    Cursor cursor(tokens);
    Action action;
    if (cursor.word("DROP") && cursor.word("TABLE")) {
        if (cursor.word("IF")) {
            cursor.word("EXISTS");
        }
        if (auto table = cursor.table()) {
            action.kind = Action::Kind::drop_table;
            action.name = *table;
        }
        return action;
    }
    Cursor create(tokens);
    if (create.word("CREATE")) {
        if (!create.word("TEMP")) {
            create.word("TEMPORARY");
        }
        if (create.word("TABLE")) {
            if (create.word("IF")) {
                create.word("NOT");
                create.word("EXISTS");
            }
            if (auto table = create.table()) {
                action.kind = Action::Kind::create_table;
                action.name = *table;
            }
        }
        return action;
    }
    Cursor alter(tokens);
    if (alter.word("ALTER") && alter.word("TABLE")) {
        return alter_table(alter);
    }
    // INSERT [OR ...] INTO new SELECT ... FROM old: the copy of a table rebuild.
    Cursor insert(tokens);
    if ((insert.word("INSERT") || insert.word("REPLACE")) && insert.skip_to("SELECT") &&
        insert.skip_to("FROM")) {
        if (auto source = insert.table()) {
            action.kind = Action::Kind::copy;
            action.source = source->table;
        }
    }
    return action;
}

// The reason after the last `-- mig:destructive` line of the statement's leading comments.
std::optional<std::string> destructive_mark(const std::string& sql) {
    std::optional<std::string> reason;
    std::size_t start = 0;
    while (start < sql.size()) {
        std::size_t end = sql.find('\n', start);
        if (end == std::string::npos) {
            end = sql.size();
        }
        std::string_view line = util::trim(std::string_view(sql).substr(start, end - start));
        if (line.starts_with(k_destructive)) {
            reason = std::string(util::trim(line.substr(k_destructive.size())));
        }
        start = end + 1;
    }
    return reason;
}

// The statement without its comments, on one line, shortened.
std::string one_line(const std::string& sql, const std::vector<Token>& tokens) {
    if (tokens.empty()) {
        return "";
    }
    const Token& last = tokens.back().is_punctuation(";") && tokens.size() > 1
                            ? tokens[tokens.size() - 2]
                            : tokens.back();
    std::string_view span = schema::source_span(sql, tokens.front(), last);
    std::string text;
    bool space = false;
    for (char c : span) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = !text.empty();
            continue;
        }
        if (space) {
            text += ' ';
            space = false;
        }
        text += c;
    }
    if (text.size() > k_shown_length) {
        text = text.substr(0, k_shown_length - 3) + "...";
    }
    return text;
}

std::string rows_text(long long rows) {
    return std::to_string(rows) + (rows == 1 ? " row" : " rows");
}

// Follows the tables of one downgrade through its renames: which live table each name holds
// now, and which tables it has copied from so far.
class StepTables {
public:
    std::string origin(const std::string& name) const {
        auto found = m_origin.find(schema::fold_identifier(name));
        return found == m_origin.end() ? name : found->second;
    }
    void rename(const std::string& from, const std::string& to) {
        m_origin[schema::fold_identifier(to)] = origin(from);
    }
    void copy_from(const std::string& name) { m_copied.insert(schema::fold_identifier(name)); }
    bool copied(const std::string& name) const {
        return m_copied.contains(schema::fold_identifier(name));
    }

private:
    std::map<std::string, std::string> m_origin;
    std::set<std::string> m_copied;
};

// A rebuild copies the table, drops it and gives its name to the copy: the name is created
// somewhere in the step (before or after the drop) and the dropped table was copied first.
std::set<std::string> names_created(const std::vector<Action>& actions) {
    std::set<std::string> created;
    for (const Action& action : actions) {
        if (action.kind == Action::Kind::create_table) {
            created.insert(schema::fold_identifier(action.name.table));
        } else if (action.kind == Action::Kind::rename_table) {
            created.insert(schema::fold_identifier(action.new_name));
        }
    }
    return created;
}

}  // namespace

std::vector<DataLoss> find_data_loss(const std::string& revision,
                                     const std::vector<dialect::Statement>& statements,
                                     const RowCounter& rows) {
    std::vector<std::vector<Token>> tokens;
    std::vector<Action> actions;
    for (const dialect::Statement& statement : statements) {
        tokens.push_back(schema::tokenize(statement.sql));
        actions.push_back(classify(tokens.back()));
    }
    const std::set<std::string> created = names_created(actions);
    StepTables tables;
    std::vector<DataLoss> losses;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const Action& action = actions[i];
        DataLoss loss{revision,
                      statements[i].number,
                      statements[i].line,
                      one_line(statements[i].sql, tokens[i]),
                      "",
                      std::nullopt};
        if (auto reason = destructive_mark(statements[i].sql)) {
            loss.why = "marked destructive" + (reason->empty() ? "" : ": " + *reason);
        } else if (action.kind == Action::Kind::drop_table) {
            const std::string origin = tables.origin(action.name.table);
            const bool rebuilt = tables.copied(action.name.table) &&
                                 created.contains(schema::fold_identifier(origin));
            loss.rows = rebuilt ? std::nullopt : rows(action.name.schema, origin);
            if (loss.rows && *loss.rows > 0) {
                loss.why = "drops table " + origin + ", which holds " + rows_text(*loss.rows);
            }
        } else if (action.kind == Action::Kind::drop_column) {
            const std::string origin = tables.origin(action.name.table);
            loss.rows = rows(action.name.schema, origin);
            if (loss.rows && *loss.rows > 0) {
                loss.why = "drops column " + action.column + " of " + origin + ", which holds " +
                           rows_text(*loss.rows);
            }
        }
        if (action.kind == Action::Kind::rename_table) {
            tables.rename(action.name.table, action.new_name);
        } else if (action.kind == Action::Kind::copy) {
            tables.copy_from(action.source);
        }
        if (!loss.why.empty()) {
            losses.push_back(std::move(loss));
        }
    }
    return losses;
}

}  // namespace mig::workflow
