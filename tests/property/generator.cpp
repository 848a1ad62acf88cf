#include "property/generator.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace mig::property {

namespace {

// Names that need quoting (spaces, quotes, dots, keywords, mixed case) next to plain ones, and
// `new_t1`, the name a rebuild of `t1` would use for its temporary table.
const std::vector<std::string> k_table_names = {
    "t1",     "t2",    "t3",  "t4",   "t5",     "order", "my table", "we\"ird",
    "select", "Group", "x.y", "it's", "new_t1", "t6",    "t7",       "values",
};
const std::vector<std::string> k_object_names = {
    "ix1", "ix2", "ix3", "v1", "v2", "tr1", "tr2", "my index", "view\"q", "trigger", "ix.4", "v 3",
};
const std::vector<std::string> k_column_names = {
    "id",  "a",    "b",     "c",  "d",  "user", "a b",    "q\"t", "from",
    "x.y", "it's", "Value", "n1", "n2", "n3",   "rowid_", "e",    "f",
};
const std::vector<std::string> k_types = {
    "",        "INTEGER", "INT",      "TEXT",           "REAL",    "BLOB",
    "NUMERIC", "BOOLEAN", "DATETIME", "DECIMAL(10, 2)", "CHAR(3)", "VARCHAR(20)",
};
// STRICT tables take only these; BLOB is left out because the rows are numbers.
const std::vector<std::string> k_strict_types = {"INTEGER", "INT", "TEXT", "REAL", "ANY"};
const std::vector<std::string> k_actions = {"",         "CASCADE",   "SET NULL",
                                            "RESTRICT", "NO ACTION", "SET DEFAULT"};
const std::vector<std::string> k_collations = {"", "", "NOCASE", "RTRIM", "BINARY"};

std::string fold(const std::string& name) {
    std::string folded = name;
    for (char& c : folded) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return folded;
}

bool is_strict_type(const std::string& type) {
    return std::find(k_strict_types.begin(), k_strict_types.end(), type) != k_strict_types.end();
}

// Does a default fit a STRICT column of `type`? (A wrong one fails when a row takes it.)
bool strict_default_fits(const std::string& type, const std::string& value) {
    if (type == "ANY" || value == "NULL") {
        return true;
    }
    if (value == "X'00'") {
        return false;
    }
    const bool text = value == "'x'" || value == "CURRENT_TIMESTAMP";
    const bool real = value == "1.5";
    if (type == "TEXT") {
        return text;
    }
    if (type == "REAL") {
        return !text;
    }
    return !text && !real;  // INTEGER, INT
}

bool has_column(const ModelTable& table, const std::string& name) {
    return table.find(name) != nullptr;
}

bool all_present(const ModelTable& table, const std::vector<std::string>& columns) {
    return std::all_of(columns.begin(), columns.end(),
                       [&](const std::string& c) { return has_column(table, c); });
}

bool stored_column(const ModelTable& table, const std::string& name) {
    const ModelColumn* column = table.find(name);
    return column != nullptr && column->generated == GeneratedKind::none;
}

bool has_other_stored_column(const ModelTable& table, const std::string& name) {
    return std::any_of(table.columns.begin(), table.columns.end(), [&](const ModelColumn& c) {
        return c.name != name && c.generated == GeneratedKind::none;
    });
}

// A key (PK or UNIQUE) on a table with rows must hold a column the rows made distinct.
bool key_is_distinct(const ModelTable& table, const std::vector<std::string>& columns) {
    if (!table.seeded) {
        return true;
    }
    return std::any_of(columns.begin(), columns.end(), [&](const std::string& c) {
        const ModelColumn* column = table.find(c);
        return column != nullptr && column->seeded;
    });
}

// Are `columns` the parent's primary key or one of its UNIQUE constraints (same order)?
bool is_parent_key(const ModelTable& parent, const std::vector<std::string>& columns) {
    if (parent.primary_key == columns) {
        return true;
    }
    if (std::find(parent.uniques.begin(), parent.uniques.end(), columns) != parent.uniques.end()) {
        return true;
    }
    return columns.size() == 1 && parent.find(columns[0]) != nullptr &&
           parent.find(columns[0])->unique;
}

bool mentions_column(const ModelIndex& index, const ModelTable& table) {
    for (const ModelIndexPart& part : index.parts) {
        const std::string& name = part.column.empty() ? part.source : part.column;
        if (!stored_column(table, name)) {
            return false;
        }
    }
    return index.where_column.empty() || has_column(table, index.where_column);
}

void repair_table(ModelTable& table) {
    // Generated columns read a stored column that exists.
    std::erase_if(table.columns, [&](const ModelColumn& column) {
        return column.generated != GeneratedKind::none &&
               !stored_column(table, column.generated_source);
    });
    if (!all_present(table, table.primary_key) || !key_is_distinct(table, table.primary_key) ||
        std::any_of(table.primary_key.begin(), table.primary_key.end(),
                    [&](const std::string& c) { return !stored_column(table, c); })) {
        table.primary_key.clear();
    }
    if (table.autoincrement && (table.primary_key.size() != 1 || table.without_rowid ||
                                table.find(table.primary_key[0])->type != "INTEGER")) {
        table.autoincrement = false;
    }
    if (table.primary_key.empty()) {
        table.without_rowid = false;
    }
    std::erase_if(table.uniques, [&](const std::vector<std::string>& unique) {
        return !all_present(table, unique) || !key_is_distinct(table, unique) ||
               std::any_of(unique.begin(), unique.end(),
                           [&](const std::string& c) { return !stored_column(table, c); });
    });
    std::erase_if(table.checks,
                  [&](const ModelCheck& check) { return !stored_column(table, check.column); });
    for (ModelColumn& column : table.columns) {
        if (column.unique &&
            (column.generated != GeneratedKind::none || (table.seeded && !column.seeded))) {
            column.unique = false;
        }
        if (table.strict && !is_strict_type(column.type)) {
            column.type = "ANY";
        }
        if (table.strict && column.default_value &&
            !strict_default_fits(column.type, *column.default_value)) {
            column.default_value.reset();
        }
        // A NOT NULL column added to rows needs a default to fill them.
        const bool no_fill = !column.default_value || *column.default_value == "NULL";
        if (column.not_null && table.seeded && !column.seeded && no_fill &&
            column.generated == GeneratedKind::none) {
            column.not_null = false;
        }
    }
}

void repair_foreign_keys(Model& model, ModelTable& table) {
    std::erase_if(table.foreign_keys, [&](const ModelForeignKey& key) {
        const ModelTable* parent = model.find_table(key.table);
        if (parent == nullptr || !all_present(table, key.columns) ||
            !all_present(*parent, key.referenced_columns) ||
            !is_parent_key(*parent, key.referenced_columns) ||
            key.columns.size() != key.referenced_columns.size()) {
            return true;
        }
        for (const std::string& c : key.columns) {
            if (!stored_column(table, c)) {
                return true;
            }
        }
        // Rows hold r in every seeded column: the parent row r must exist, unless a child
        // column is NULL in every row (an unseeded one, whose default is cleared below).
        const bool child_null = std::any_of(
            key.columns.begin(), key.columns.end(),
            [&](const std::string& c) { return table.seeded && !table.find(c)->seeded; });
        const bool parent_rows =
            parent->seeded &&
            std::all_of(key.referenced_columns.begin(), key.referenced_columns.end(),
                        [&](const std::string& c) { return parent->find(c)->seeded; });
        return table.seeded && !child_null && !parent_rows;
    });
    for (const ModelForeignKey& key : table.foreign_keys) {
        for (const std::string& c : key.columns) {
            ModelColumn* column = table.find(c);
            if (table.seeded && !column->seeded) {
                column->default_value.reset();
                column->not_null = false;
            }
        }
    }
}

}  // namespace

