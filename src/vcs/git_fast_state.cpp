#include "vcs/git_fast_state.hpp"

#include "util/file_descriptor.hpp"
#include "util/file_io.hpp"

#include <algorithm>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <set>
#include <string_view>
#include <sys/stat.h>

namespace mig::vcs::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t k_type_mask = 0170000;
constexpr std::uint32_t k_type_link = 0120000;
constexpr std::uint32_t k_type_file = 0100000;
constexpr std::uint32_t k_type_submodule = 0160000;

// Seconds match, and nanoseconds too when git recorded them (a git built without USE_NSEC
// writes 0 and compares seconds only).
bool same_time(std::uint32_t seconds, std::uint32_t nanoseconds, const timespec& actual) {
    return seconds == static_cast<std::uint32_t>(actual.tv_sec) &&
           (nanoseconds == 0 || nanoseconds == static_cast<std::uint32_t>(actual.tv_nsec));
}

// git's racy-git rule: a file changed in the same clock tick as the index was written may
// differ with the same stat data, so git compares its content. Here: not sure.
bool racily_clean(const IndexEntry& entry, const IndexFile& index) {
    if (entry.mtime_seconds != index.mtime_seconds) {
        return entry.mtime_seconds > index.mtime_seconds;
    }
    return entry.mtime_nanoseconds == 0 || entry.mtime_nanoseconds >= index.mtime_nanoseconds;
}

// lstat for every tracked file, relative to its folder's descriptor: the kernel then resolves
// one name instead of the whole path (the index lists a folder's files together).
class FolderStat {
public:
    explicit FolderStat(std::string root) : m_root(std::move(root)) {}

    bool lstat(const std::string& path, struct stat& info) {
        const std::size_t slash = path.rfind('/');
        const std::string_view folder = slash == std::string::npos
                                            ? std::string_view()
                                            : std::string_view(path).substr(0, slash);
        if (!m_fd || folder != m_folder) {
            m_folder = folder;
            m_fd.emplace(::open((m_root + m_folder).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        }
        const char* name = path.c_str() + (slash == std::string::npos ? 0 : slash + 1);
        return m_fd->get() >= 0 && ::fstatat(m_fd->get(), name, &info, AT_SYMLINK_NOFOLLOW) == 0;
    }

private:
    std::string m_root;  // with a trailing `/`
    std::string m_folder;
    std::optional<util::FileDescriptor> m_fd;
};

// The file at `entry.path` is what the index recorded, by git's stat test.
bool unchanged(FolderStat& files, const IndexEntry& entry, const IndexFile& index) {
    if (entry.stage != 0 || entry.special) {
        return false;
    }
    const std::uint32_t type = entry.mode & k_type_mask;
    if (type == k_type_submodule) {
        return true;  // mig's status leaves submodules out
    }
    struct stat info {};
    if (!files.lstat(entry.path, info)) {
        return false;
    }
    const bool right_type = type == k_type_link   ? S_ISLNK(info.st_mode)
                            : type == k_type_file ? S_ISREG(info.st_mode)
                                                  : false;
    if (!right_type) {
        return false;
    }
    if (type == k_type_file && ((entry.mode & 0111U) != 0) != ((info.st_mode & S_IXUSR) != 0)) {
        return false;
    }
    return entry.size == static_cast<std::uint32_t>(info.st_size) &&
           entry.inode == static_cast<std::uint32_t>(info.st_ino) &&
           same_time(entry.mtime_seconds, entry.mtime_nanoseconds, info.st_mtim) &&
           same_time(entry.ctime_seconds, entry.ctime_nanoseconds, info.st_ctim) &&
           !racily_clean(entry, index);
}

// The entries whose path starts with `prefix` (a range of the sorted entries).
std::pair<std::vector<IndexEntry>::const_iterator, std::vector<IndexEntry>::const_iterator>
entries_below(const IndexFile& index, const std::string& prefix) {
    auto first = std::lower_bound(
        index.entries.begin(), index.entries.end(), prefix,
        [](const IndexEntry& entry, const std::string& value) { return entry.path < value; });
    auto last = first;
    while (last != index.entries.end() && last->path.starts_with(prefix)) {
        ++last;
    }
    return {first, last};
}

// The names in `folder`, sorted as git sorts paths (bytes); nullopt when it cannot be read or
// holds a subfolder (or anything whose type readdir does not tell).
std::optional<std::vector<std::string>> file_names(const std::string& folder) {
    DIR* dir = ::opendir(folder.c_str());
    if (dir == nullptr) {
        return std::nullopt;
    }
    std::vector<std::string> names;
    bool plain = true;
    while (const dirent* item = ::readdir(dir)) {
        const std::string_view name = item->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        if (item->d_type != DT_REG && item->d_type != DT_LNK) {
            plain = false;
            break;
        }
        names.emplace_back(name);
    }
    ::closedir(dir);
    if (!plain) {
        return std::nullopt;
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string stat_key(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return path.string() + ":-";
    }
    return path.string() + ":" + std::to_string(info.st_size) + ":" +
           std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) + ":" +
           std::to_string(info.st_ino);
}

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::string(name) + "=" + value : std::string();
}

}  // namespace

FastGitState::FastGitState(GitLayout layout, fs::path facts_file)
    : m_layout(std::move(layout)), m_facts(std::make_unique<GitFacts>(std::move(facts_file))) {}

const std::optional<HeadFile>& FastGitState::head() const {
    if (!m_head_read) {
        m_head = read_head_file(m_layout);
        m_head_read = true;
    }
    return m_head;
}

