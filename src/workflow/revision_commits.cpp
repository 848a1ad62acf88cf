#include "workflow/revision_commits.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"

#include <spdlog/spdlog.h>

#include <sstream>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_cache_name = "revision-commits";
constexpr const char* k_cache_magic = "mig-revision-commits 1";

// The cache file: a header naming HEAD and the folder, then "<commit> <path>" lines. A file
// whose header does not match (another HEAD, another folder, another format) is a miss.
std::string header_for(const std::string& head, const std::string& dir) {
    return std::string(k_cache_magic) + " " + head + " " + dir + "\n";
}

std::optional<std::map<std::string, std::string>> read_cache(const fs::path& file,
                                                             const std::string& header) {
    std::optional<std::string> content;
    try {
        content = util::read_file_if_exists(file);
    } catch (const Error&) {
        return std::nullopt;  // unreadable: recompute
    }
    if (!content || !content->starts_with(header) || content->back() != '\n') {
        return std::nullopt;
    }
    std::map<std::string, std::string> commits;
    std::istringstream lines(content->substr(header.size()));
    std::string line;
    while (std::getline(lines, line)) {
        auto space = line.find(' ');
        if (space != 40 || line.size() <= 41) {
            return std::nullopt;  // damaged: recompute
        }
        commits.emplace(line.substr(41), line.substr(0, 40));
    }
    return commits;
}

}  // namespace

std::string path_in_repository(const vcs::Repository& repository, const fs::path& path) {
    std::error_code error;
    fs::path root = fs::weakly_canonical(repository.workdir(), error);
    fs::path relative = fs::weakly_canonical(path, error).lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") {
        return {};
    }
    return relative == "." ? std::string() : relative.generic_string();
}

std::map<std::string, std::string> revision_file_commits(const vcs::Repository& repository,
                                                         const fs::path& versions,
                                                         const fs::path& cache_dir) {
    const std::optional<std::string> head = repository.head().commit;
    const std::string dir = path_in_repository(repository, versions);
    if (!head || dir.empty()) {
        return {};  // no commit yet, or the folder lies outside the work tree
    }
    const fs::path file = cache_dir / k_cache_name;
    const std::string header = header_for(*head, dir);
    if (auto cached = read_cache(file, header)) {
        return *cached;
    }
    std::map<std::string, std::string> commits;
    std::string content = header;
    for (const vcs::FileAddition& addition : repository.first_parent_additions(dir)) {
        commits.emplace(addition.path, addition.commit);
    }
    for (const auto& [path, commit] : commits) {
        content += commit + " " + path + "\n";
    }
    if (const std::string failure = util::write_cache_file(file, content); !failure.empty()) {
        spdlog::debug("cannot write {}: {}", file.string(), failure);  // only slower
    }
    return commits;
}

}  // namespace mig::workflow