bool in_key(const ModelTable& table, const std::string& column) {
    auto has = [&](const std::vector<std::string>& columns) {
        return std::find(columns.begin(), columns.end(), column) != columns.end();
    };
    return has(table.primary_key) || std::any_of(table.uniques.begin(), table.uniques.end(), has);
}

bool in_foreign_key(const Model& model, const ModelTable& table, const ModelColumn& column) {
    for (const ModelTable& other : model.tables) {
        for (const ModelForeignKey& key : other.foreign_keys) {
            if (&other == &table && std::find(key.columns.begin(), key.columns.end(),
                                              column.name) != key.columns.end()) {
                return true;
            }
            if (key.table == table.name &&
                std::find(key.referenced_columns.begin(), key.referenced_columns.end(),
                          column.name) != key.referenced_columns.end()) {
                return true;
            }
        }
    }
    return false;
}

void repair(Model& model) {
    for (int round = 0; round < 3; ++round) {  // a repair can enable another (key -> FK)
        for (ModelTable& table : model.tables) {
            repair_table(table);
        }
        for (ModelTable& table : model.tables) {
            repair_foreign_keys(model, table);
        }
    }
    std::erase_if(model.indexes, [&](const ModelIndex& index) {
        const ModelTable* table = model.find_table(index.table);
        if (table == nullptr || !mentions_column(index, *table)) {
            return true;
        }
        if (!index.unique) {
            return false;
        }
        std::vector<std::string> columns;
        for (const ModelIndexPart& part : index.parts) {
            columns.push_back(part.column.empty() ? part.source : part.column);
        }
        return !key_is_distinct(*table, columns);
    });
    for (ModelView& view : model.views) {
        const ModelTable* table = model.find_table(view.table);
        if (table != nullptr) {
            std::erase_if(view.columns,
                          [&](const std::string& c) { return !has_column(*table, c); });
        }
    }
    std::erase_if(model.views, [&](const ModelView& view) {
        return model.find_table(view.table) == nullptr || view.columns.empty();
    });
    std::erase_if(model.triggers, [&](const ModelTrigger& trigger) {
        const ModelTable* table = model.find_table(trigger.table);
        return table == nullptr || !has_column(*table, trigger.column);
    });
}

