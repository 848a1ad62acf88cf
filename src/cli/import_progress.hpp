#pragma once

#include "cli/status_line.hpp"
#include "workflow/import.hpp"

#include <chrono>
#include <cstddef>
#include <string>

namespace mig::cli {

// The progress line of `mig import`: which phase it is in, and in the longest one (each
// revision file is flushed to disk) which file of how many, with the time since the import
// began: "writing revision 812 of 1000  20230101120000  12.3 s". Erased when
// the import ends.
class ImportProgress final : public workflow::ImportObserver {
public:
    // Shows nothing unless `enabled` (see progress_wanted).
    explicit ImportProgress(bool enabled) : m_status(enabled) {}

    void reading_source(const workflow::ImportOptions& options) override;
    void writing_revision(std::size_t number, std::size_t total,
                          const importer::ImportedMigration& migration) override;
    void reading_version_table(const std::string& table) override;
    void import_ended() override { m_status.clear(); }

private:
    // A new phase is drawn at once; the files of one when due (see StatusLine::update).
    enum class Draw { now, when_due };
    void show(std::string text, Draw draw);

    StatusLine m_status;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

}  // namespace mig::cli
