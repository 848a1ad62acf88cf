// Fuzzes the mig.toml loader (config/config.cpp, through toml++). For any text, parse_config
// gives a configuration or throws InputError; one it gives holds values mig can use:
//   - a database URL; backup_keep from 1 to 1000; a lock timeout of 0 or more and a model
//     command timeout above 0 (no overflow from `inf` or 1e300 seconds);
//   - absolute paths, the migrations folder normal;
//   - the same text parses to the same configuration again.
// Each input is read twice, without and with `--env prod`, to reach [env.NAME] tables.

#include "config/config.hpp"
#include "fuzz_check.hpp"
#include "util/error.hpp"

#include <optional>
#include <string>

namespace {

std::optional<mig::config::Config> parse(const std::string& text,
                                         const mig::config::ConfigRequest& request) {
    try {
        return mig::config::parse_config(text, "/project/mig.toml", request);
    } catch (const mig::InputError&) {
        return std::nullopt;
    }
}

void check(const std::string& text, const mig::config::ConfigRequest& request) {
    const std::optional<mig::config::Config> config = parse(text, request);
    if (!config) {
        return;
    }
    MIG_FUZZ_CHECK(!config->database_url.empty());
    MIG_FUZZ_CHECK(config->backup_keep >= 1 && config->backup_keep <= 1000);
    MIG_FUZZ_CHECK(config->lock_timeout.count() >= 0);
    MIG_FUZZ_CHECK(config->model_command_timeout.count() > 0);
    MIG_FUZZ_CHECK(config->root == "/project");
    MIG_FUZZ_CHECK(config->migrations_dir.is_absolute());
    MIG_FUZZ_CHECK(config->migrations_dir == config->migrations_dir.lexically_normal());

    const std::optional<mig::config::Config> again = parse(text, request);
    MIG_FUZZ_CHECK(
        again && again->database_url == config->database_url &&
        again->lock_timeout == config->lock_timeout && again->model_paths == config->model_paths &&
        again->migrations_dir == config->migrations_dir && again->warnings == config->warnings);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(mig::fuzz::as_text(data, size));
    mig::config::ConfigRequest request;
    request.start_dir = "/project";
    check(text, request);
    request.env_name = "prod";
    check(text, request);
    return 0;
}