std::size_t Generator::below(std::size_t n) {
    return n == 0 ? 0 : static_cast<std::size_t>(m_random() % n);
}

bool Generator::chance(int percent) {
    return below(100) < static_cast<std::size_t>(percent);
}

std::string Generator::fresh_name(const Model& model, const std::vector<std::string>& pool) {
    std::set<std::string> taken = m_reserved;
    for (const auto& t : model.tables) {
        taken.insert(fold(t.name));
    }
    for (const auto& i : model.indexes) {
        taken.insert(fold(i.name));
    }
    for (const auto& v : model.views) {
        taken.insert(fold(v.name));
    }
    for (const auto& t : model.triggers) {
        taken.insert(fold(t.name));
    }
    std::string name = pick(pool);
    for (int suffix = 2; taken.count(fold(name)) > 0; ++suffix) {
        name = pick(pool) + "_" + std::to_string(suffix);
    }
    return name;
}

std::string Generator::fresh_column_name(const ModelTable& table) {
    auto taken = [&](const std::string& name) {
        return std::any_of(table.columns.begin(), table.columns.end(),
                           [&](const ModelColumn& c) { return fold(c.name) == fold(name); });
    };
    std::string name = pick(k_column_names);
    for (int suffix = 2; taken(name); ++suffix) {
        name = pick(k_column_names) + "_" + std::to_string(suffix);
    }
    return name;
}

std::string Generator::type_for(const ModelTable& table) {
    return table.strict ? pick(k_strict_types) : pick(k_types);
}