const IndexFile* FastGitState::index() const {
    if (!m_index_read) {
        m_index = read_index_file(m_layout.git_dir / "index");
        m_index_read = true;
    }
    return m_index ? &*m_index : nullptr;
}

void FastGitState::forget() {
    m_head_read = false;
    m_index_read = false;
    m_head.reset();
    m_index.reset();
}

std::string FastGitState::clean_key(const HeadFile& head, const IndexFile& index,
                                    const std::string& prefix) const {
    return "clean " + head.commit.value_or("-") + " " + index.checksum + " " + prefix;
}

bool FastGitState::known_clean(const std::string& prefix, bool with_untracked) const {
    const std::optional<HeadFile>& head = this->head();
    const IndexFile* index = this->index();
    if (!head || !head->commit || index == nullptr) {
        return false;
    }
    m_clean_head = head->commit;
    m_clean_index = index->checksum;
    if (!m_facts->find(clean_key(*head, *index, prefix))) {
        return false;
    }
    const std::string root = (m_layout.work_tree / "").string();
    const auto [first, last] = entries_below(*index, prefix);
    FolderStat files(root);
    for (auto entry = first; entry != last; ++entry) {
        if (!unchanged(files, *entry, *index)) {
            return false;
        }
    }
    if (!with_untracked) {
        return true;
    }
    // The folder must hold exactly the index's files below it: the same sorted names.
    const std::optional<std::vector<std::string>> names = file_names(root + prefix);
    if (!names || names->size() != static_cast<std::size_t>(last - first)) {
        return false;
    }
    auto entry = first;
    for (const std::string& name : *names) {
        if (entry->path.compare(prefix.size(), std::string::npos, name) != 0) {
            return false;
        }
        ++entry;
    }
    return true;
}

void FastGitState::remember_clean(const std::string& prefix) {
    const std::optional<std::string> asked_head = m_clean_head;
    const std::optional<std::string> asked_index = m_clean_index;
    forget();
    const std::optional<HeadFile>& head = this->head();
    const IndexFile* index = this->index();
    if (!asked_head || !asked_index || !head || head->commit != asked_head || index == nullptr ||
        index->checksum != *asked_index) {
        return;
    }
    m_facts->remember(clean_key(*head, *index, prefix), "1");
}

std::optional<bool> FastGitState::index_tracks(const std::string& path) const {
    const IndexFile* index = this->index();
    if (index == nullptr) {
        return std::nullopt;
    }
    const auto found = std::lower_bound(
        index->entries.begin(), index->entries.end(), path,
        [](const IndexEntry& entry, const std::string& value) { return entry.path < value; });
    return found != index->entries.end() && found->path == path;
}

std::optional<std::string> FastGitState::config_signature() const {
    // The files libgit2 1.5 reads (git_config_open_default and the repository's own), and the
    // variables that move them.
    std::vector<fs::path> files{m_layout.common_dir / "config", "/etc/gitconfig"};
    if (m_layout.git_dir != m_layout.common_dir) {
        files.push_back(m_layout.git_dir / "config.worktree");
    }
    if (const char* home = std::getenv("HOME")) {
        files.push_back(fs::path(home) / ".gitconfig");
        files.push_back(fs::path(home) / ".config" / "git" / "config");
    }
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME")) {
        files.push_back(fs::path(xdg) / "git" / "config");
    }
    std::string signature;
    for (const char* name : {"HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL",
                             "GIT_CONFIG_SYSTEM", "GIT_CONFIG"}) {
        signature += environment(name) + ";";
    }
    for (const fs::path& file : files) {
        std::error_code error;
        if (fs::exists(file, error)) {
            std::string content;
            try {
                content = util::read_file(file);
            } catch (const std::exception&) {
                return std::nullopt;
            }
            if (content.find("include") != std::string::npos) {
                return std::nullopt;
            }
        }
        signature += stat_key(file) + ";";
    }
    return signature;
}

std::vector<std::string> files_in_the_way(const fs::path& root,
                                          const std::vector<std::string>& incoming,
                                          const std::function<bool(const std::string&)>& tracked) {
    std::set<std::string> found;
    for (const std::string& path : incoming) {
        bool blocked = false;
        for (std::size_t slash = path.find('/'); slash != std::string::npos && !blocked;
             slash = path.find('/', slash + 1)) {
            const std::string folder = path.substr(0, slash);
            struct stat info {};
            if (::lstat((root / folder).c_str(), &info) != 0) {
                blocked = true;  // no such folder: nothing deeper exists either
            } else if (!S_ISDIR(info.st_mode)) {
                if (!tracked(folder)) {
                    found.insert(folder);
                }
                blocked = true;
            }
        }
        if (blocked) {
            continue;
        }
        struct stat info {};
        if (::lstat((root / path).c_str(), &info) != 0) {
            continue;
        }
        if (!S_ISDIR(info.st_mode)) {
            if (!tracked(path)) {
                found.insert(path);
            }
            continue;
        }
        std::error_code error;
        for (auto item = fs::recursive_directory_iterator(root / path, error);
             item != fs::recursive_directory_iterator(); item.increment(error)) {
            if (!item->is_directory(error)) {
                const std::string file = item->path().lexically_relative(root).generic_string();
                if (!tracked(file)) {
                    found.insert(file);
                }
            }
        }
    }
    return {found.begin(), found.end()};
}

}  // namespace mig::vcs::detail
