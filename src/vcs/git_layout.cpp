#include "vcs/git_layout.hpp"

#include "util/file_io.hpp"

#include <cctype>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace mig::vcs::detail {

namespace fs = std::filesystem;

namespace {

std::optional<struct stat> stat_of(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return std::nullopt;
    }
    return info;
}

std::optional<std::string> read_small_file(const fs::path& path) {
    try {
        return util::read_file(path);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.pop_back();
    }
    return text;
}

std::string lowercase(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

// `core.worktree` moves the work tree elsewhere and `core.bare` removes it: both are rare, and
// libgit2 knows them; any mention of either sends the caller there.
bool config_is_plain(const fs::path& common_dir) {
    const std::optional<std::string> config = read_small_file(common_dir / "config");
    if (!config) {
        return false;
    }
    const std::string text = lowercase(*config);
    return text.find("worktree") == std::string::npos &&
           text.find("bare = true") == std::string::npos &&
           text.find("bare=true") == std::string::npos;
}

// The layout for `work_tree`, whose `.git` entry exists.
std::optional<GitLayout> layout_at(const fs::path& work_tree) {
    const fs::path dot_git = work_tree / ".git";
    std::error_code error;
    GitLayout layout{work_tree, dot_git, dot_git};
    if (fs::is_regular_file(dot_git, error)) {
        // A linked worktree or a submodule: `gitdir: PATH`, relative to the work tree.
        const std::optional<std::string> file = read_small_file(dot_git);
        if (!file || !file->starts_with("gitdir: ")) {
            return std::nullopt;
        }
        fs::path target = trimmed(file->substr(8));
        layout.git_dir = (target.is_absolute() ? target : work_tree / target).lexically_normal();
        layout.common_dir = layout.git_dir;
    } else if (!fs::is_directory(dot_git, error)) {
        return std::nullopt;
    }
    if (const std::optional<std::string> common = read_small_file(layout.git_dir / "commondir")) {
        fs::path target = trimmed(*common);
        layout.common_dir =
            (target.is_absolute() ? target : layout.git_dir / target).lexically_normal();
    }
    const std::optional<struct stat> git_dir = stat_of(layout.git_dir);
    if (!git_dir || git_dir->st_uid != ::geteuid() ||
        !fs::is_regular_file(layout.git_dir / "HEAD", error) ||
        !fs::is_directory(layout.common_dir / "objects", error) ||
        !config_is_plain(layout.common_dir)) {
        return std::nullopt;
    }
    return layout;
}

}  // namespace

std::optional<GitLayout> find_git_layout(const fs::path& start) {
    std::error_code error;
    fs::path dir = fs::absolute(start, error).lexically_normal();
    if (error) {
        return std::nullopt;
    }
    if (!dir.has_filename()) {
        dir = dir.parent_path();  // "/a/b/" -> "/a/b"
    }
    const std::optional<struct stat> first = stat_of(dir);
    if (!first) {
        return std::nullopt;
    }
    while (true) {
        const std::optional<struct stat> here = stat_of(dir);
        if (!here || here->st_dev != first->st_dev) {
            return std::nullopt;  // libgit2 does not cross file systems either
        }
        struct stat entry {};
        if (::lstat((dir / ".git").c_str(), &entry) == 0) {
            return layout_at(dir);
        }
        if (dir == dir.root_path()) {
            return std::nullopt;
        }
        dir = dir.parent_path();
    }
}

}  // namespace mig::vcs::detail
