#include "vcs/git_refs.hpp"

#include "util/file_io.hpp"

#include <algorithm>
#include <map>
#include <string_view>

namespace mig::vcs::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_symbolic = "ref: ";
constexpr std::string_view k_heads = "refs/heads/";

std::optional<std::string> read_text(const fs::path& path) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        return std::nullopt;
    }
    try {
        return util::read_file(path);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// A loose reference file's commit id: "<40 hex>\n". nullopt for anything else (a symbolic
// reference, a damaged file).
std::optional<std::string> loose_id(const std::string& content) {
    std::string id = content;
    if (!id.empty() && id.back() == '\n') {
        id.pop_back();
    }
    return is_object_id(id) ? std::optional<std::string>(id) : std::nullopt;
}

// packed-refs: "<id> <name>" lines, after an optional "# pack-refs with:" header; "^<id>"
// lines peel the tag above. nullopt when a line is not one of these.
std::optional<std::map<std::string, std::string>> packed_references(const GitLayout& layout) {
    std::map<std::string, std::string> refs;
    const fs::path file = layout.common_dir / "packed-refs";
    std::error_code error;
    if (!fs::exists(file, error)) {
        return refs;
    }
    const std::optional<std::string> content = read_text(file);
    if (!content) {
        return std::nullopt;
    }
    std::string_view rest = *content;
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (line.empty() || line.front() == '#' || line.front() == '^') {
            continue;
        }
        if (line.size() < 42 || line[40] != ' ' || !is_object_id(std::string(line.substr(0, 40)))) {
            return std::nullopt;
        }
        refs.emplace(std::string(line.substr(41)), std::string(line.substr(0, 40)));
    }
    return refs;
}

// Loose branch files below `dir`, named `prefix` + their path.
bool collect_loose(const fs::path& dir, const std::string& prefix,
                   std::map<std::string, std::optional<std::string>>& out) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        const std::string name = prefix + entry.path().filename().string();
        if (entry.is_directory(error)) {
            if (!collect_loose(entry.path(), name + "/", out)) {
                return false;
            }
        } else if (entry.is_regular_file(error)) {
            const std::optional<std::string> content = read_text(entry.path());
            if (!content) {
                return false;
            }
            if (content->starts_with(k_symbolic)) {
                out[name] = std::nullopt;  // symbolic: skipped, as libgit2's listing does
            } else if (std::optional<std::string> id = loose_id(*content)) {
                out[name] = *id;
            } else {
                return false;
            }
        }
    }
    return !error;
}

}  // namespace

bool is_object_id(const std::string& text) {
    return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::optional<std::optional<std::string>> read_reference(const GitLayout& layout,
                                                         const std::string& name) {
    if (name.find("..") != std::string::npos || !name.starts_with("refs/")) {
        return std::nullopt;
    }
    const fs::path loose = layout.common_dir / name;
    std::error_code error;
    if (fs::exists(loose, error)) {
        const std::optional<std::string> content = read_text(loose);
        if (!content) {
            return std::nullopt;
        }
        std::optional<std::string> id = loose_id(*content);
        if (!id) {
            return std::nullopt;  // symbolic or damaged: libgit2 resolves it
        }
        return std::optional<std::string>(*id);
    }
    const auto packed = packed_references(layout);
    if (!packed) {
        return std::nullopt;
    }
    const auto found = packed->find(name);
    if (found == packed->end()) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(found->second);
}

std::optional<HeadFile> read_head_file(const GitLayout& layout) {
    const std::optional<std::string> content = read_text(layout.git_dir / "HEAD");
    if (!content) {
        return std::nullopt;
    }
    HeadFile head;
    if (!content->starts_with(k_symbolic)) {
        head.commit = loose_id(*content);
        return head.commit ? std::optional<HeadFile>(head) : std::nullopt;
    }
    std::string target = content->substr(k_symbolic.size());
    if (!target.empty() && target.back() == '\n') {
        target.pop_back();
    }
    // refs/heads/.invalid is the placeholder of the reftable format, which this reader does
    // not know.
    if (!target.starts_with(k_heads) || target == "refs/heads/.invalid") {
        return std::nullopt;
    }
    const auto commit = read_reference(layout, target);
    if (!commit) {
        return std::nullopt;
    }
    head.branch = target;
    head.commit = *commit;
    return head;
}

std::optional<std::vector<std::pair<std::string, std::string>>> read_branches(
    const GitLayout& layout) {
    const auto packed = packed_references(layout);
    if (!packed) {
        return std::nullopt;
    }
    std::map<std::string, std::optional<std::string>> branches;
    for (const auto& [name, id] : *packed) {
        if (name.starts_with(k_heads)) {
            branches[name.substr(k_heads.size())] = id;
        }
    }
    std::error_code error;
    const fs::path loose = layout.common_dir / "refs" / "heads";
    if (fs::is_directory(loose, error) && !collect_loose(loose, "", branches)) {
        return std::nullopt;  // a loose file overrides its packed line
    }
    std::vector<std::pair<std::string, std::string>> result;
    for (const auto& [name, id] : branches) {
        if (id) {
            result.emplace_back(name, *id);
        }
    }
    return result;
}

}  // namespace mig::vcs::detail