std::optional<std::string> Generator::default_for(const ModelTable& table,
                                                  const std::string& type) {
    static const std::vector<std::string> k_defaults = {
        "NULL", "0", "-1", "'x'", "1.5", "(1 + 2)", "CURRENT_TIMESTAMP", "TRUE", "X'00'"};
    if (!chance(40)) {
        return std::nullopt;
    }
    std::string value = pick(k_defaults);
    if (table.strict &&
        (value == "X'00'" || value == "TRUE" || !strict_default_fits(type, value))) {
        return std::nullopt;
    }
    return value;
}

ModelColumn Generator::column(const ModelTable& table, bool seeded) {
    ModelColumn column;
    column.name = fresh_column_name(table);
    column.type = type_for(table);
    column.seeded = seeded;
    column.default_value = default_for(table, column.type);
    column.not_null = chance(25);
    column.collation = pick(k_collations);
    if (chance(15)) {
        column.check_form = 1 + static_cast<int>(below(k_check_forms));
        column.check_name = chance(50) ? "ck_" + std::to_string(below(1000)) : "";
    }
    column.unique = chance(8);
    return column;
}

void Generator::add_generated_column(ModelTable& table) {
    std::vector<std::string> sources;
    for (const ModelColumn& c : table.columns) {
        if (c.generated == GeneratedKind::none) {
            sources.push_back(c.name);
        }
    }
    if (sources.empty()) {
        return;
    }
    ModelColumn column;
    column.name = fresh_column_name(table);
    column.type = table.strict ? "ANY" : (chance(50) ? "" : "TEXT");
    column.generated = chance(50) ? GeneratedKind::virtual_column : GeneratedKind::stored;
    column.generated_source = pick(sources);
    column.generated_form = static_cast<int>(below(3));
    column.seeded = true;  // computed, never inserted
    table.columns.push_back(column);
}

void Generator::add_foreign_key(Model& model, ModelTable& table) {
    const ModelTable& parent = pick(model.tables);
    std::vector<std::vector<std::string>> keys = parent.uniques;
    if (!parent.primary_key.empty()) {
        keys.push_back(parent.primary_key);
    }
    for (const ModelColumn& c : parent.columns) {
        if (c.unique) {
            keys.push_back({c.name});
        }
    }
    if (keys.empty()) {
        return;
    }
    ModelForeignKey key;
    key.table = parent.name;
    key.referenced_columns = pick(keys);
    std::vector<std::string> stored;
    for (const ModelColumn& c : table.columns) {
        if (c.generated == GeneratedKind::none) {
            stored.push_back(c.name);
        }
    }
    if (stored.size() < key.referenced_columns.size()) {
        return;
    }
    for (std::size_t i = 0; i < key.referenced_columns.size(); ++i) {
        std::string column = pick(stored);
        if (std::find(key.columns.begin(), key.columns.end(), column) != key.columns.end()) {
            return;
        }
        key.columns.push_back(column);
    }
    // Same declared types on both sides: the rows hold the same number everywhere, and a
    // TEXT child value '1' never finds a numeric parent 1 (a data question, not mig's).
    // Existing rows keep their storage class, so there the types must already be equal, and
    // were equal in `before`, whose types stored the rows (a later STRICT or type change may
    // have made them equal since without changing a stored value).
    for (std::size_t i = 0; i < key.columns.size(); ++i) {
        ModelColumn& child = *table.find(key.columns[i]);
        const std::string& type = parent.find(key.referenced_columns[i])->type;
        if (table.seeded && child.seeded) {
            const BeforeColumn child_before = before_column(table.name, child.name);
            const BeforeColumn parent_before =
                before_column(parent.name, key.referenced_columns[i]);
            if (child.type != type ||
                (child_before.column != nullptr && parent_before.column != nullptr &&
                 child_before.column->type != parent_before.column->type)) {
                return;
            }
        }
        child.type = type;
    }
    key.name = chance(30) ? "fk_" + std::to_string(below(1000)) : "";
    key.on_delete = pick(k_actions);
    key.on_update = pick(k_actions);
    key.deferred = chance(20);
    table.foreign_keys.push_back(key);
}

