#pragma once

#include "runtime/replay_observer.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace mig::runtime {

// Every call a replay makes to its observer, as text: "started 3", "2 r2" (the second
// revision, r2), "ended".
class RecordingReplayObserver final : public ReplayObserver {
public:
    void replay_started(std::size_t total) override {
        events.push_back("started " + std::to_string(total));
    }
    void revision_started(std::size_t number, const graph::Revision& revision) override {
        events.push_back(std::to_string(number) + " " + revision.id);
    }
    void replay_ended() override { events.emplace_back("ended"); }

    std::vector<std::string> events;
};

}  // namespace mig::runtime
