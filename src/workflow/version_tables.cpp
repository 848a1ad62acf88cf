#include "workflow/version_tables.hpp"

#include "db/content_token.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <string_view>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_format = "mig-version-tables 1 ";
constexpr std::size_t k_fields = 10;

std::string line_of(const db::HistoryEntry& entry) {
    const dialect::HistoryRecord& record = entry.record;
    const std::vector<std::string> fields{std::to_string(entry.id),
                                          record.revision,
                                          util::join(record.parents, " "),
                                          record.direction,
                                          record.applied_at,
                                          record.git_commit ? "1" + *record.git_commit : "0",
                                          record.sha256,
                                          record.downgrade_sql ? "1" + *record.downgrade_sql : "0",
                                          record.dirty ? "1" : "0",
                                          record.message};
    std::string line;
    for (const std::string& field : fields) {
        line += (line.empty() ? "" : "\t") + util::escape_field(field);
    }
    return line + "\n";
}

// "0" for none, "1" + the value otherwise.
std::optional<std::optional<std::string>> optional_field(const std::string& field) {
    if (field == "0") {
        return std::optional<std::string>();
    }
    if (field.starts_with('1')) {
        return std::optional<std::string>(field.substr(1));
    }
    return std::nullopt;
}

std::optional<db::HistoryEntry> entry_of(std::string_view line) {
    std::vector<std::string> fields;
    while (true) {
        const std::size_t tab = line.find('\t');
        std::optional<std::string> field = util::unescape_field(line.substr(0, tab));
        if (!field) {
            return std::nullopt;
        }
        fields.push_back(std::move(*field));
        if (tab == std::string_view::npos) {
            break;
        }
        line.remove_prefix(tab + 1);
    }
    if (fields.size() != k_fields) {
        return std::nullopt;
    }
    db::HistoryEntry entry;
    try {
        entry.id = std::stoll(fields[0]);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    dialect::HistoryRecord& record = entry.record;
    record.revision = fields[1];
    record.parents = util::split_whitespace(fields[2]);
    record.direction = fields[3];
    record.applied_at = fields[4];
    const auto commit = optional_field(fields[5]);
    const auto downgrade = optional_field(fields[7]);
    if (!commit || !downgrade || (fields[8] != "0" && fields[8] != "1")) {
        return std::nullopt;
    }
    record.git_commit = *commit;
    record.sha256 = fields[6];
    record.downgrade_sql = *downgrade;
    record.dirty = fields[8] == "1";
    record.message = fields[9];
    return entry;
}

std::optional<VersionTables> read_cache(const fs::path& file, const std::string& token) {
    std::optional<std::string> content;
    try {
        content = util::read_file_if_exists(file);
    } catch (const Error&) {
        return std::nullopt;
    }
    const std::string header = std::string(k_format) + token + "\n";
    if (!content || !content->starts_with(header) || content->back() != '\n') {
        return std::nullopt;
    }
    std::string_view rest = std::string_view(*content).substr(header.size());
    const std::size_t heads_end = rest.find('\n');
    VersionTables tables;
    tables.heads = util::split_whitespace(rest.substr(0, heads_end));
    rest.remove_prefix(heads_end + 1);
    tables.history.reserve(static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '\n')));
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        std::optional<db::HistoryEntry> entry = entry_of(rest.substr(0, end));
        if (!entry) {
            return std::nullopt;  // damaged: read the database
        }
        tables.history.push_back(std::move(*entry));
        rest.remove_prefix(end + 1);
    }
    return tables;
}

void write_cache(const fs::path& file, const std::string& token, const VersionTables& tables) {
    std::string content =
        std::string(k_format) + token + "\n" + util::join(tables.heads, " ") + "\n";
    for (const db::HistoryEntry& entry : tables.history) {
        content += line_of(entry);
    }
    if (const std::string failure = util::write_cache_file(file, content); !failure.empty()) {
        spdlog::debug("cannot write {}: {}", file.string(), failure);  // only slower
    }
}

}  // namespace

VersionTables read_version_tables(const Project& project) {
    // The token first: should the database change while it is read, the cache is filed under
    // the old token, which the next run no longer matches.
    const std::optional<std::string> token = db::content_token(project.database_url());
    const fs::path file = project.cache_dir() / "version-tables";
    const bool cacheable = token.has_value() && !project.cache_dir().empty();
    if (cacheable) {
        if (std::optional<VersionTables> cached = read_cache(file, *token)) {
            return *cached;
        }
    }
    VersionTables tables;
    auto database = project.open_database(db::OpenMode::read_only);
    tables.heads = database->current_heads();
    if (!tables.heads.empty()) {
        tables.history = database->history();
    }
    if (cacheable) {
        write_cache(file, *token, tables);
    }
    return tables;
}

}  // namespace mig::workflow