void Generator::add_table(Model& model, bool seeded) {
    ModelTable table;
    table.name = fresh_name(model, k_table_names);
    table.strict = chance(20);
    table.seeded = seeded;
    const std::size_t columns = 1 + below(5);
    for (std::size_t i = 0; i < columns; ++i) {
        table.columns.push_back(column(table, seeded));
    }
    const std::size_t key = below(10);
    if (key < 3) {  // a rowid alias, sometimes AUTOINCREMENT
        table.columns[0].type = "INTEGER";
        table.columns[0].default_value.reset();
        table.primary_key = {table.columns[0].name};
        table.autoincrement = chance(30);
    } else if (key < 6) {
        table.primary_key = {table.columns[below(table.columns.size())].name};
    } else if (key < 8 && table.columns.size() >= 2) {  // composite, in any order
        table.primary_key = {table.columns[1].name, table.columns[0].name};
    }
    table.without_rowid = !table.primary_key.empty() && !table.autoincrement && chance(25);
    if (table.columns.size() >= 2 && chance(20)) {
        table.uniques.push_back({table.columns.back().name, table.columns.front().name});
    }
    if (chance(20)) {
        table.checks.push_back({1 + static_cast<int>(below(k_check_forms)),
                                table.columns[below(table.columns.size())].name});
    }
    if (chance(20)) {
        add_generated_column(table);
    }
    model.tables.push_back(table);
    if (!model.tables.empty() && chance(40)) {
        add_foreign_key(model, model.tables.back());
    }
}

void Generator::add_index(Model& model) {
    const ModelTable& table = pick(model.tables);
    ModelIndex index;
    index.name = fresh_name(model, k_object_names);
    index.table = table.name;
    index.unique = chance(30);
    const std::size_t parts = 1 + below(2);
    for (std::size_t i = 0; i < parts; ++i) {
        const ModelColumn& column = pick(table.columns);
        ModelIndexPart part;
        if (column.generated == GeneratedKind::none && chance(25)) {
            part.source = column.name;
            part.expression =
                chance(50) ? "lower(" + quote(column.name) + ")" : quote(column.name) + " + 1";
        } else {
            part.column = column.name;
        }
        part.nocase = chance(15);
        part.descending = chance(20);
        index.parts.push_back(part);
    }
    if (chance(25)) {
        index.where_column = pick(table.columns).name;
    }
    model.indexes.push_back(index);
}

void Generator::add_view(Model& model) {
    const ModelTable& table = pick(model.tables);
    ModelView view;
    view.name = fresh_name(model, k_object_names);
    view.table = table.name;
    for (const ModelColumn& column : table.columns) {
        if (chance(60)) {
            view.columns.push_back(column.name);
        }
    }
    if (view.columns.empty()) {
        view.columns.push_back(table.columns.front().name);
    }
    model.views.push_back(view);
}

void Generator::add_trigger(Model& model) {
    const ModelTable& table = pick(model.tables);
    static const std::vector<std::string> k_events = {"INSERT", "UPDATE", "DELETE"};
    model.triggers.push_back(
        {fresh_name(model, k_object_names), table.name, pick(k_events), pick(table.columns).name});
}

Model Generator::schema() {
    Model model;
    const std::size_t tables = 1 + below(4);
    for (std::size_t i = 0; i < tables; ++i) {
        add_table(model, true);
    }
    for (std::size_t i = below(3); i > 0; --i) {
        add_index(model);
    }
    if (chance(40)) {
        add_view(model);
    }
    if (chance(30)) {
        add_trigger(model);
    }
    repair(model);
    return model;
}

