#include "importer/reader_support.hpp"

#include "script/revision_script.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"

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

}  // namespace mig::importer
