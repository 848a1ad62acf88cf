#pragma once

#include "graph/revision_graph.hpp"
#include "script/content_cache.hpp"
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
    // The SHA-256 (hex) of revision `index`'s file, in either mode: a headers load keeps the
    // digests (the content cache's, else hashed while the bytes were in hand), so commands
    // that compare checksums (status) need not keep or parse the sections.
    std::string checksum(graph::RevisionGraph::Index index) const;

    // After load(): the content cache's generation when every file was found in it unchanged
    // (ContentCache::generation), else empty. What is computed from all the files (a schema
    // key) may be kept under it.
    const std::string& content_generation() const { return m_generation; }

private:
    void install(std::vector<graph::Revision> revisions, std::vector<RevisionScript> scripts);
    // The revision files' names, sorted; InputError when versions/ is missing.
    std::vector<std::string> file_names() const;
    // Each of those files' name, bytes, display name and (when cached) SHA-256, in order;
    // the views are valid during the call only.
    using FileVisitor = std::function<void(const std::string& name, const ContentCache::File& file,
                                           const std::string& display)>;
    // `derive(i)`: what the content cache keeps with file i when it is rewritten. Returns
    // the content cache's generation (see content_generation()).
    std::string visit_files(const std::vector<std::string>& names, const FileVisitor& visit,
                            const std::function<std::string(std::size_t)>& derive = {}) const;

    std::filesystem::path m_root;
    std::filesystem::path m_cache_dir;
    std::shared_ptr<const RevisionSource> m_source;
    std::vector<RevisionScript> m_scripts;
    std::vector<std::string> m_checksums;  // headers mode: one per revision file
    std::string m_generation;
    std::unique_ptr<graph::RevisionGraph> m_graph;
    LoadMode m_mode = LoadMode::full;
};

}  // namespace mig::script
