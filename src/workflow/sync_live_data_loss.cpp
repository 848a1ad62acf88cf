#include "workflow/sync_live_data_loss.hpp"

#include "db/sqlite_reader.hpp"
#include "schema/identifier.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr int k_busy_timeout_ms = 5000;

// The database's rows per table, read through a connection of its own (SQLite).
class SqliteRowCounter {
public:
    explicit SqliteRowCounter(const fs::path& file)
        : m_database(db::open_for_reading(file, k_busy_timeout_ms)) {}

    std::optional<long long> operator()(const std::string& schema_name, const std::string& table) {
        const std::string schema_sql =
            schema::quoted_identifier(schema_name.empty() ? "main" : schema_name);
        try {
            SQLite::Statement find(*m_database, "SELECT name FROM " + schema_sql +
                                                    ".sqlite_master WHERE type = 'table' AND "
                                                    "name = ?1 COLLATE NOCASE");
            find.bind(1, table);
            if (!find.executeStep()) {
                return std::nullopt;
            }
            SQLite::Statement count(*m_database,
                                    "SELECT count(*) FROM " + schema_sql + "." +
                                        schema::quoted_identifier(find.getColumn(0).getString()));
            count.executeStep();
            return count.getColumn(0).getInt64();
        } catch (const SQLite::Exception& error) {
            spdlog::debug("cannot count the rows of {}: {}", table, error.what());
            return std::nullopt;  // an unknown schema: the statement would fail anyway
        }
    }

private:
    std::unique_ptr<SQLite::Database> m_database;
};

}  // namespace

std::vector<DataLoss> find_plan_data_loss(Project& project, const dialect::Dialect& dialect,
                                          const graph::Plan& plan, std::size_t down_steps) {
    if (down_steps == 0 || !project.is_sqlite()) {
        return {};  // only SQLite databases exist so far; others need their own counter
    }
    SqliteRowCounter counter(project.database_url().sqlite_path);
    const RowCounter rows = [&](const std::string& schema_name, const std::string& table) {
        return counter(schema_name, table);
    };
    const script::ScriptDirectory& scripts = project.scripts();
    std::vector<DataLoss> losses;
    for (std::size_t i = 0; i < down_steps; ++i) {
        const graph::PlanStep& step = plan.steps[i];
        const script::Section& section = scripts.script(step.revision).downgrade;
        for (DataLoss& loss :
             find_data_loss(scripts.graph().at(step.revision).id,
                            dialect.split(section.sql, section.first_line), rows)) {
            losses.push_back(std::move(loss));
        }
    }
    return losses;
}

}  // namespace mig::workflow
