#include "e2e/project.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace mig::test {

namespace fs = std::filesystem;

std::string describe(const MigResult& result) {
    return "exit " + std::to_string(result.exit_code) + "\n--- stdout:\n" + result.out +
           "--- stderr:\n" + result.err;
}

namespace {

std::string slug(std::string_view message) {
    std::string out;
    bool gap = false;
    for (char c : message) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            if (gap && !out.empty()) {
                out += '_';
            }
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            gap = false;
        } else {
            gap = true;
        }
    }
    return out;
}

int count_lines(std::string_view text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

Project::Project(const std::vector<std::string>& init_args) {
    std::vector<std::string> args{"init"};
    args.insert(args.end(), init_args.begin(), init_args.end());
    MigResult result = mig_at(root(), args);
    if (result.exit_code != 0) {
        ADD_FAILURE() << "mig init failed: " << describe(result);
    }
}

namespace {

// The variables mig reads, emptied (which mig treats as unset) unless the test sets them, so
// that the environment the tests run in cannot change what they see.
std::map<std::string, std::string> hermetic(std::map<std::string, std::string> env) {
    env.try_emplace("MIG_DATABASE_URL", "");
    env.try_emplace("MIG_ENV", "");
    return env;
}

}  // namespace

MigResult mig_at(const fs::path& cwd, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env) {
    return run_mig(cwd, args, hermetic(env));
}

MigResult Project::mig(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env) const {
    return run_mig(root(), args, hermetic(env));
}

MigResult Project::mig_in(std::string_view cwd, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) const {
    return run_mig(root() / cwd, args, hermetic(env));
}

WrittenRevision Project::write_revision(const RevisionSpec& spec) const {
    const std::string message = spec.message.empty() ? "revision " + spec.id : spec.message;
    std::string text = "-- mig:revision " + spec.id + "\n";
    if (!spec.parents.empty()) {
        text += "-- mig:parents";
        for (const auto& parent : spec.parents) {
            text += " " + parent;
        }
        text += "\n";
    }
    text += "-- mig:message " + message + "\n";
    text += "-- mig:created 2026-01-02T03:04:05Z\n";
    for (const auto& line : spec.header) {
        text += line + "\n";
    }
    text += "\n-- mig:upgrade\n";
    WrittenRevision written;
    written.upgrade_line = count_lines(text) + 1;
    text += spec.upgrade + "\n\n-- mig:downgrade\n";
    written.downgrade_line = count_lines(text) + 1;
    text += spec.downgrade + "\n";

    written.relative = "migrations/versions/" + spec.id + "_" + slug(message) + ".sql";
    written.path = m_dir.write(written.relative, text);
    return written;
}

std::vector<WrittenRevision> Project::write_chain(const std::vector<RevisionSpec>& specs) const {
    std::vector<WrittenRevision> written;
    std::string parent;
    for (RevisionSpec spec : specs) {
        if (!parent.empty() && spec.parents.empty()) {
            spec.parents = {parent};
        }
        written.push_back(write_revision(spec));
        parent = spec.id;
    }
    return written;
}

void Project::write_config(std::string_view toml) const {
    m_dir.write("mig.toml", toml);
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string git(const Project& project, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"git", "-c", "user.name=mig tests", "-c",
                                  "user.email=tests@example.invalid"};
    argv.insert(argv.end(), args.begin(), args.end());
    MigResult result = run_program(project.root(), argv,
                                   {{"GIT_CONFIG_GLOBAL", "/dev/null"},
                                    {"GIT_CONFIG_NOSYSTEM", "1"},
                                    {"GIT_TERMINAL_PROMPT", "0"}});
    EXPECT_EQ(result.exit_code, 0) << "git " << args.at(0) << ": " << describe(result);
    return result.out;
}

void ModelProjectTest::model(std::string_view ddl) const {
    project.dir().write("models/schema.sql", ddl);
}

void ModelProjectTest::migrate(const std::string& id, const std::string& message) const {
    ASSERT_MIG_OK(project.mig({"migrate", "-m", message.empty() ? id : message, "--rev-id", id}));
}

void ModelProjectTest::commit_all(const std::string& message) const {
    git(project, {"add", "-A"});
    git(project, {"commit", "-q", "-m", message});
}

void make_repository(const Project& project) {
    git(project, {"init", "-q", "-b", "main", "."});
    git(project, {"add", "-A"});
    git(project, {"commit", "-q", "-m", "init"});
}

std::string generated_file(const MigResult& result) {
    const std::string prefix = "Generated ";
    auto start = result.out.find(prefix);
    if (start == std::string::npos) {
        return {};
    }
    start += prefix.size();
    return result.out.substr(start, result.out.find(" (", start) - start);
}

// --- the database -----------------------------------------------------------------------

std::vector<std::vector<std::string>> query_rows(const fs::path& db, const std::string& sql) {
    SQLite::Database connection(db.string(), SQLite::OPEN_READONLY);
    SQLite::Statement query(connection, sql);
    std::vector<std::vector<std::string>> rows;
    while (query.executeStep()) {
        std::vector<std::string> row;
        for (int i = 0; i < query.getColumnCount(); ++i) {
            SQLite::Column column = query.getColumn(i);
            row.push_back(column.isNull() ? "NULL" : column.getString());
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<std::string> query_column(const fs::path& db, const std::string& sql) {
    std::vector<std::string> values;
    for (auto& row : query_rows(db, sql)) {
        values.push_back(row.at(0));
    }
    return values;
}

void exec_sql(const fs::path& db, const std::string& sql) {
    SQLite::Database connection(db.string(), SQLite::OPEN_READWRITE);
    connection.exec(sql);
}

namespace {

bool has_table(const fs::path& db, const std::string& name) {
    return !query_column(
                db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = '" + name + "'")
                .empty();
}

}  // namespace

std::vector<std::string> version_rows(const fs::path& db) {
    if (!fs::exists(db) || !has_table(db, "mig_version")) {
        return {};
    }
    return query_column(db, "SELECT revision FROM mig_version ORDER BY revision");
}

std::vector<std::string> user_objects(const fs::path& db) {
    return query_column(db,
                        "SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name "
                        "NOT IN ('mig_version', 'mig_history') ORDER BY name");
}

std::vector<HistoryRow> history_rows(const fs::path& db) {
    std::vector<HistoryRow> rows;
    if (!fs::exists(db) || !has_table(db, "mig_history")) {
        return rows;
    }
    for (auto& row : query_rows(db,
                                "SELECT revision, parents, direction, sha256, downgrade_sql, "
                                "git_commit, dirty, message FROM mig_history ORDER BY id")) {
        rows.push_back(HistoryRow{row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]});
    }
    return rows;
}

std::vector<std::string> history_summary(const fs::path& db) {
    std::vector<std::string> out;
    for (const auto& row : history_rows(db)) {
        out.push_back(row.direction + " " + row.revision);
    }
    return out;
}

std::string dump_database(const fs::path& db) {
    std::string out;
    for (const auto& row : query_rows(db,
                                      "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                      "ORDER BY type, name")) {
        out += row[0] + " " + row[1] + " on " + row[2] + ": " + row[3] + "\n";
    }
    for (const auto& table : query_column(db,
                                          "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
        std::vector<std::string> lines;
        for (const auto& row : query_rows(db, "SELECT * FROM \"" + table + "\"")) {
            std::string line = table + ":";
            for (const auto& value : row) {
                line += " " + value;
            }
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        for (const auto& line : lines) {
            out += line + "\n";
        }
    }
    return out;
}

std::optional<std::string> file_bytes(const fs::path& file) {
    if (!fs::exists(file)) {
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string sha256_of(const fs::path& file) {
    MigResult result = run_program(file.parent_path(), {"sha256sum", file.string()});
    if (result.exit_code != 0 || result.out.size() < 64) {
        ADD_FAILURE() << "sha256sum failed: " << describe(result);
        return {};
    }
    return result.out.substr(0, 64);
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

void write_linear(const Project& project, int count) {
    std::vector<RevisionSpec> specs;
    for (int i = 1; i <= count; ++i) {
        const std::string n = std::to_string(i);
        specs.push_back(rev("r" + n, {}, "CREATE TABLE t" + n + " (id INTEGER);",
                            "DROP TABLE t" + n + ";", "step " + n));
    }
    project.write_chain(specs);
}

}  // namespace mig::test
