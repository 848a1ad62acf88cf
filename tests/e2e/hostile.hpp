#pragma once

// Running mig in a hostile environment (a full disk, read-only files, a failing standard
// output) through tests/support/limited_run, and checking that nothing changed.

#include "support/run_mig.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace mig::test {

struct Hostile {
    // RLIMIT_FSIZE: a write past this many bytes fails with EFBIG, as on a full disk.
    std::optional<std::uint64_t> file_size_limit;
    // As nobody when the tests run as root (root ignores file permissions); see hand_over.
    bool unprivileged = false;
    std::optional<std::string> stdout_file;  // e.g. "/dev/full"
    bool stdout_closed_pipe = false;         // the reader has gone: writes fail with EPIPE
};

// Runs `mig ARGS...` in `cwd` under `hostile`, without MIG_DATABASE_URL or MIG_ENV.
MigResult mig_hostile(const std::filesystem::path& cwd, const Hostile& hostile,
                      const std::vector<std::string>& args);

// When the tests run as root, gives everything below `root` (and `root`) to nobody, so that
// unprivileged runs may use it and chmod restrictions bind them. A no-op otherwise.
void hand_over(const std::filesystem::path& root);

// Every file and folder below `root` with its content ("<dir>" for a folder), by relative
// path: two equal snapshots mean mig wrote nothing there.
std::map<std::string, std::string> tree_snapshot(const std::filesystem::path& root);

// Relative paths below `root` whose name marks a mig temporary file (".mig-tmp-") or an
// older one (".tmp").
std::vector<std::string> temporary_files(const std::filesystem::path& root);

// A pid no process has now: the writer of a "stale" temporary file.
pid_t dead_pid();

}  // namespace mig::test
