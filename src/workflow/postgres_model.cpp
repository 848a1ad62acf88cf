#include "workflow/postgres_model.hpp"

#include "db/postgres_statement_error.hpp"
#include "dialect/postgres_dialect.hpp"
#include "dialect/postgres_lexer.hpp"
#include "dialect/postgres_privileges.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"
#include "workflow/model.hpp"

#include <deque>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

using dialect::PostgresToken;
using dialect::Statement;

// Bump when loading starts producing different schemas from the same DDL.
constexpr std::string_view k_model_version = "mig-postgres-model 1";
constexpr const char* k_command_source = "[model] command";

constexpr std::string_view k_insufficient_privilege = "42501";
constexpr std::string_view k_duplicate_schema = "42P06";

// The words of a statement (tokens other than blanks), as text, up to its end.
class Words {
public:
    explicit Words(std::string_view sql) {
        dialect::PostgresLexer lexer(sql);
        while (!lexer.at_end()) {
            const PostgresToken token = lexer.next();
            if (token.kind != PostgresToken::Kind::blank) {
                m_tokens.push_back(token);
                m_texts.push_back(sql.substr(token.begin, token.end - token.begin));
            }
        }
        if (!m_texts.empty() && m_texts.back() == ";") {
            m_tokens.pop_back();
            m_texts.pop_back();
        }
    }

    std::size_t size() const { return m_texts.size(); }
    // Whether word `index` (negative: from the end) is the keyword `lower`.
    bool is(std::ptrdiff_t index, std::string_view lower) const {
        const std::ptrdiff_t at = index < 0 ? static_cast<std::ptrdiff_t>(size()) + index : index;
        if (at < 0 || at >= static_cast<std::ptrdiff_t>(size())) {
            return false;
        }
        const auto position = static_cast<std::size_t>(at);
        return m_tokens[position].kind == PostgresToken::Kind::word &&
               dialect::is_keyword(m_texts[position], lower);
    }
    // Whether word `index` names the schema public (`public` or `"public"`).
    bool is_public(std::size_t index) const {
        return is(static_cast<std::ptrdiff_t>(index), "public") ||
               (index < size() && m_texts[index] == "\"public\"");
    }
    // Where the first word starts, or npos for a statement of blanks.
    std::size_t first_begin() const {
        return m_tokens.empty() ? std::string_view::npos : m_tokens.front().begin;
    }

private:
    std::vector<PostgresToken> m_tokens;
    std::vector<std::string_view> m_texts;
};

// What a model statement gets, beyond the dialect's policy.
enum class Treatment {
    run,
    skip,                // ownership and privileges: no part of the compared schema
    tolerate_privilege,  // COMMENT ON EXTENSION: the extension's owner's business
    tolerate_duplicate,  // CREATE SCHEMA public, which every database has
};

Treatment treatment(const Statement& statement, const Words& words) {
    if (dialect::sets_owner_or_privileges(statement.sql)) {
        return Treatment::skip;
    }
    if (words.is(0, "comment") && words.is(1, "on") && words.is(2, "extension")) {
        return Treatment::tolerate_privilege;
    }
    if (words.is(0, "create") && words.is(1, "schema") && words.is_public(2)) {
        return Treatment::tolerate_duplicate;
    }
    return Treatment::run;
}

// A failure that is the server's or the network's, not the model's (exit 1): no SQLSTATE
// (the connection is gone), connection exceptions, insufficient resources, operator
// intervention, system and internal errors.
bool server_trouble(const std::string& sqlstate) {
    return sqlstate.empty() || sqlstate.starts_with("08") || sqlstate.starts_with("53") ||
           sqlstate.starts_with("57") || sqlstate.starts_with("58") || sqlstate.starts_with("XX");
}

class ModelLoader {
public:
    explicit ModelLoader(const db::PgConnection& connection) : m_connection(connection) {}

    void load(const PostgresModelSource& source) {
        m_source = &source;
        std::deque<Statement> pending;
        for (Statement& statement : m_dialect.split(source.sql, 1)) {
            pending.push_back(std::move(statement));
        }
        while (!pending.empty()) {
            Statement statement = std::move(pending.front());
            pending.pop_front();
            const Words words(statement.sql);
            if (words.first_begin() != std::string_view::npos &&
                statement.sql[words.first_begin()] == '\\') {
                // A psql meta-command runs to the end of its line; the splitter, which leaves
                // them to the server, glued the next statement to it: split that again.
                std::vector<Statement> rest = meta_command(statement, words.first_begin());
                pending.insert(pending.begin(), rest.begin(), rest.end());
                continue;
            }
            run(statement, words);
        }
    }

