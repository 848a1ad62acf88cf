#include "script/script_directory.hpp"

#include "script/content_cache.hpp"
#include "script/versions_dir.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <memory>
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

void ScriptDirectory::visit_files(const std::vector<std::string>& names,
                                  const FileVisitor& visit) const {
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
                                visit(names[i], content, display_name(names[i]), sha256);
                            });
        return;
    }
    if (!m_cache_dir.empty()) {
        ContentCache(m_cache_dir)
            .visit_all(versions, names,
                       [&](std::size_t i, std::string_view content, std::string_view sha256) {
                           visit(names[i], content, display_name(names[i]), sha256);
                       });
        return;
    }
    for (const auto& name : names) {
        visit(name, read_revision_file(versions / name), display_name(name), {});
    }
}

std::vector<RevisionScript> ScriptDirectory::load_scripts(LoadMode mode) const {
    const std::vector<std::string> names = file_names();
    std::vector<RevisionScript> scripts;
    scripts.reserve(names.size());
    const std::string prefix = versions_dir().native() + "/";
    visit_files(names, [&](const std::string& name, std::string_view content,
                           const std::string& display, std::string_view sha256) {
        RevisionScript script = mode == LoadMode::headers
                                    ? parse_revision_header(content, display)
                                    : parse_revision_file(std::string(content), display);
        script.revision.path = prefix + name;
        script.sha256 = sha256;
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
    if (mode == LoadMode::full) {
        scripts.reserve(names.size());
    }
    const std::string prefix = versions_dir().native() + "/";
    visit_files(names, [&](const std::string& name, std::string_view content,
                           const std::string& display, std::string_view sha256) {
        if (mode == LoadMode::headers) {
            // Straight into the graph's input: no script objects, no copies of the text.
            revisions.push_back(std::move(parse_revision_header(content, display).revision));
        } else {
            scripts.push_back(parse_revision_file(std::string(content), display));
            scripts.back().sha256 = sha256;
            revisions.push_back(std::move(scripts.back().revision));
            scripts.back().revision = {};
        }
        revisions.back().path = prefix + name;
    });
    install(std::move(revisions), std::move(scripts));
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

}  // namespace mig::script