Generator::BeforeColumn Generator::before_column(const std::string& table,
                                                 const std::string& column) const {
    if (m_before == nullptr) {  // still drawing `before` itself
        return {};
    }
    // The names in `before`: a rename made by an earlier mutation of the pair is undone.
    std::string table_name = table;
    std::string column_name = column;
    for (const Rename& rename : *m_renames) {
        if (rename.table.empty() && rename.to == table_name) {
            table_name = rename.from;
        } else if (rename.table == table_name && rename.to == column_name) {
            column_name = rename.from;
        }
    }
    const ModelTable* before = m_before->find_table(table_name);
    const ModelColumn* found = before == nullptr ? nullptr : before->find(column_name);
    return found == nullptr ? BeforeColumn{} : BeforeColumn{before, found};
}

bool Generator::was_key_column(const std::string& table, const std::string& column) const {
    const BeforeColumn found = before_column(table, column);
    if (found.column == nullptr) {
        return false;
    }
    if (found.column->unique || in_key(*found.table, found.column->name)) {
        return true;
    }
    // A UNIQUE index is a key too: the downgrade recreates it over the refilled column.
    return std::any_of(m_before->indexes.begin(), m_before->indexes.end(),
                       [&](const ModelIndex& index) {
                           return index.unique && index.table == found.table->name &&
                                  std::any_of(index.parts.begin(), index.parts.end(),
                                              [&](const ModelIndexPart& part) {
                                                  return part.column == found.column->name ||
                                                         part.source == found.column->name;
                                              });
                       });
}

std::string Generator::mutate_column(Model& model, ModelTable& table, ModelColumn& column,
                                     std::vector<Rename>& renames) {
    const std::string where = table.name + "." + column.name;
    switch (below(9)) {
        case 0: {  // rename, told to compare as --rename would
            std::string old_name = column.name;
            std::string new_name = fresh_column_name(table);
            column.name = new_name;
            auto rename = [&](std::string& name) {
                if (name == old_name) {
                    name = new_name;
                }
            };
            for (auto& key : table.primary_key)
                rename(key);
            for (auto& unique : table.uniques) {
                for (auto& c : unique)
                    rename(c);
            }
            for (auto& check : table.checks)
                rename(check.column);
            for (auto& c : table.columns)
                rename(c.generated_source);
            for (auto& key : table.foreign_keys) {
                for (auto& c : key.columns)
                    rename(c);
            }
            for (auto& other : model.tables) {
                for (auto& key : other.foreign_keys) {
                    if (key.table == table.name) {
                        for (auto& c : key.referenced_columns)
                            rename(c);
                    }
                }
            }
            for (auto& index : model.indexes) {
                if (index.table != table.name) {
                    continue;
                }
                rename(index.where_column);
                for (auto& part : index.parts) {
                    rename(part.column);
                    if (part.source == old_name) {
                        part.source = new_name;
                        part.expression = part.expression.starts_with("lower(")
                                              ? "lower(" + quote(new_name) + ")"
                                              : quote(new_name) + " + 1";
                    }
                }
            }
            for (auto& view : model.views) {
                if (view.table == table.name) {
                    for (auto& c : view.columns)
                        rename(c);
                }
            }
            for (auto& trigger : model.triggers) {
                if (trigger.table == table.name)
                    rename(trigger.column);
            }
            renames.push_back({table.name, old_name, new_name});
            return "rename column " + where + " to " + new_name;
        }
        case 1:
            if (column.generated != GeneratedKind::none || in_foreign_key(model, table, column)) {
                return "nothing";  // key types stay equal (see add_foreign_key)
            }
            column.type = type_for(table);
            return "type of " + where + " -> " + column.type;
        case 2:
            if (column.generated != GeneratedKind::none) {
                return "nothing";  // NOT NULL on a computed value is the data's business
            }
            column.not_null = !column.not_null;
            return std::string(column.not_null ? "set" : "drop") + " NOT NULL on " + where;
        case 3:
            if (column.generated != GeneratedKind::none) {
                return "nothing";
            }
            column.default_value = default_for(table, column.type);
            return "default of " + where + " -> " + column.default_value.value_or("none");
        case 4:
            column.collation = pick(k_collations);
            return "collation of " + where + " -> " + column.collation;
        case 5:
            column.check_form = column.check_form == 0 || chance(50)
                                    ? 1 + static_cast<int>(below(k_check_forms))
                                    : 0;
            return "column check of " + where + " -> form " + std::to_string(column.check_form);
        case 6:
            column.unique = !column.unique;
            return std::string(column.unique ? "add" : "drop") + " UNIQUE on " + where;
        case 7: {
            // The downgrade refills a dropped key column with one default for every row, which
            // its key then refuses: such a drop is left out of the batch. (A dropped NOT NULL
            // column without a default is kept in: its downgrade must fail, marked destructive
            // and changing nothing; round_trip.cpp checks that.)
            if (table.seeded && (column.unique || in_key(table, column.name) ||
                                 was_key_column(table.name, column.name))) {
                return "nothing";
            }
            // SQLite refuses a table without a stored column, and repair() removes the
            // generated columns that read the dropped one: another stored column must stay.
            if (!has_other_stored_column(table, column.name)) {
                return "nothing";
            }
            const std::string name = column.name;  // `column` goes with the erase
            std::erase_if(table.columns, [&](const ModelColumn& c) { return c.name == name; });
            return "drop column " + where;
        }
        default:
            if (column.generated != GeneratedKind::none) {
                column.generated = column.generated == GeneratedKind::stored
                                       ? GeneratedKind::virtual_column
                                       : GeneratedKind::stored;
                return "generated kind of " + where;
            }
            return "nothing";
    }
}

