#include "cli/status_line.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <sys/ioctl.h>
#include <unistd.h>

namespace mig::cli {

namespace {

constexpr std::string_view k_erase = "\r\x1b[K";  // to the line's start, erase to its end
// update()'s least time between two draws: ten a second reads as counting.
constexpr std::chrono::milliseconds k_update_interval{100};

// The terminal's width; a line longer than it would wrap, and \r would redraw only its end.
std::size_t terminal_width() {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    return 80;
}

void write_stderr(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace

bool progress_wanted(bool quiet) {
    const char* term = std::getenv("TERM");
    const bool dumb = term != nullptr && std::string_view(term) == "dumb";
    return !quiet && !dumb && ::isatty(STDERR_FILENO) == 1;
}

std::string elapsed_text(std::chrono::steady_clock::duration elapsed) {
    const auto tenths =
        std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() / 100;
    std::array<char, 32> text{};
    if (tenths < 600) {
        std::snprintf(text.data(), text.size(), "%lld.%lld s", static_cast<long long>(tenths / 10),
                      static_cast<long long>(tenths % 10));
    } else {
        const long long seconds = tenths / 10;
        std::snprintf(text.data(), text.size(), "%lld min %02lld s", seconds / 60, seconds % 60);
    }
    return text.data();
}

StatusLine::StatusLine(bool enabled) : m_enabled(enabled) {
    if (m_enabled) {
        m_ticker = std::thread([this] { tick(); });
    }
}

StatusLine::~StatusLine() {
    if (!m_enabled) {
        return;
    }
    clear();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_ticker.join();
}

void StatusLine::show(std::function<std::string()> render) {
    if (!m_enabled) {
        return;
    }
    std::fflush(stdout);  // what was printed before comes before the line
    std::lock_guard lock(m_mutex);
    m_render = std::move(render);
    draw_locked();
}

void StatusLine::update(std::function<std::string()> render) {
    if (!m_enabled) {
        return;
    }
    std::lock_guard lock(m_mutex);
    m_render = std::move(render);
    if (std::chrono::steady_clock::now() - m_drawn >= k_update_interval) {
        std::fflush(stdout);
        draw_locked();
    }
}

void StatusLine::clear() {
    if (!m_enabled) {
        return;
    }
    std::lock_guard lock(m_mutex);
    if (m_render) {
        m_render = nullptr;
        write_stderr(k_erase);
    }
}

void StatusLine::draw_locked() {
    if (!m_render) {
        return;
    }
    std::string text = m_render();
    const std::size_t width = terminal_width();
    if (text.size() >= width) {
        std::size_t cut = width - 1;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
            --cut;  // never half a UTF-8 character
        }
        text.resize(cut);
    }
    write_stderr(std::string(k_erase) + text);
    m_drawn = std::chrono::steady_clock::now();
}

void StatusLine::tick() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, std::chrono::seconds(1));
        if (!m_stopping) {
            draw_locked();
        }
    }
}

}  // namespace mig::cli
