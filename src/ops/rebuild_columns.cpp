#include "ops/rebuild_columns.hpp"

#include "schema/identifier.hpp"

#include <algorithm>

namespace mig::ops {

namespace {

bool is_source(const RebuildTable& rebuild, const std::string& from_column) {
    return std::any_of(
        rebuild.column_sources.begin(), rebuild.column_sources.end(),
        [&](const auto& pair) { return schema::identifiers_equal(pair.second, from_column); });
}

bool is_copied(const RebuildTable& rebuild, const std::string& to_column) {
    return std::any_of(
        rebuild.column_sources.begin(), rebuild.column_sources.end(),
        [&](const auto& pair) { return schema::identifiers_equal(pair.first, to_column); });
}

}  // namespace

std::vector<CopiedColumn> copied_columns(const RebuildTable& rebuild) {
    std::vector<CopiedColumn> copied;
    for (const auto& [to_name, from_name] : rebuild.column_sources) {
        const schema::Column* to = rebuild.to.find_column(to_name);
        const schema::Column* from = rebuild.from.find_column(from_name);
        if (to != nullptr && from != nullptr) {
            copied.push_back({to, from});
        }
    }
    return copied;
}

std::vector<const schema::Column*> discarded_columns(const RebuildTable& rebuild) {
    std::vector<const schema::Column*> discarded;
    for (const schema::Column& column : rebuild.from.columns) {
        if (column.generated == schema::Generated::none && !is_source(rebuild, column.name)) {
            discarded.push_back(&column);
        }
    }
    return discarded;
}

std::vector<const schema::Column*> new_columns(const RebuildTable& rebuild) {
    std::vector<const schema::Column*> added;
    for (const schema::Column& column : rebuild.to.columns) {
        if (!is_copied(rebuild, column.name)) {
            added.push_back(&column);
        }
    }
    return added;
}

std::vector<std::string> source_names(const RebuildTable& rebuild,
                                      const std::vector<std::string>& names) {
    std::vector<std::string> mapped;
    for (const std::string& name : names) {
        auto it = std::find_if(
            rebuild.column_sources.begin(), rebuild.column_sources.end(),
            [&](const auto& pair) { return schema::identifiers_equal(pair.first, name); });
        mapped.push_back(
            schema::fold_identifier(it == rebuild.column_sources.end() ? name : it->second));
    }
    return mapped;
}

std::string quote_name(const std::string& name) {
    return schema::is_plain_identifier(name) ? name : schema::quoted_identifier(name);
}

}  // namespace mig::ops
