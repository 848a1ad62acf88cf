#pragma once

// model_key without reading the model: the key kept in `.mig/cache/model-key` with the stat
// data (size, modification and change times, inode) of every model file it was computed from,
// git-index style. A warm `mig status` or `mig check` then stats the files instead of reading
// and hashing them (a 72 kB model costs more to hash than the rest of a status).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// Stats the files once, when constructed: a key computed afterwards from their bytes is
// remembered with these stat data, so an edit made while the key was computed is never hidden.
class ModelKeyMemo {
public:
    // `salt` names what else the key depends on (format, SQLite version).
    ModelKeyMemo(std::filesystem::path memo_file, const std::vector<std::filesystem::path>& files,
                 const std::string& salt);

    // The key kept for exactly these files (same names, order and stat data, none modified
    // within two seconds before the stat data were taken, so an edit in the same timestamp
    // tick is never missed), or nullopt.
    std::optional<std::string> remembered() const;

    // Keeps `key` for the files as they were stat'ed; failures only cost speed.
    void remember(const std::string& key) const;

private:
    std::filesystem::path m_memo_file;
    std::optional<std::string> m_files_text;  // nullopt when a file could not be stat'ed
    std::int64_t m_newest = 0;                // latest modification time
    std::int64_t m_taken = 0;                 // when the stat data were taken
};

}  // namespace mig::workflow
