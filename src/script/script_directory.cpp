#include "script/script_directory.hpp"

#include "script/content_cache.hpp"
#include "script/versions_dir.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <dirent.h>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace mig::script {

namespace fs = std::filesystem;

namespace {

// Every `*.sql` entry of versions/ is meant as a revision; one mig cannot read as a file is
// refused rather than skipped, so that a revision never silently drops out of the graph.
// False for an entry that vanished while listing: it is no longer part of the graph.
bool require_regular_file(const fs::path& versions_dir, std::string_view name) {
    const fs::path path = versions_dir / name;
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (fs::is_regular_file(status)) {
        return true;
    }
    const std::string shown =
        (versions_dir.parent_path().filename() / versions_dir.filename() / std::string(name))
            .string();
    std::string what;
    if (fs::is_directory(status)) {
        what = "is a directory, not a revision file";
    } else if (status.type() == fs::file_type::not_found &&
               fs::is_symlink(fs::symlink_status(path, error))) {
        what = "is a symbolic link to a file that does not exist";
    } else if (status.type() == fs::file_type::not_found) {
        return false;
    } else {
        what = "is not a regular file";
    }
    throw InputError(shown + ": " + what,
                     "every *.sql entry in versions/ must be a revision file: rename or move it");
}

// The names of the revision files in `versions_dir`, sorted: directory order differs between
// file systems, and the graph's input order (and so its tie-breaking) must not. Plain names,
// because comparing fs::path objects allocates and this runs over thousands of files.
std::vector<std::string> list_revision_files(const fs::path& versions_dir) {
    // readdir directly: directory_iterator builds a full path object per entry, which
    // costs more than the rest of loading a cached file.
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(versions_dir.c_str()), ::closedir);
    if (!dir) {
        throw InputError("cannot list " + versions_dir.string() + ": " + std::strerror(errno));
    }
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(dir.get())) {
        std::string_view name = entry->d_name;
        if (!name.ends_with(".sql") || name.starts_with(".")) {
            continue;
        }
        if (entry->d_type == DT_REG || require_regular_file(versions_dir, name)) {
            names.emplace_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

namespace {

// A parsed header as the content cache keeps it: each field's length (8 bytes, this
// machine's order: the cache never leaves it) and bytes, in a fixed order. The parse it
// replaces checked the whole file, so only valid files have one.
constexpr std::string_view k_header_format = "h1";

void append_field(std::string& out, std::string_view field) {
    const std::uint64_t size = field.size();
    out.append(reinterpret_cast<const char*>(&size), sizeof size);
    out.append(field);
}

bool take_field(std::string_view& in, std::string& field) {
    std::uint64_t size = 0;
    if (in.size() < sizeof size) {
        return false;
    }
    std::memcpy(&size, in.data(), sizeof size);
    in.remove_prefix(sizeof size);
    if (in.size() < size) {
        return false;
    }
    field.assign(in.substr(0, size));
    in.remove_prefix(size);
    return true;
}

std::string encode_header(const graph::Revision& revision) {
    std::string out(k_header_format);
    append_field(out, revision.id);
    append_field(out, util::join(revision.parents, " "));
    append_field(out, revision.message);
    append_field(out, revision.created);
    return out;
}

std::optional<graph::Revision> decode_header(std::string_view in) {
    if (!in.starts_with(k_header_format)) {
        return std::nullopt;
    }
    in.remove_prefix(k_header_format.size());
    graph::Revision revision;
    std::string parents;
    if (!take_field(in, revision.id) || !take_field(in, parents) ||
        !take_field(in, revision.message) || !take_field(in, revision.created) || !in.empty() ||
        revision.id.empty()) {
        return std::nullopt;
    }
    revision.parents = util::split_whitespace(parents);
    return revision;
}

}  // namespace

ScriptDirectory::ScriptDirectory(fs::path migrations_dir, fs::path cache_dir,
                                 std::shared_ptr<const RevisionSource> source)
    : m_root(std::move(migrations_dir)),
      m_cache_dir(std::move(cache_dir)),
      m_source(std::move(source)) {}

std::vector<std::string> ScriptDirectory::file_names() const {
    if (m_source) {
        return m_source->names();
    }
    const fs::path versions = versions_dir();
    require_versions_dir(versions);
    return list_revision_files(versions);
}

std::string ScriptDirectory::visit_files(
    const std::vector<std::string>& names, const FileVisitor& visit,
    const std::function<std::string(std::size_t)>& derive) const {
    const fs::path versions = versions_dir();
    // Errors name the file as the user sees it from the project (migrations/versions/x.sql).
    // One buffer for every display name: they are only read while parsing.
    std::string display = versions.lexically_relative(m_root.parent_path()).string() + "/";
    const std::size_t prefix_size = display.size();
    auto display_name = [&](const std::string& name) -> const std::string& {
        display.resize(prefix_size);
        display += name;
        return display;
    };
    if (m_source) {
        m_source->visit_all(names,
                            [&](std::size_t i, std::string_view content, std::string_view sha256) {
                                visit(names[i], {content, sha256, {}}, display_name(names[i]));
                            });
        return {};
    }
    if (!m_cache_dir.empty()) {
        ContentCache cache(m_cache_dir);
        cache.visit_all(
            versions, names,
            [&](std::size_t i, const ContentCache::File& file) {
                visit(names[i], file, display_name(names[i]));
            },
            derive);
        return cache.generation();
    }
    for (const auto& name : names) {
        const std::string content = read_revision_file(versions / name);
        visit(name, {content, {}, {}}, display_name(name));
    }
    return {};
}

std::vector<RevisionScript> ScriptDirectory::load_scripts(LoadMode mode) const {
    const std::vector<std::string> names = file_names();
    std::vector<RevisionScript> scripts;
    scripts.reserve(names.size());
    const std::string prefix = versions_dir().native() + "/";
    visit_files(names, [&](const std::string& name, const ContentCache::File& file,
                           const std::string& display) {
        RevisionScript script = mode == LoadMode::headers
                                    ? parse_revision_header(file.content, display)
                                    : parse_revision_file(std::string(file.content), display);
        script.revision.path = prefix + name;
        script.sha256 = file.sha256;
        scripts.push_back(std::move(script));
    });
    return scripts;
}

void ScriptDirectory::load(LoadMode mode) {
    const std::vector<std::string> names = file_names();
    // Sized once: growing these vectors moves every revision read so far, again and again.
    std::vector<graph::Revision> revisions;
    revisions.reserve(names.size());
    std::vector<RevisionScript> scripts;
    std::vector<std::string> checksums;
    if (mode == LoadMode::full) {
        scripts.reserve(names.size());
    } else {
        checksums.reserve(names.size());
    }
    const std::string prefix = versions_dir().native() + "/";
    auto visit = [&](const std::string& name, const ContentCache::File& file,
                     const std::string& display) {
        if (mode == LoadMode::headers) {
            // Straight into the graph's input: no script objects, no copies of the text. A
            // file the cache knows unchanged comes with its header, parsed when it was cached.
            std::optional<graph::Revision> known = decode_header(file.derived);
            revisions.push_back(
                known ? std::move(*known)
                      : std::move(parse_revision_header(file.content, display).revision));
            checksums.emplace_back(file.sha256.empty() ? util::sha256_hex(file.content)
                                                       : file.sha256);
        } else {
            scripts.push_back(parse_revision_file(std::string(file.content), display));
            scripts.back().sha256 = file.sha256;
            revisions.push_back(std::move(scripts.back().revision));
            scripts.back().revision = {};
        }
        revisions.back().path = prefix + name;
    };
    // Only after every file parsed (a parse error leaves no cache behind).
    std::string generation =
        visit_files(names, visit, [&](std::size_t i) { return encode_header(revisions[i]); });
    install(std::move(revisions), std::move(scripts));
    m_checksums = std::move(checksums);
    m_generation = std::move(generation);
    m_mode = mode;
}

namespace {

std::vector<graph::Revision> take_revisions(std::vector<RevisionScript>& scripts) {
    std::vector<graph::Revision> revisions;
    revisions.reserve(scripts.size());
    for (auto& script : scripts) {
        revisions.push_back(std::move(script.revision));
        script.revision = {};
    }
    return revisions;
}

}  // namespace

void ScriptDirectory::add_recorded(std::vector<RevisionScript> recorded) {
    std::vector<graph::Revision> revisions = graph().revisions();
    std::vector<RevisionScript> scripts = m_scripts;
    std::vector<graph::Revision> added = take_revisions(recorded);
    revisions.insert(revisions.end(), std::make_move_iterator(added.begin()),
                     std::make_move_iterator(added.end()));
    scripts.insert(scripts.end(), std::make_move_iterator(recorded.begin()),
                   std::make_move_iterator(recorded.end()));
    install(std::move(revisions), std::move(scripts));
}

void ScriptDirectory::install(std::vector<graph::Revision> revisions,
                              std::vector<RevisionScript> scripts) {
    // Built before anything is assigned, so a broken graph leaves this object unchanged.
    auto built =
        std::make_unique<graph::RevisionGraph>(graph::RevisionGraph::build(std::move(revisions)));
    m_scripts = std::move(scripts);
    m_graph = std::move(built);
}

const graph::RevisionGraph& ScriptDirectory::graph() const {
    if (!m_graph) {
        throw std::logic_error("ScriptDirectory::graph() called before load()");
    }
    return *m_graph;
}

const RevisionScript& ScriptDirectory::script(graph::RevisionGraph::Index index) const {
    if (!m_graph) {
        throw std::logic_error("ScriptDirectory::script() called before load()");
    }
    if (m_mode == LoadMode::headers && index < m_graph->size() && index >= m_scripts.size()) {
        throw std::logic_error("ScriptDirectory::script() called after a headers-only load()");
    }
    return m_scripts.at(index);
}

std::string ScriptDirectory::checksum(graph::RevisionGraph::Index index) const {
    if (m_mode == LoadMode::headers && index < m_checksums.size()) {
        return m_checksums[index];
    }
    const RevisionScript& found = script(index);
    return found.sha256.empty() ? util::sha256_hex(found.content) : found.sha256;
}

}  // namespace mig::script