std::string Generator::mutate_table(Model& model, ModelTable& table, std::vector<Rename>& renames) {
    switch (below(10)) {
        case 0: {
            std::string old_name = table.name;
            std::string new_name = fresh_name(model, k_table_names);
            table.name = new_name;
            for (auto& other : model.tables) {
                for (auto& key : other.foreign_keys) {
                    if (key.table == old_name)
                        key.table = new_name;
                }
            }
            for (auto& index : model.indexes) {
                if (index.table == old_name)
                    index.table = new_name;
            }
            for (auto& view : model.views) {
                if (view.table == old_name)
                    view.table = new_name;
            }
            for (auto& trigger : model.triggers) {
                if (trigger.table == old_name)
                    trigger.table = new_name;
            }
            renames.push_back({"", old_name, new_name});
            return "rename table " + old_name + " to " + new_name;
        }
        case 1: {
            ModelColumn added = column(table, !table.seeded);
            added.seeded = !table.seeded;
            table.columns.push_back(added);
            return "add column " + table.name + "." + added.name;
        }
        case 2:
            add_generated_column(table);
            return "add generated column to " + table.name;
        case 3:
            table.strict = !table.strict;
            return std::string(table.strict ? "set" : "drop") + " STRICT on " + table.name;
        case 4:
            table.without_rowid = !table.without_rowid && !table.autoincrement;
            return "WITHOUT ROWID on " + table.name + " -> " + (table.without_rowid ? "yes" : "no");
        case 5: {
            const ModelColumn& key = pick(table.columns);
            table.primary_key =
                chance(30) ? std::vector<std::string>{} : std::vector<std::string>{key.name};
            table.autoincrement = false;
            return "primary key of " + table.name + " -> " +
                   (table.primary_key.empty() ? "none" : key.name);
        }
        case 6:
            if (!table.uniques.empty() && chance(50)) {
                table.uniques.pop_back();
                return "drop a UNIQUE of " + table.name;
            }
            table.uniques.push_back({pick(table.columns).name});
            return "add a UNIQUE to " + table.name;
        case 7:
            if (!table.checks.empty() && chance(50)) {
                table.checks.pop_back();
                return "drop a CHECK of " + table.name;
            }
            table.checks.push_back(
                {1 + static_cast<int>(below(k_check_forms)), pick(table.columns).name});
            return "add a CHECK to " + table.name;
        case 8:
            if (!table.foreign_keys.empty() && chance(50)) {
                if (chance(50)) {
                    table.foreign_keys.pop_back();
                    return "drop a foreign key of " + table.name;
                }
                table.foreign_keys.back().on_delete = pick(k_actions);
                table.foreign_keys.back().deferred = !table.foreign_keys.back().deferred;
                return "change a foreign key of " + table.name;
            }
            add_foreign_key(model, table);
            return "add a foreign key to " + table.name;
        default:
            return mutate_column(model, table, table.columns[below(table.columns.size())], renames);
    }
}

