#pragma once

#include "graph/revision_graph.hpp"
#include "script/revision_script.hpp"
#include "script/revision_source.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mig::script {

enum class LoadMode {
    full,     // sections and file bytes kept: for commands that run, render or show SQL
    headers,  // only what the graph needs: for heads, history, branches (fast and small)
};

// The migrations directory: `versions/` holding `<rev>_<slug>.sql` files, and the template
// `script.sql.tmpl` for new ones.
class ScriptDirectory {
public:
    // With a `cache_dir`, file contents are read through a ContentCache kept there. With a
    // `source`, the revision files are the source's instead of versions/'s (which need not
    // exist); everything else (the template, paths in messages) stays in `migrations_dir`.
    explicit ScriptDirectory(std::filesystem::path migrations_dir,
                             std::filesystem::path cache_dir = {},
                             std::shared_ptr<const RevisionSource> source = nullptr);

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path versions_dir() const { return m_root / "versions"; }
    std::filesystem::path template_path() const { return m_root / "script.sql.tmpl"; }

    // Parses every `*.sql` file directly under versions/ (other files and folders are
    // ignored), sorted by file name so results never depend on directory order. Throws
    // InputError when versions/ does not exist (with a hint to run `mig init`), and the
    // first ParseError otherwise.
    std::vector<RevisionScript> load_scripts(LoadMode mode = LoadMode::full) const;

    // load_scripts() and RevisionGraph::build() in one step. The revisions' metadata then
    // lives in graph().at(i) only; script(i) holds the sections and bytes (full mode).
    void load(LoadMode mode = LoadMode::full);
    LoadMode mode() const { return m_mode; }

    // Adds revisions known only from the database's history (their files are not in this
    // checkout) and rebuilds the graph, so a downgrade can revert them with the SQL stored
    // when they were applied. Call after load().
    void add_recorded(std::vector<RevisionScript> recorded);

    const graph::RevisionGraph& graph() const;
    const RevisionScript& script(graph::RevisionGraph::Index index) const;

private:
    void install(std::vector<graph::Revision> revisions, std::vector<RevisionScript> scripts);
    // The revision files' names, sorted; InputError when versions/ is missing.
    std::vector<std::string> file_names() const;
    // Each of those files' name, bytes, display name and (when cached) SHA-256, in order;
    // the views are valid during the call only.
    using FileVisitor = std::function<void(const std::string& name, std::string_view content,
                                           const std::string& display, std::string_view sha256)>;
    void visit_files(const std::vector<std::string>& names, const FileVisitor& visit) const;

    std::filesystem::path m_root;
    std::filesystem::path m_cache_dir;
    std::shared_ptr<const RevisionSource> m_source;
    std::vector<RevisionScript> m_scripts;
    std::unique_ptr<graph::RevisionGraph> m_graph;
    LoadMode m_mode = LoadMode::full;
};

}  // namespace mig::script
