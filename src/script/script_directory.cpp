#include "script/script_directory.hpp"

#include "script/versions_dir.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace mig::script {

namespace fs = std::filesystem;

namespace {

bool is_revision_file(const fs::directory_entry& entry, std::string_view name) {
    std::error_code ignored;  // an entry that vanished or cannot be inspected is not a script
    return name.ends_with(".sql") && !name.starts_with(".") && entry.is_regular_file(ignored);
}

// The names of the revision files in `versions_dir`, sorted: directory order differs between
// file systems, and the graph's input order (and so its tie-breaking) must not. Plain names,
// because comparing fs::path objects allocates and this runs over thousands of files.
std::vector<std::string> list_revision_files(const fs::path& versions_dir) {
    std::vector<std::string> names;
    std::error_code error;
    for (fs::directory_iterator it(versions_dir, error), end; !error && it != end;
         it.increment(error)) {
        std::string name = it->path().filename().native();
        if (is_revision_file(*it, name)) {
            names.push_back(std::move(name));
        }
    }
    if (error) {
        throw InputError("cannot list " + versions_dir.string() + ": " + error.message());
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

ScriptDirectory::ScriptDirectory(fs::path migrations_dir) : m_root(std::move(migrations_dir)) {}

std::vector<RevisionScript> ScriptDirectory::load_scripts() const {
    const fs::path versions = versions_dir();
    require_versions_dir(versions);
    std::vector<std::string> names = list_revision_files(versions);
    std::vector<RevisionScript> scripts;
    scripts.reserve(names.size());
    for (const auto& name : names) {
        // Errors name the file as the user sees it from the project (migrations/versions/x.sql);
        // the script keeps the absolute path.
        fs::path file = versions / name;
        RevisionScript script = parse_revision_script(
            util::read_file(file), file.lexically_relative(m_root.parent_path()));
        script.revision.path = file;
        scripts.push_back(std::move(script));
    }
    return scripts;
}

void ScriptDirectory::load() {
    install(load_scripts());
}

void ScriptDirectory::add_recorded(std::vector<RevisionScript> recorded) {
    std::vector<RevisionScript> scripts = m_scripts;
    for (auto& script : recorded) {
        scripts.push_back(std::move(script));
    }
    install(std::move(scripts));
}

void ScriptDirectory::install(std::vector<RevisionScript> scripts) {
    std::vector<graph::Revision> revisions;
    revisions.reserve(scripts.size());
    for (const auto& script : scripts) {
        revisions.push_back(script.revision);
    }
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
    return m_scripts.at(index);
}

}  // namespace mig::script
