#include "cli/import_progress.hpp"

#include <utility>

namespace mig::cli {

void ImportProgress::reading_source(const workflow::ImportOptions& options) {
    if (!m_status.enabled()) {
        return;
    }
    std::string text = "reading the ";
    text += importer::format_name(options.format);
    text += " migrations";
    if (options.format == importer::Format::alembic) {
        text += " (python renders their SQL)";  // the long part of an Alembic import
    }
    show(std::move(text), Draw::now);
}

void ImportProgress::writing_revision(std::size_t number, std::size_t total,
                                      const importer::ImportedMigration& migration) {
    if (!m_status.enabled()) {
        return;  // nothing made per file for nobody
    }
    // The id only, as a replay's line: the time must stay inside the terminal's width.
    std::string text = "writing revision " + std::to_string(number) + " of " +
                       std::to_string(total) + "  " + migration.revision_id;
    show(std::move(text), number == 1 ? Draw::now : Draw::when_due);
}

void ImportProgress::reading_version_table(const std::string& table) {
    if (!m_status.enabled()) {
        return;
    }
    show("reading " + table + " in the database", Draw::now);
}

void ImportProgress::show(std::string text, Draw draw) {
    // Copies only: the line is redrawn from the status line's own thread.
    auto render = [text = std::move(text), start = m_start] {
        return text + "  " + elapsed_text(std::chrono::steady_clock::now() - start);
    };
    if (draw == Draw::now) {
        m_status.show(std::move(render));
    } else {
        m_status.update(std::move(render));
    }
}

}  // namespace mig::cli
