#include "importer/reader_support.hpp"

#include "script/revision_script.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <map>
#include <system_error>

namespace mig::importer {

namespace fs = std::filesystem;

std::vector<fs::path> list_files(const fs::path& dir, bool recursive) {
    std::error_code error;
    if (!fs::is_directory(dir, error)) {
        throw InputError("no folder at " + dir.string(),
                         "give the folder that holds the migrations to import");
    }
    std::vector<fs::path> files;
    auto add = [&](const fs::directory_entry& entry) {
        if (entry.is_regular_file()) {
            files.push_back(entry.path().lexically_relative(dir));
        }
    };
    if (recursive) {
        for (const auto& entry : fs::recursive_directory_iterator(dir)) {
            add(entry);
        }
    } else {
        for (const auto& entry : fs::directory_iterator(dir)) {
            add(entry);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_text(const fs::path& file) {
    return util::read_regular_file(file);
}

std::optional<std::string> decimal_key(std::string_view digits) {
    if (digits.empty() ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    std::size_t first = digits.find_first_not_of('0');
    return first == std::string_view::npos ? std::string("0") : std::string(digits.substr(first));
}

bool decimal_less(const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

std::string revision_id_for(std::string_view source_id) {
    std::string id;
    for (char c : source_id) {
        bool valid =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        id += valid ? c : '_';
    }
    if (id == "head" || id == "heads" || id == "base") {
        id += '_';
    }
    return id;
}

std::string words_of(std::string_view name) {
    std::string words;
    for (char c : name) {
        char out = (c == '_' || c == '-') ? ' ' : c;
        if (out == ' ' && (words.empty() || words.back() == ' ')) {
            continue;
        }
        words += out;
    }
    while (!words.empty() && words.back() == ' ') {
        words.pop_back();
    }
    return words;
}

void finish_linear(ImportedHistory& history, Linking linking) {
    std::map<std::string, const ImportedMigration*> by_id;
    std::string previous;
    for (ImportedMigration& migration : history.migrations) {
        if (migration.revision_id.size() > script::k_max_revision_id_length) {
            throw InputError(migration.source_file + ": the version " + migration.source_id +
                                 " is longer than a revision id may be (" +
                                 std::to_string(script::k_max_revision_id_length) + ")",
                             "shorten the version in the file name before importing");
        }
        auto [it, added] = by_id.emplace(migration.revision_id, &migration);
        if (!added) {
            throw InputError(it->second->source_file + " and " + migration.source_file +
                                 " both become revision " + migration.revision_id,
                             "give one of them another version before importing");
        }
        std::string origin = std::string(format_name(history.format)) + " " + migration.source_id;
        migration.message =
            migration.description.empty() ? origin : migration.description + " (" + origin + ")";
        if (linking == Linking::chain && !previous.empty()) {
            migration.parents.push_back(previous);
        }
        previous = migration.revision_id;
    }
}

std::string tidy_sql(std::string_view sql) {
    std::size_t end = sql.find_last_not_of(" \t\r\n");
    if (end == std::string_view::npos) {
        return {};
    }
    std::size_t begin = 0;
    // Leading blank lines only (indentation of the first statement is kept).
    while (true) {
        std::size_t newline = sql.find('\n', begin);
        if (newline == std::string_view::npos || newline > end) {
            break;
        }
        std::string_view line = sql.substr(begin, newline - begin);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
            break;
        }
        begin = newline + 1;
    }
    return std::string(sql.substr(begin, end + 1 - begin)) + "\n";
}

ImportedMigration migration_named(const std::string& file_name, const std::string& version) {
    ImportedMigration migration;
    migration.source_id = version;
    migration.revision_id = revision_id_for(version);
    std::string stem = file_name.substr(0, file_name.size() - std::string_view(".sql").size());
    migration.description =
        words_of(stem.size() > version.size() ? stem.substr(version.size() + 1) : "");
    migration.source_file = file_name;
    return migration;
}

bool LineCursor::next() {
    if (m_begin >= m_text.size()) {
        return false;
    }
    std::size_t end = m_text.find('\n', m_begin);
    std::size_t next = end == std::string_view::npos ? m_text.size() : end + 1;
    m_line = m_text.substr(m_begin, next - m_begin);
    m_begin = next;
    ++m_number;
    return true;
}

void UpDownSections::open(bool up, int number) {
    int& seen = up ? m_up_line : m_down_line;
    if (seen != 0) {
        throw ParseError(m_file, number,
                         "a second `" + (up ? m_markers.up : m_markers.down) +
                             "` (the first is on line " + std::to_string(seen) + ")",
                         "keep one " + m_markers.unit + " of each");
    }
    seen = number;
    m_current = up ? &m_up : &m_down;
}

void UpDownSections::add(std::string_view line, int number) {
    if (m_current != nullptr) {
        m_current->append(line);
        return;
    }
    std::string_view text = util::trim(line);
    if (!text.empty() && !text.starts_with("--")) {
        throw ParseError(m_file, number, "SQL before `" + m_markers.up + "`",
                         m_markers.tool + " runs only its " + m_markers.unit +
                             "s: move it under `" + m_markers.up + "`");
    }
}

void UpDownSections::finish(ImportedMigration& migration) const {
    if (m_up_line == 0) {
        throw ParseError(m_file, 1, "no `" + m_markers.up + "` " + m_markers.unit,
                         m_markers.tool + " requires one; add it before the migration's SQL");
    }
    migration.upgrade_sql = tidy_sql(m_up);
    if (!tidy_sql(m_down).empty()) {
        migration.downgrade_sql = tidy_sql(m_down);
    }
}

}  // namespace mig::importer
