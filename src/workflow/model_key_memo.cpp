#include "workflow/model_key_memo.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <sys/stat.h>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_format = "mig-model-key 1 ";
constexpr std::int64_t k_racy_window_ns = 2'000'000'000;

std::int64_t nanoseconds(const timespec& time) {
    return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

// One line per file: "<size> <mtime ns> <ctime ns> <inode> <path>", or nullopt when the file
// cannot be stat'ed (the caller then reads it and reports the error).
std::optional<std::string> stat_line(const fs::path& file, std::int64_t& newest) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) {
        return std::nullopt;
    }
    newest = std::max(newest, nanoseconds(info.st_mtim));
    return std::to_string(info.st_size) + " " + std::to_string(nanoseconds(info.st_mtim)) + " " +
           std::to_string(nanoseconds(info.st_ctim)) + " " + std::to_string(info.st_ino) + " " +
           file.string() + "\n";
}

// The memo's text for `files` as they are now, without the key line; `newest` gets the latest
// modification time among them.
std::optional<std::string> files_text(const std::vector<fs::path>& files, const std::string& salt,
                                      std::int64_t& newest) {
    std::string text = std::string(k_format) + salt + "\n";
    for (const fs::path& file : files) {
        std::optional<std::string> line = stat_line(file, newest);
        if (!line) {
            return std::nullopt;
        }
        text += *line;
    }
    return text;
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

ModelKeyMemo::ModelKeyMemo(fs::path memo_file, const std::vector<fs::path>& files,
                           const std::string& salt)
    : m_memo_file(std::move(memo_file)), m_taken(now_ns()) {
    m_files_text = files_text(files, salt, m_newest);
}

std::optional<std::string> ModelKeyMemo::remembered() const {
    if (!m_files_text) {
        return std::nullopt;
    }
    std::optional<std::string> memo;
    try {
        memo = util::read_file_if_exists(m_memo_file);
    } catch (const Error&) {
        return std::nullopt;
    }
    // "<files text>written <ns>\nkey <key>\n"
    if (!memo || !memo->starts_with(*m_files_text) || !memo->ends_with('\n')) {
        return std::nullopt;
    }
    std::string_view rest = std::string_view(*memo).substr(m_files_text->size());
    constexpr std::string_view k_written = "written ";
    constexpr std::string_view k_key = "key ";
    const std::size_t end = rest.find('\n');
    if (!rest.starts_with(k_written) || end == std::string_view::npos) {
        return std::nullopt;
    }
    std::int64_t written = 0;
    try {
        written = std::stoll(std::string(rest.substr(k_written.size(), end - k_written.size())));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (m_newest >= written - k_racy_window_ns) {
        return std::nullopt;  // changed too close to the memo: equal times may hide an edit
    }
    rest.remove_prefix(end + 1);
    if (!rest.starts_with(k_key) || rest.size() <= k_key.size() + 1) {
        return std::nullopt;
    }
    return std::string(rest.substr(k_key.size(), rest.size() - k_key.size() - 1));
}

void ModelKeyMemo::remember(const std::string& key) const {
    if (!m_files_text) {
        return;
    }
    const std::string memo =
        *m_files_text + "written " + std::to_string(m_taken) + "\nkey " + key + "\n";
    if (const std::string failure = util::write_cache_file(m_memo_file, memo); !failure.empty()) {
        spdlog::debug("cannot write {}: {}", m_memo_file.string(), failure);  // only slower
    }
}

}  // namespace mig::workflow
