#include "workflow/version_tables.hpp"

#include "db/content_token.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/mapped_file.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string_view>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

// Version 2 leaves out the downgrade SQL: status never reads it, and it was most of the
// bytes to unescape.
constexpr std::string_view k_format = "mig-version-tables 2 ";
constexpr std::size_t k_fields = 9;

std::string line_of(const db::HistoryEntry& entry) {
    const dialect::HistoryRecord& record = entry.record;
    const std::vector<std::string> fields{std::to_string(entry.id),
                                          record.revision,
                                          util::join(record.parents, " "),
                                          record.direction,
                                          record.applied_at,
                                          record.git_commit ? "1" + *record.git_commit : "0",
                                          record.sha256,
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

// A field as written: most need no unescaping, so only those with a `\\` are copied twice.
std::optional<std::string> field_of(std::string_view text) {
    if (text.find('\\') == std::string_view::npos) {
        return std::string(text);
    }
    return util::unescape_field(text);
}

std::optional<db::HistoryEntry> entry_of(std::string_view line) {
    std::array<std::string_view, k_fields> fields;
    std::size_t count = 0;
    while (true) {
        const std::size_t tab = line.find('\t');
        if (count == k_fields) {
            return std::nullopt;
        }
        fields[count++] = line.substr(0, tab);
        if (tab == std::string_view::npos) {
            break;
        }
        line.remove_prefix(tab + 1);
    }
    if (count != k_fields) {
        return std::nullopt;
    }
    db::HistoryEntry entry;
    const std::string_view id = fields[0];
    if (id.empty() ||
        std::from_chars(id.data(), id.data() + id.size(), entry.id).ptr != id.data() + id.size()) {
        return std::nullopt;
    }
    auto revision = field_of(fields[1]);
    auto parents = field_of(fields[2]);
    auto direction = field_of(fields[3]);
    auto applied_at = field_of(fields[4]);
    auto commit = field_of(fields[5]);
    auto sha256 = field_of(fields[6]);
    auto message = field_of(fields[8]);
    if (!revision || !parents || !direction || !applied_at || !commit || !sha256 || !message ||
        (fields[7] != "0" && fields[7] != "1")) {
        return std::nullopt;
    }
    const auto git_commit = optional_field(*commit);
    if (!git_commit) {
        return std::nullopt;
    }
    dialect::HistoryRecord& record = entry.record;
    record.revision = std::move(*revision);
    record.parents = util::split_whitespace(*parents);
    record.direction = std::move(*direction);
    record.applied_at = std::move(*applied_at);
    record.git_commit = *git_commit;
    record.sha256 = std::move(*sha256);
    record.dirty = fields[7] == "1";
    record.message = std::move(*message);
    return entry;
}

std::optional<VersionTables> read_cache(const fs::path& file, const std::string& token) {
    const util::MappedFile mapped(file);
    const std::string header = std::string(k_format) + token + "\n";
    std::string_view rest = mapped.bytes();
    if (!rest.starts_with(header) || !rest.ends_with('\n')) {
        return std::nullopt;
    }
    rest.remove_prefix(header.size());
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
            return std::move(*cached);
        }
    }
    VersionTables tables;
    auto database = project.open_database(db::OpenMode::read_only);
    tables.heads = database->current_heads();
    if (!tables.heads.empty()) {
        tables.history = database->history();
        for (db::HistoryEntry& entry : tables.history) {
            entry.record.downgrade_sql.reset();  // the same rows as the cache gives
        }
    }
    if (cacheable) {
        write_cache(file, *token, tables);
    }
    return tables;
}

}  // namespace mig::workflow
