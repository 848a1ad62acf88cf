#include "util/clock.hpp"

#include <cstdio>
#include <ctime>

namespace mig::util {

namespace {
std::tm to_utc(std::chrono::system_clock::time_point when) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return utc;
}
}  // namespace

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
    std::tm utc = to_utc(when);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::string compact_utc_timestamp(std::chrono::system_clock::time_point when) {
    std::tm utc = to_utc(when);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%S", &utc);
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() %
        1000;
    char out[48];
    std::snprintf(out, sizeof out, "%s%03dZ", buffer, static_cast<int>(millis));
    return out;
}

}  // namespace mig::util
