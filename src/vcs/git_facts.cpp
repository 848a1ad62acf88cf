#include "vcs/git_facts.hpp"

#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <string_view>

namespace mig::vcs::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_header = "mig git facts 1\n";
// Enough for every answer a project needs; past it the old ones go (they come back on demand).
constexpr std::size_t k_most_facts = 20000;

}  // namespace

GitFacts::GitFacts(fs::path file) : m_file(std::move(file)) {}

GitFacts::~GitFacts() {
    save();
}

void GitFacts::load() const {
    m_loaded = true;
    std::error_code error;
    if (m_file.empty() || !fs::exists(m_file, error)) {
        return;
    }
    std::string content;
    try {
        content = util::read_file(m_file);
    } catch (const std::exception&) {
        return;
    }
    if (!content.starts_with(k_header)) {
        return;  // another version's file: start again
    }
    std::string_view rest = std::string_view(content).substr(k_header.size());
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        if (end == std::string_view::npos) {
            break;  // a torn last line: ignored
        }
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end + 1);
        const std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos) {
            continue;
        }
        auto key = util::unescape_field(line.substr(0, tab));
        auto value = util::unescape_field(line.substr(tab + 1));
        if (key && value) {
            m_facts[std::move(*key)] = std::move(*value);
        }
    }
}

std::optional<std::string> GitFacts::find(const std::string& key) const {
    if (!m_loaded) {
        load();
    }
    const auto found = m_facts.find(key);
    return found == m_facts.end() ? std::nullopt : std::optional<std::string>(found->second);
}

void GitFacts::remember(const std::string& key, const std::string& value) {
    if (m_file.empty()) {
        return;
    }
    if (!m_loaded) {
        load();
    }
    m_facts[key] = value;
    m_new[key] = value;
}

void GitFacts::save() noexcept {
    if (m_new.empty()) {
        return;
    }
    try {
        const std::map<std::string, std::string>& kept =
            m_facts.size() > k_most_facts ? m_new : m_facts;
        std::string content(k_header);
        for (const auto& [key, value] : kept) {
            content += util::escape_field(key) + '\t' + util::escape_field(value) + '\n';
        }
        // The state folder's `.gitignore` keeps the file out of git even when it is the first
        // thing mig writes there. A failure only makes the next run slower.
        if (util::write_cache_file(m_file, content).empty()) {
            m_new.clear();
        }
    } catch (const std::exception&) {
        // A cache: the answers are right without it, only the next run is slower.
    }
}

}  // namespace mig::vcs::detail
