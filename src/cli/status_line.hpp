#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace mig::cli {

// One line of progress at the bottom of a terminal, on stderr: drawn over itself with a
// carriage return, redrawn every second while it shows (so the elapsed time of a long statement
// moves), and cleared before any other output so that it never mixes with it. Inactive (every
// call does nothing) unless stderr is a terminal that understands it; standard output, a pipe,
// -q and --json never see it.
class StatusLine {
public:
    // `enabled` is the caller's decision (see progress_wanted).
    explicit StatusLine(bool enabled);
    ~StatusLine();
    StatusLine(const StatusLine&) = delete;
    StatusLine& operator=(const StatusLine&) = delete;

    // Shows the text `render` returns, now and every second, until clear().
    void show(std::function<std::string()> render);
    // show() for a caller that may call it faster than anyone can read (a replay runs hundreds
    // of revisions a second): draws now only when the line was last drawn a tenth of a second
    // ago or more; otherwise the next draw (at the latest the next second's) shows `render`.
    void update(std::function<std::string()> render);
    // Erases the line; the next output starts on a clean line.
    void clear();
    // Whether anything is ever shown: callers skip making texts that would not be.
    bool enabled() const { return m_enabled; }

private:
    void draw_locked();
    void tick();

    bool m_enabled;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::function<std::string()> m_render;          // empty: nothing shown
    std::chrono::steady_clock::time_point m_drawn;  // the last draw
    bool m_stopping = false;
    std::thread m_ticker;
};

// Whether to show progress: stderr is a terminal, TERM is not dumb, and not -q.
bool progress_wanted(bool quiet);

// "12.3 s" under a minute, "4 min 05 s" after.
std::string elapsed_text(std::chrono::steady_clock::duration elapsed);

}  // namespace mig::cli
