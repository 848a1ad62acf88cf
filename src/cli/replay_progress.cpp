#include "cli/replay_progress.hpp"

#include <string>
#include <utility>

namespace mig::cli {

ReplayProgress::ReplayProgress(workflow::Project& project, bool enabled)
    : m_project(project), m_attached(enabled), m_status(enabled) {
    if (m_attached) {
        m_project.set_replay_observer(this);
    }
}

ReplayProgress::~ReplayProgress() {
    if (m_attached) {
        m_project.set_replay_observer(nullptr);
    }
}

void ReplayProgress::replay_started(std::size_t total) {
    m_total = total;
    m_first = true;
    m_start = std::chrono::steady_clock::now();
}

void ReplayProgress::revision_started(std::size_t number, const graph::Revision& revision) {
    // Hundreds a second: the text is made only when the line is drawn (at most ten times a
    // second, and every second during a long statement). The revision outlives the line:
    // replay_ended erases it while the replay's scripts are still loaded. The id and no
    // message: a message would push the time past the terminal's edge, where the line is cut.
    auto render = [number, total = m_total, id = &revision.id, start = m_start] {
        return "replaying revision " + std::to_string(number) + " of " + std::to_string(total) +
               "  " + *id + "  " + elapsed_text(std::chrono::steady_clock::now() - start);
    };
    if (m_first) {
        m_first = false;
        m_status.show(std::move(render));
    } else {
        m_status.update(std::move(render));
    }
}

void ReplayProgress::replay_ended() {
    m_status.clear();
}

}  // namespace mig::cli
