#pragma once

// The property test's own description of a schema: small structured values that the generator
// builds and mutates, rendered to the DDL text a user would write in a model file. Structured
// (not text) so that a mutation can keep the schema consistent: dropping a column also drops the
// index, view, trigger, check or key that names it, renaming one renames it everywhere.

#include <optional>
#include <string>
#include <vector>

namespace mig::property {

enum class GeneratedKind { none, virtual_column, stored };

struct ModelColumn {
    std::string name;
    std::string type;  // as declared; empty for none
    bool not_null = false;
    std::optional<std::string> default_value;  // as written after DEFAULT
    std::string collation;                     // empty for none
    int check_form = 0;                        // a CHECK on the column (see check_expression)
    std::string check_name;                    // its CONSTRAINT name; empty for none
    bool unique = false;                       // a column UNIQUE constraint
    GeneratedKind generated = GeneratedKind::none;
    std::string generated_source;  // the column the generated expression reads
    int generated_form = 0;        // which expression (see generated_expression)
    // The column existed when the rows were inserted, so each row holds its row number here
    // (see rows_sql). A column added by a mutation holds its default instead.
    bool seeded = false;
};

struct ModelForeignKey {
    std::string name;  // empty for none
    std::vector<std::string> columns;
    std::string table;
    std::vector<std::string> referenced_columns;
    std::string on_delete;  // empty: not written
    std::string on_update;
    bool deferred = false;
};

// A CHECK over one column, in one of a few forms that every row the test inserts satisfies.
struct ModelCheck {
    int form = 0;  // 1.. (see check_expression)
    std::string column;
};

struct ModelTable {
    std::string name;
    std::vector<ModelColumn> columns;
    std::vector<std::string> primary_key;
    bool autoincrement = false;  // only on an INTEGER PRIMARY KEY of a rowid table
    std::vector<std::vector<std::string>> uniques;  // table UNIQUE constraints
    std::vector<ModelCheck> checks;                 // table CHECK constraints
    std::vector<ModelForeignKey> foreign_keys;
    bool without_rowid = false;
    bool strict = false;
    bool seeded = false;  // has rows (see ModelColumn::seeded)

    ModelColumn* find(const std::string& column);
    const ModelColumn* find(const std::string& column) const;
};

struct ModelIndexPart {
    std::string column;      // empty for an expression
    std::string expression;  // over `source`
    std::string source;      // the column an expression reads
    bool nocase = false;
    bool descending = false;
};

struct ModelIndex {
    std::string name;
    std::string table;
    bool unique = false;
    std::vector<ModelIndexPart> parts;
    std::string where_column;  // partial index: WHERE "where_column" IS NOT NULL; empty: none
};

struct ModelView {
    std::string name;
    std::string table;
    std::vector<std::string> columns;
};

struct ModelTrigger {
    std::string name;
    std::string table;
    std::string event;   // INSERT, UPDATE or DELETE
    std::string column;  // the column the body reads (NEW or OLD)
};

struct Model {
    std::vector<ModelTable> tables;
    std::vector<ModelIndex> indexes;
    std::vector<ModelView> views;
    std::vector<ModelTrigger> triggers;

    ModelTable* find_table(const std::string& name);
    const ModelTable* find_table(const std::string& name) const;
};

// `name` in double quotes, inner quotes doubled.
std::string quote(const std::string& name);

// The forms a CHECK takes over `column`: each holds for NULL, for every row number (in any
// affinity) and for every default the generator writes.
constexpr int k_check_forms = 4;
std::string check_expression(int form, const std::string& column);

// The expression of a generated column.
std::string generated_expression(const ModelColumn& column);

// The model file: CREATE TABLE / INDEX / VIEW / TRIGGER statements, tables first.
std::string ddl(const Model& model);

// INSERT statements giving every seeded table `rows` rows: row r holds r in every stored
// column (as the column's affinity stores it), so that keys are unique, foreign keys between
// seeded columns always find their parent row, and every CHECK the generator writes holds.
std::string rows_sql(const Model& model, int rows);

}  // namespace mig::property
