#pragma once

#include "cli/status_line.hpp"
#include "runtime/replay_observer.hpp"
#include "workflow/project.hpp"

#include <chrono>
#include <cstddef>

namespace mig::cli {

// The progress line of a replay of the migrations (what `migrate`, `revision --autogenerate`
// and `check` do on a cache miss to know the migrations' schema): "replaying revision 812 of
// 1000  3f2a9c1d7b4e  1.3 s", erased when the replay ends.
class ReplayProgress final : public runtime::ReplayObserver {
public:
    // Watches `project`'s replays while it lives when `enabled` (see progress_wanted; never
    // with --json). When not, it stays unattached, so a replay does not even call it. Not
    // const: the replay changes it through the pointer the project keeps.
    ReplayProgress(workflow::Project& project, bool enabled);
    ~ReplayProgress() override;
    ReplayProgress(const ReplayProgress&) = delete;
    ReplayProgress& operator=(const ReplayProgress&) = delete;

    void replay_started(std::size_t total) override;
    void revision_started(std::size_t number, const graph::Revision& revision) override;
    void replay_ended() override;

private:
    workflow::Project& m_project;
    bool m_attached;
    StatusLine m_status;
    std::size_t m_total = 0;
    bool m_first = true;  // the replay's first revision is drawn at once, the others when due
    std::chrono::steady_clock::time_point m_start;
};

}  // namespace mig::cli