    // The model's own BEGIN without COMMIT would leave the session in a transaction that the
    // catalog reads then see, uncommitted.
    void finish() {
        if (m_connection.in_transaction()) {
            m_connection.try_exec("ROLLBACK");
            throw InputError(m_source->name +
                                 ": the model leaves a transaction open (BEGIN "
                                 "without COMMIT)",
                             m_source->hint);
        }
    }

private:
    // Skips \restrict and \unrestrict (pg_dump's guard against a malicious server, meaningless
    // here), refuses any other meta-command, and returns the statements after its line.
    std::vector<Statement> meta_command(const Statement& statement, std::size_t begin) {
        const std::string_view sql = statement.sql;
        const std::size_t end = std::min(sql.find('\n', begin), sql.size());
        const std::string_view command = sql.substr(begin, end - begin);
        const std::string_view name = command.substr(0, command.find_first_of(" \t\r"));
        if (name != "\\restrict" && name != "\\unrestrict") {
            throw ParseError(m_source->name, statement.line,
                             std::string(name) +
                                 ": psql meta-commands are not SQL, and mig runs the model's "
                                 "statements on the server itself",
                             "write the model in SQL only (pg_dump --schema-only writes none "
                             "but \\restrict), or run psql outside mig");
        }
        if (end >= sql.size()) {
            return {};
        }
        return m_dialect.split(sql.substr(end + 1), statement.line + 1);
    }

    void run(const Statement& statement, const Words& words) {
        const Treatment how = treatment(statement, words);
        if (how == Treatment::skip) {
            return;
        }
        const dialect::StatementAction action = m_dialect.action(statement, false);
        if (action.kind == dialect::StatementAction::Kind::refuse) {
            throw ParseError(m_source->name, statement.line,
                             db::statement_excerpt(statement.sql) + ": " + action.reason,
                             "a model holds the schema only: write it in SQL without data "
                             "(pg_dump --schema-only), or load data outside mig");
        }
        if (how == Treatment::run) {
            execute(statement, how);
            return;
        }
        // A tolerated failure inside the model's own transaction must not abort it.
        const bool in_transaction = m_connection.in_transaction();
        if (in_transaction) {
            m_connection.exec("SAVEPOINT mig_model");
        }
        const bool failed = execute(statement, how);
        if (in_transaction) {
            m_connection.exec(failed ? "ROLLBACK TO SAVEPOINT mig_model"
                                     : "RELEASE SAVEPOINT mig_model");
        }
    }

    // Runs the statement; returns true instead of throwing when it failed in the way its
    // treatment tolerates.
    bool execute(const Statement& statement, Treatment how) {
        const db::PgResult result = m_connection.try_exec(statement.sql);
        if (result.ok()) {
            return false;
        }
        const db::PostgresErrorFields error = result.error();
        if ((how == Treatment::tolerate_privilege && error.sqlstate == k_insufficient_privilege) ||
            (how == Treatment::tolerate_duplicate && error.sqlstate == k_duplicate_schema)) {
            return true;
        }
        const int line = db::postgres_error_line(statement, error.position);
        const std::string at =
            line > statement.line ? "line " + std::to_string(line) + ": " : std::string();
        const std::string message =
            db::statement_excerpt(statement.sql) + ": " + at + error.describe();
        if (server_trouble(error.sqlstate)) {
            throw FailedError("loading the model into the scratch database failed at " +
                              m_source->name + ":" + std::to_string(statement.line) + ": " +
                              message);
        }
        throw ParseError(m_source->name, statement.line, message, m_source->hint);
    }

    const db::PgConnection& m_connection;
    dialect::PostgresDialect m_dialect;
    const PostgresModelSource* m_source = nullptr;
};

std::string model_key(const std::vector<PostgresModelSource>& sources) {
    util::Sha256 digest;
    digest.update(k_model_version);
    for (const PostgresModelSource& source : sources) {
        const std::string header = "\n" + std::to_string(source.name.size()) + ":" + source.name +
                                   std::to_string(source.sql.size()) + ":";
        digest.update(header);
        digest.update(source.sql);
    }
    return digest.hex();
}

}  // namespace

PostgresModelText read_postgres_model(const Project& project) {
    PostgresModelText model;
    const config::Config& config = project.config();
    if (model_is_command(project)) {
        model.sources.push_back({k_command_source, run_model_command(project),
                                 "fix the DDL that the command prints (run `" +
                                     *config.model_command + "` in " + config.root.string() +
                                     " to see it)"});
    } else {
        model.files = expand_model_paths(config.model_paths, config.root);
        for (const fs::path& file : model.files) {
            const std::string name = project.display(file);
            model.sources.push_back({name, util::read_file(file), "fix the model in " + name});
        }
    }
    model.key = model_key(model.sources);
    return model;
}

void load_postgres_model(const db::PgConnection& connection, const PostgresModelText& model) {
    ModelLoader loader(connection);
    for (const PostgresModelSource& source : model.sources) {
        loader.load(source);
    }
    if (!model.sources.empty()) {
        loader.finish();
    }
}

void load_postgres_model(db::PostgresScratch& scratch, const PostgresModelText& model) {
    load_postgres_model(scratch.connection(), model);
    scratch.reset_session();
}

}  // namespace mig::workflow
