#include "ops/operation.hpp"
#include "ops/rebuild_columns.hpp"
#include "schema/identifier.hpp"
#include "schema/normalize.hpp"

#include <algorithm>
#include <set>
#include <string_view>

// When can an operation lose data? The rule, conservative but not alarmist:
//
//   - DropTable and DropColumn always can: the rows or values are gone.
//   - A RebuildTable can when it
//       * discards a `from` column that holds data (not generated and copied to no column);
//       * changes a copied column's type affinity in a way that may rewrite stored values
//         (below);
//       * adds NOT NULL to a copied column, or adds a NOT NULL column without a default
//         (rows with NULL fail to copy);
//       * adds a CHECK (compared by normalized expression), a UNIQUE constraint or a primary
//         key that no existing key already implies (rows that break it fail to copy);
//       * adds STRICT (values of the wrong type fail to copy).
//   - Nothing else can: renames and additions keep every value, and dropping an index, view or
//     trigger drops a definition that the operation itself carries.
//
// Type changes follow SQLite's column affinity (the declared text beyond affinity has no effect
// on what is stored: VARCHAR(10) keeps 50 characters). A change keeps every value when the
// affinity stays the same, when the new affinity is BLOB (no conversion at all), or when it is
// a widening: INTEGER -> TEXT or NUMERIC, and REAL -> NUMERIC. Everything else may convert values:
// TEXT -> INTEGER/REAL/NUMERIC turns '007' into 7, REAL -> TEXT keeps 15 significant digits,
// INTEGER -> REAL rounds integers beyond 2^53.

namespace mig::ops {

namespace {

enum class Affinity { integer, text, blob, real, numeric };

// SQLite's rules, in SQLite's order (datatype3.html, "Determination Of Column Affinity").
Affinity affinity_of(std::string_view declared_type) {
    std::string type = schema::fold_identifier(declared_type);
    auto has = [&](std::string_view part) { return type.find(part) != std::string::npos; };
    if (has("int")) {
        return Affinity::integer;
    }
    if (has("char") || has("clob") || has("text")) {
        return Affinity::text;
    }
    if (has("blob") || type.empty()) {
        return Affinity::blob;
    }
    if (has("real") || has("floa") || has("doub")) {
        return Affinity::real;
    }
    return Affinity::numeric;
}

bool keeps_values(std::string_view from_type, std::string_view to_type) {
    Affinity from = affinity_of(from_type);
    Affinity to = affinity_of(to_type);
    if (from == to || to == Affinity::blob) {
        return true;
    }
    if (from == Affinity::integer) {
        return to == Affinity::text || to == Affinity::numeric;
    }
    return from == Affinity::real && to == Affinity::numeric;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string joined;
    for (const std::string& name : names) {
        joined += (joined.empty() ? "" : ", ") + quote_name(name);
    }
    return joined;
}

using KeySet = std::set<std::string>;

KeySet folded(const std::vector<std::string>& names) {
    KeySet keys;
    for (const std::string& name : names) {
        keys.insert(schema::fold_identifier(name));
    }
    return keys;
}

// The column sets already unique in `from`: its primary key and UNIQUE constraints.
std::vector<KeySet> existing_keys(const schema::Table& from) {
    std::vector<KeySet> keys;
    if (!from.primary_key.columns.empty()) {
        keys.push_back(folded(from.primary_key.columns));
    }
    for (const auto& unique : from.unique_constraints) {
        keys.push_back(folded(unique.columns));
    }
    return keys;
}

// A key over `columns` of `to` cannot fail if some existing key is a subset of it.
bool implied_key(const RebuildTable& rebuild, const std::vector<std::string>& columns) {
    std::vector<std::string> mapped = source_names(rebuild, columns);
    KeySet wanted(mapped.begin(), mapped.end());
    auto keys = existing_keys(rebuild.from);
    return std::any_of(keys.begin(), keys.end(), [&](const KeySet& key) {
        return std::includes(wanted.begin(), wanted.end(), key.begin(), key.end());
    });
}

// Does the column's default give existing rows a value? `DEFAULT NULL` (or `(NULL)`) stores the
// same as no DEFAULT (schema/catalog.hpp): a NOT NULL column with it cannot take any row.
bool fills_rows(const schema::Column& column) {
    return column.default_value && schema::normalize_expression(*column.default_value) != "null";
}

void column_reasons(const RebuildTable& rebuild, std::vector<std::string>& reasons) {
    for (const schema::Column* column : discarded_columns(rebuild)) {
        reasons.push_back("drops column " + quote_name(column->name));
    }
    for (const CopiedColumn& copied : copied_columns(rebuild)) {
        if (!keeps_values(copied.from->type, copied.to->type)) {
            reasons.push_back("changes column " + quote_name(copied.to->name) + " from " +
                              (copied.from->type.empty() ? "no type" : copied.from->type) + " to " +
                              (copied.to->type.empty() ? "no type" : copied.to->type) +
                              ", which may convert values");
        }
        if (copied.to->not_null && !copied.from->not_null) {
            reasons.push_back("adds NOT NULL to column " + quote_name(copied.to->name));
        }
    }
    for (const schema::Column* column : new_columns(rebuild)) {
        if (column->not_null && !fills_rows(*column) &&
            column->generated == schema::Generated::none) {
            reasons.push_back("adds column " + quote_name(column->name) +
                              " NOT NULL without a default");
        }
    }
}

void constraint_reasons(const RebuildTable& rebuild, std::vector<std::string>& reasons) {
    std::set<std::string> old_checks;
    for (const auto& check : rebuild.from.checks) {
        old_checks.insert(schema::normalize_expression(check.expression));
    }
    for (const auto& check : rebuild.to.checks) {
        if (old_checks.count(schema::normalize_expression(check.expression)) == 0) {
            reasons.push_back("adds CHECK (" + check.expression + ")");
        }
    }
    for (const auto& unique : rebuild.to.unique_constraints) {
        if (!implied_key(rebuild, unique.columns)) {
            reasons.push_back("adds UNIQUE (" + join_names(unique.columns) + ")");
        }
    }
    const auto& key = rebuild.to.primary_key.columns;
    if (!key.empty() && !implied_key(rebuild, key)) {
        reasons.push_back("changes the primary key to (" + join_names(key) + ")");
    }
    if (rebuild.to.strict && !rebuild.from.strict) {
        reasons.emplace_back("adds STRICT");
    }
}

DataLoss rebuild_loss(const RebuildTable& rebuild) {
    std::vector<std::string> reasons;
    column_reasons(rebuild, reasons);
    constraint_reasons(rebuild, reasons);
    if (reasons.empty()) {
        return {};
    }
    std::string reason = "rebuilding table " + quote_name(rebuild.to.name);
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        reason += (i == 0 ? " " : "; ") + reasons[i];
    }
    return {true, reason};
}

}  // namespace

DataLoss data_loss(const Operation& operation) {
    if (const auto* drop_table = std::get_if<DropTable>(&operation)) {
        return {true, "drops table " + quote_name(drop_table->table.name) + " and all its rows"};
    }
    if (const auto* drop_column = std::get_if<DropColumn>(&operation)) {
        return {true, "drops column " + quote_name(drop_column->column.name) + " of table " +
                          quote_name(drop_column->table) + " and its values"};
    }
    if (const auto* rebuild = std::get_if<RebuildTable>(&operation)) {
        return rebuild_loss(*rebuild);
    }
    return {};
}

}  // namespace mig::ops