std::string Generator::mutate(Model& model, std::vector<Rename>& renames) {
    switch (below(12)) {
        case 0:
            add_table(model, false);
            return "add table " + model.tables.back().name;
        case 1: {
            if (model.tables.size() < 2) {
                return "nothing";
            }
            std::size_t at = below(model.tables.size());
            std::string name = model.tables[at].name;
            model.tables.erase(model.tables.begin() + static_cast<std::ptrdiff_t>(at));
            return "drop table " + name;
        }
        case 2:
            add_index(model);
            return "add index " + model.indexes.back().name;
        case 3:
            if (model.indexes.empty()) {
                return "nothing";
            }
            model.indexes.erase(model.indexes.begin() +
                                static_cast<std::ptrdiff_t>(below(model.indexes.size())));
            return "drop an index";
        case 4:
            if (!model.views.empty() && chance(50)) {
                model.views.pop_back();
                return "drop a view";
            }
            add_view(model);
            return "add view " + model.views.back().name;
        case 5:
            if (!model.triggers.empty() && chance(50)) {
                model.triggers.pop_back();
                return "drop a trigger";
            }
            add_trigger(model);
            return "add trigger " + model.triggers.back().name;
        default:
            return mutate_table(model, model.tables[below(model.tables.size())], renames);
    }
}

Pair Generator::pair() {
    Pair result;
    m_reserved.clear();
    m_before = nullptr;
    m_renames = nullptr;
    result.before = schema();
    m_before = &result.before;
    m_renames = &result.renames;
    result.after = result.before;
    for (const ModelTable& table : result.before.tables) {
        m_reserved.insert(fold(table.name));
    }
    // Renames apply to `before`'s names: only the first rename of an object is kept simple, so
    // at most one rename per pair.
    const std::size_t mutations = 1 + below(3);
    for (std::size_t i = 0; i < mutations; ++i) {
        std::vector<Rename> renames;
        std::string done = mutate(result.after, renames);
        if (!renames.empty() && !result.renames.empty()) {
            return pair();  // two renames chain awkwardly; draw again (deterministic)
        }
        result.renames.insert(result.renames.end(), renames.begin(), renames.end());
        result.mutations.push_back(done);
        repair(result.after);
    }
    // A later mutation may have dropped a renamed object again, or reused the old name: such a
    // hint would name nothing, so it goes (the pair then drops and adds).
    std::erase_if(result.renames, [&](const Rename& rename) {
        if (rename.table.empty()) {
            return result.before.find_table(rename.from) == nullptr ||
                   result.after.find_table(rename.from) != nullptr ||
                   result.after.find_table(rename.to) == nullptr;
        }
        const ModelTable* table = result.after.find_table(rename.table);
        const ModelTable* old_table = result.before.find_table(rename.table);
        return table == nullptr || old_table == nullptr ||
               old_table->find(rename.from) == nullptr || table->find(rename.from) != nullptr ||
               table->find(rename.to) == nullptr;
    });
    return result;
}

}  // namespace mig::property
