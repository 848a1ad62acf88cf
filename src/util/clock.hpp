#pragma once

#include <chrono>
#include <string>

namespace mig::util {

// "2026-11-21T10:00:00Z": the UTC timestamp written into revision files and mig_history.
std::string utc_timestamp(
    std::chrono::system_clock::time_point when = std::chrono::system_clock::now());

// "20261121T100000123Z": sortable and safe in file names (milliseconds keep names unique).
std::string compact_utc_timestamp(
    std::chrono::system_clock::time_point when = std::chrono::system_clock::now());

}  // namespace mig::util
