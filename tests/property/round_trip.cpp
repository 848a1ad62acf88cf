#include "property/round_trip.hpp"

#include "autogen/compare.hpp"
#include "autogen/render.hpp"
#include "db/sqlite_introspect.hpp"
#include "ops/operation.hpp"
#include "schema/identifier.hpp"
#include "schema/normalize.hpp"
#include "script/revision_script.hpp"
#include "script/script_writer.hpp"
#include "support/sqlite_rows.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <exception>
#include <map>
#include <set>

namespace mig::property {

namespace {

constexpr int k_rows = 3;

// A failed step; check_pair turns it into its message.
struct Failure {
    std::string what;
    bool rolled_back = false;  // the transaction was rolled back: the step changed nothing
};

SQLite::Database memory_database() {
    return SQLite::Database(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
}

std::string lines(const std::vector<std::string>& rows) {
    std::string text;
    for (const std::string& row : rows) {
        text += "    " + row + "\n";
    }
    return text;
}

// What would still turn `actual` into `expected`, in words.
std::string differences(const schema::Catalog& actual, const schema::Catalog& expected) {
    std::string text;
    for (const ops::Operation& op : autogen::compare(actual, expected).upgrade) {
        text += "    " + ops::describe(op) + "\n";
    }
    return text.empty() ? "    (compare finds nothing, but the catalogs differ)\n" : text;
}

void expect_schema(SQLite::Database& db, const schema::Catalog& expected, const std::string& when) {
    const schema::Catalog actual = db::introspect(db);
    if (!(actual == expected) || !autogen::compare(actual, expected).upgrade.empty()) {
        throw Failure{"after " + when +
                      " the schema differs from what it should be; still needed:\n" +
                      differences(actual, expected)};
    }
}

// The revision mig would write, parsed back with the parser used on load (the invariant).
script::RevisionScript written_revision(const std::string& revision_template,
                                        const std::string& upgrade, const std::string& downgrade) {
    script::NewRevision revision;
    revision.id = "0123456789ab";
    revision.message = "property case";
    revision.created = "2026-01-01T00:00:00Z";
    revision.upgrade_sql = upgrade;
    revision.downgrade_sql = downgrade;
    try {
        return script::parse_revision_script(script::render_revision(revision_template, revision),
                                             "property.sql");
    } catch (const std::exception& error) {
        throw Failure{std::string("the revision does not parse back: ") + error.what()};
    }
}

// No NOT NULL column holds a NULL.
void expect_no_nulls(SQLite::Database& db) {
    for (const auto& [key, table] : db::introspect(db).tables) {
        for (const schema::Column& column : table.columns) {
            if (!column.not_null) {
                continue;
            }
            std::vector<std::string> count =
                test::rows_as_text(db, "SELECT count(*) FROM " + quote(table.name) + " WHERE " +
                                           quote(column.name) + " IS NULL");
            if (count != std::vector<std::string>{"0"}) {
                throw Failure{"NULL values in NOT NULL column " + table.name + "." + column.name};
            }
        }
    }
}

// As mig's SQLite runner: foreign keys off, one transaction, foreign_key_check before COMMIT.
// `lost_parents`: tables whose rows (or key values) the upgrade destroyed; a downgrade recreates
// them without their rows, so child rows that referred to them fail foreign_key_check, which
// is the data loss the destructive upgrade announced, not a defect.
std::vector<std::string> broken_references(SQLite::Database& db,
                                           const std::set<std::string>& lost_parents) {
    std::vector<std::string> broken;
    SQLite::Statement query(db,
                            "SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check");
    while (query.executeStep()) {
        const std::string parent = query.getColumn(2).getString();
        if (lost_parents.count(schema::fold_identifier(parent)) == 0) {
            broken.push_back(query.getColumn(0).getString() + " | " +
                             query.getColumn(1).getString() + " | " + parent);
        }
    }
    return broken;
}

// `known`: integrity_check lines the rows already produced before the migration ran (SQLite
// 3.40 reports a value whose storage class does not match the column's affinity, e.g. "TEXT
// value in T.C", for values the test inserted itself): only new lines are the migration's.
void run(SQLite::Database& db, const std::string& sql, const std::string& what,
         const std::set<std::string>& lost_parents = {}, const std::set<std::string>& known = {}) {
    db.exec("PRAGMA foreign_keys = OFF");
    db.exec("BEGIN");
    try {
        db.exec(sql);
        std::vector<std::string> broken = broken_references(db, lost_parents);
        if (!broken.empty()) {
            throw Failure{what + ": foreign_key_check before COMMIT:\n" + lines(broken)};
        }
        db.exec("COMMIT");
    } catch (const SQLite::Exception& error) {
        db.exec("ROLLBACK");
        throw Failure{what + " failed: " + error.what(), true};
    } catch (Failure& failure) {
        db.exec("ROLLBACK");
        failure.rolled_back = true;
        throw;
    }
    std::vector<std::string> integrity = test::rows_as_text(db, "PRAGMA integrity_check");
    // SQLite 3.40 reports "NULL value in T.C" for a REAL NOT NULL column of a WITHOUT ROWID
    // table that holds no NULL (a false positive of integrity_check, fixed in later versions):
    // those lines are replaced by asking the question directly.
    // Likewise "NUMERIC value in T.C" for a text '1' in a TEXT column of a WITHOUT ROWID table
    // (`CREATE TABLE n (q TEXT, d PRIMARY KEY) WITHOUT ROWID; INSERT INTO n VALUES ('1', 1);`
    // is enough), and "TEXT value in T.C" for a number in a DECIMAL column of one: typeof()
    // disagrees with integrity_check; the values are compared through the rows check.
    std::erase_if(integrity, [&](const std::string& line) {
        return line.starts_with("NULL value in ") || line.starts_with("NUMERIC value in ") ||
               line.starts_with("TEXT value in ") || known.count(line) > 0;
    });
    if (integrity.empty()) {
        integrity = {"ok"};
        expect_no_nulls(db);
    }
    if (integrity != std::vector<std::string>{"ok"}) {
        throw Failure{what + ": integrity_check:\n" + lines(integrity)};
    }
    std::vector<std::string> broken = broken_references(db, lost_parents);
    if (!broken.empty()) {
        throw Failure{what + ": foreign_key_check:\n" + lines(broken)};
    }
}

// A table that survives, with the columns whose values must survive too (same declared type
// on both sides: a type change may legitimately change a value's storage class, 1 -> 1.0).
struct Survivor {
    std::string old_table, new_table;
    std::vector<std::string> old_columns, new_columns;
};

std::string find_rename(const std::vector<Rename>& renames, const std::string& table,
                        const std::string& name) {
    for (const Rename& rename : renames) {
        if (schema::identifiers_equal(rename.table, table) &&
            schema::identifiers_equal(rename.from, name)) {
            return rename.to;
        }
    }
    return name;
}

std::vector<Survivor> survivors(const schema::Catalog& current, const schema::Catalog& desired,
                                const std::vector<Rename>& renames) {
    std::vector<Survivor> result;
    for (const auto& [key, table] : current.tables) {
        const schema::Table* target = desired.find_table(find_rename(renames, "", table.name));
        if (target == nullptr) {
            continue;
        }
        Survivor survivor{table.name, target->name, {}, {}};
        for (const schema::Column& column : table.columns) {
            const schema::Column* kept =
                target->find_column(find_rename(renames, table.name, column.name));
            if (kept != nullptr && column.generated == schema::Generated::none &&
                kept->generated == schema::Generated::none &&
                schema::identifiers_equal(kept->type, column.type)) {
                survivor.old_columns.push_back(column.name);
                survivor.new_columns.push_back(kept->name);
            }
        }
        if (!survivor.old_columns.empty()) {  // no column kept: no row can be kept either
            result.push_back(std::move(survivor));
        }
    }
    return result;
}

// The stored columns of `current` (as "table.column") that `desired` no longer has, and the
// tables it no longer has (as "table"): data the upgrade destroys.
std::vector<std::string> dropped_data(const schema::Catalog& current,
                                      const schema::Catalog& desired,
                                      const std::vector<Rename>& renames) {
    std::vector<std::string> dropped;
    for (const auto& [key, table] : current.tables) {
        const schema::Table* target = desired.find_table(find_rename(renames, "", table.name));
        if (target == nullptr) {
            dropped.push_back(table.name);
            continue;
        }
        for (const schema::Column& column : table.columns) {
            if (column.generated == schema::Generated::none &&
                target->find_column(find_rename(renames, table.name, column.name)) == nullptr) {
                dropped.push_back(table.name + "." + column.name);
            }
        }
    }
    return dropped;
}

// The dropped columns the downgrade cannot refill: NOT NULL without a default that fills
// (no DEFAULT, or DEFAULT NULL), so the rows cannot be copied back.
std::vector<std::string> unrefillable_columns(const schema::Catalog& current,
                                              const schema::Catalog& desired,
                                              const std::vector<Rename>& renames) {
    std::vector<std::string> columns;
    for (const auto& [key, table] : current.tables) {
        const schema::Table* target = desired.find_table(find_rename(renames, "", table.name));
        for (const schema::Column& column : table.columns) {
            const bool fills = column.default_value &&
                               schema::normalize_expression(*column.default_value) != "null";
            if (target != nullptr && column.not_null && !fills &&
                column.generated == schema::Generated::none &&
                target->find_column(find_rename(renames, table.name, column.name)) == nullptr) {
                columns.push_back(column.name);
            }
        }
    }
    return columns;
}

// Is `failure` the downgrade refusing to copy the rows back into a NOT NULL column the upgrade
// dropped? The data loss is the one the upgrade declared; the downgrade must say so too.
bool unrefillable_failure(const Failure& failure, const std::vector<std::string>& columns,
                          const script::Section& downgrade) {
    const std::string prefix = "NOT NULL constraint failed: ";
    const std::size_t at = failure.what.find(prefix);
    if (!failure.rolled_back || at == std::string::npos || downgrade.destructive.empty()) {
        return false;
    }
    const std::string failed = failure.what.substr(at + prefix.size());
    return std::any_of(columns.begin(), columns.end(),
                       [&](const std::string& c) { return failed.ends_with("." + c); });
}

// The rows of `table`: the count, and the values of `columns` sorted.
std::vector<std::string> snapshot(SQLite::Database& db, const std::string& table,
                                  const std::vector<std::string>& columns) {
    std::string list;
    for (const std::string& column : columns) {
        list += (list.empty() ? "" : ", ") + quote(column);
    }
    std::vector<std::string> rows = test::rows_as_text(db, "SELECT count(*) FROM " + quote(table));
    if (!list.empty()) {
        std::vector<std::string> values =
            test::rows_as_text(db, "SELECT " + list + " FROM " + quote(table));
        std::sort(values.begin(), values.end());
        rows.insert(rows.end(), values.begin(), values.end());
    }
    return rows;
}

void expect_rows(SQLite::Database& db, const std::vector<Survivor>& kept,
                 const std::vector<std::vector<std::string>>& before, bool upgraded,
                 const std::string& when) {
    for (std::size_t i = 0; i < kept.size(); ++i) {
        const Survivor& s = kept[i];
        std::vector<std::string> now = upgraded ? snapshot(db, s.new_table, s.new_columns)
                                                : snapshot(db, s.old_table, s.old_columns);
        if (now != before[i]) {
            throw Failure{"after " + when + " the rows of " + s.new_table + " changed; before:\n" +
                          lines(before[i]) + "  after:\n" + lines(now)};
        }
    }
}

struct Sql {
    std::string upgrade, downgrade;
};

// Returns true when the downgrade was refused as its mark says (see Outcome).
bool run_case(const Pair& pair, const std::string& revision_template, Sql& sql) {
    schema::Catalog model_before;
    schema::Catalog model_after;
    try {
        SQLite::Database before_db = memory_database();
        before_db.exec(ddl(pair.before));
        model_before = db::introspect(before_db);
        SQLite::Database after_db = memory_database();
        after_db.exec(ddl(pair.after));
        model_after = db::introspect(after_db);
    } catch (const SQLite::Exception& error) {
        throw Failure{std::string("the generator wrote a model SQLite refuses (a test bug): ") +
                      error.what()};
    }

    // The migrations' schema, built by mig from nothing.
    SQLite::Database db = memory_database();
    autogen::Comparison create = autogen::compare(schema::Catalog{}, model_before);
    script::RevisionScript first = written_revision(
        revision_template, autogen::render_sqlite(create.upgrade, model_before), "");
    run(db, first.upgrade.sql, "creating the first schema");
    expect_schema(db, model_before, "creating the first schema");
    try {
        db.exec("PRAGMA foreign_keys = ON");
        db.exec(rows_sql(pair.before, k_rows));
    } catch (const SQLite::Exception& error) {
        throw Failure{std::string("inserting the rows failed (a test bug): ") + error.what()};
    }
    const schema::Catalog current = db::introspect(db);
    std::set<std::string> known;
    for (const std::string& line : test::rows_as_text(db, "PRAGMA integrity_check")) {
        known.insert(line);
        for (const Rename& rename : pair.renames) {  // the same value under the table's new name
            const std::string from = " in " + rename.from + ".";
            if (rename.table.empty() && line.find(from) != std::string::npos) {
                std::string renamed = line;
                renamed.replace(line.find(from), from.size(), " in " + rename.to + ".");
                known.insert(renamed);
            }
        }
    }

    std::vector<autogen::RenameHint> hints;
    for (const Rename& rename : pair.renames) {
        hints.push_back({rename.table, rename.from, rename.to});
    }
    autogen::Comparison comparison = autogen::compare(current, model_after, hints);
    sql.upgrade = autogen::render_sqlite(comparison.upgrade, model_after);
    sql.downgrade = autogen::render_sqlite(ops::reverse_all(comparison.upgrade), current);
    script::RevisionScript revision =
        written_revision(revision_template, sql.upgrade, sql.downgrade);

    const std::vector<Survivor> kept = survivors(current, model_after, pair.renames);
    std::vector<std::vector<std::string>> rows_before;
    for (const Survivor& s : kept) {
        rows_before.push_back(snapshot(db, s.old_table, s.old_columns));
    }
    // mig never loses data silently: dropping a table or a column with rows is marked.
    const std::vector<std::string> dropped = dropped_data(current, model_after, pair.renames);
    if (!dropped.empty() && revision.upgrade.destructive.empty()) {
        throw Failure{"the upgrade drops " + dropped.front() + " without -- mig:destructive"};
    }
    run(db, revision.upgrade.sql, "the upgrade", {}, known);
    expect_schema(db, model_after, "the upgrade");
    expect_rows(db, kept, rows_before, true, "the upgrade");
    std::set<std::string> lost_parents;
    for (const auto& [key, table] : current.tables) {
        auto survivor =
            std::find_if(kept.begin(), kept.end(),
                         [&name = table.name](const Survivor& s) { return s.old_table == name; });
        const std::size_t stored = static_cast<std::size_t>(std::count_if(
            table.columns.begin(), table.columns.end(),
            [](const schema::Column& c) { return c.generated == schema::Generated::none; }));
        if (survivor == kept.end() || survivor->old_columns.size() < stored) {
            lost_parents.insert(key);
        }
    }
    try {
        run(db, revision.downgrade.sql, "the downgrade", lost_parents, known);
    } catch (const Failure& failure) {
        if (!unrefillable_failure(failure, unrefillable_columns(current, model_after, pair.renames),
                                  revision.downgrade)) {
            throw;
        }
        // A dropped NOT NULL column cannot be refilled: the downgrade fails, as its mark says,
        // and leaves the upgraded database exactly as it was.
        expect_schema(db, model_after, "the failed downgrade");
        expect_rows(db, kept, rows_before, true, "the failed downgrade");
        return true;
    }
    expect_schema(db, current, "the downgrade");
    expect_rows(db, kept, rows_before, false, "the downgrade");
    return false;
}

}  // namespace

Outcome check_pair(const Pair& pair, const std::string& revision_template) {
    Sql sql;
    std::string failure;
    try {
        return Outcome{{}, run_case(pair, revision_template, sql)};
    } catch (const Failure& error) {
        failure = error.what;
    } catch (const std::exception& error) {
        failure = std::string("mig threw: ") + error.what();
    }
    return Outcome{failure + "\n  upgrade SQL:\n" + sql.upgrade + "\n  downgrade SQL:\n" +
                   sql.downgrade};
}

}  // namespace mig::property
