#include "importer/importer.hpp"

#include "importer/reader_support.hpp"
#include "util/error.hpp"

#include <array>
#include <utility>

namespace mig::importer {

namespace {

constexpr std::array<std::pair<Format, std::string_view>, 6> k_names{{
    {Format::golang_migrate, "golang-migrate"},
    {Format::dbmate, "dbmate"},
    {Format::goose, "goose"},
    {Format::flyway, "flyway"},
    {Format::sqitch, "sqitch"},
    {Format::alembic, "alembic"},
}};

}  // namespace

std::string_view format_name(Format format) {
    for (const auto& [known, name] : k_names) {
        if (known == format) {
            return name;
        }
    }
    return "unknown";
}

std::optional<Format> parse_format(std::string_view name) {
    for (const auto& [format, known] : k_names) {
        if (known == name) {
            return format;
        }
    }
    return std::nullopt;
}

std::vector<std::string> format_names() {
    std::vector<std::string> names;
    names.reserve(k_names.size());
    for (const auto& entry : k_names) {
        names.emplace_back(entry.second);
    }
    return names;
}

ImportedHistory read_migrations(Format format, const std::filesystem::path& dir,
                                const ReadOptions& options) {
    ImportedHistory history;
    switch (format) {
        case Format::golang_migrate:
            history = read_golang_migrate(dir);
            break;
        case Format::dbmate:
            history = read_dbmate(dir);
            break;
        case Format::goose:
            history = read_goose(dir);
            break;
        case Format::flyway:
            history = read_flyway(dir);
            break;
        case Format::sqitch:
            history = read_sqitch(dir);
            break;
        case Format::alembic:
            history = read_alembic(dir, options);
            break;
    }
    history.format = format;
    if (history.migrations.empty()) {
        throw InputError(
            "no " + std::string(format_name(format)) + " migrations in " + dir.string(),
            "give the folder that holds the migration files (see docs/import.md)");
    }
    return history;
}

}  // namespace mig::importer
