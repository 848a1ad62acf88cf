#pragma once

#include "graph/revision.hpp"
#include "graph/revision_graph.hpp"

#include <cstddef>

namespace mig::runtime {

// Told about a replay of the migrations (replay_schema, replay_postgres) as it runs, for the
// CLI's progress line on a terminal; runtime never prints. Only revisions that actually run are
// reported: a cache hit reports nothing. A replay calls nothing else when no observer is given,
// so it pays nothing for one it does not have.
class ReplayObserver {
public:
    virtual ~ReplayObserver() = default;
    // Before the first revision runs. `total` counts every revision of the schema, including
    // the ones a cached prefix already holds (they are numbered but not reported).
    virtual void replay_started(std::size_t /*total*/) {}
    // Before `revision`'s upgrade section runs: the `number`th of `total`, from 1.
    virtual void revision_started(std::size_t /*number*/, const graph::Revision& /*revision*/) {}
    // Once the replay is over, done or failed (called before the failure propagates).
    // Must not throw: it may run while a failure unwinds.
    virtual void replay_ended() {}
};

// One replay of revisions of `graph` as its observer (nullptr: none) sees it: replay_started on
// construction, replay_ended on destruction, so a failure ends it too. Without an observer
// every call is one test of a pointer (the revision is looked up only for an observer).
class ReplayReport {
public:
    ReplayReport(ReplayObserver* observer, const graph::RevisionGraph& graph, std::size_t total)
        : m_observer(observer), m_graph(graph) {
        if (m_observer != nullptr) {
            m_observer->replay_started(total);
        }
    }
    ~ReplayReport() {
        if (m_observer != nullptr) {
            m_observer->replay_ended();
        }
    }
    ReplayReport(const ReplayReport&) = delete;
    ReplayReport& operator=(const ReplayReport&) = delete;

    void revision_started(std::size_t number, graph::RevisionGraph::Index revision) const {
        if (m_observer != nullptr) {
            m_observer->revision_started(number, m_graph.at(revision));
        }
    }

private:
    ReplayObserver* m_observer;
    const graph::RevisionGraph& m_graph;
};

}  // namespace mig::runtime
