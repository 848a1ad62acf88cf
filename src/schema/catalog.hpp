#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::schema {

// A database schema as plain values: what autogenerate compares and renders.
//
// Text fields hold SQL as written (a default of `(1+2)` stays `(1+2)`, so it can be rendered
// back), and the equality operators are SEMANTIC: they answer "would a migration have to change
// anything?". What counts as a change, and what does not:
//
//   never a change
//     - letter case of any name (SQLite folds ASCII case): tables, columns, indexes, constraints,
//       collations, referenced tables and columns;
//     - whitespace, comments, keyword case, identifier quoting and redundant enclosing
//       parentheses inside expressions (see normalize_sql / normalize_expression);
//     - the original CREATE text (`sql`) of tables and indexes: only what it defines counts;
//     - the order of UNIQUE, CHECK and FOREIGN KEY constraints within a table (they are compared
//       as sets), and whether a CHECK is written on the column or on the table;
//     - spellings SQLite treats alike: no DEFAULT and `DEFAULT NULL`; no COLLATE and
//       `COLLATE BINARY`; no ON CONFLICT and `ON CONFLICT ABORT`; `DEFERRABLE`,
//       `DEFERRABLE INITIALLY IMMEDIATE`, `NOT DEFERRABLE` and nothing (only
//       `DEFERRABLE INITIALLY DEFERRED` defers a foreign key); any MATCH clause (SQLite parses
//       and ignores it: every foreign key works as MATCH SIMPLE);
//     - the generated names of automatic indexes (sqlite_autoindex_<table>_<n> follow the
//       declaration order): automatic indexes are compared by table and content.
//
//   a change
//     - a table, column, index, view or trigger added, removed or renamed;
//     - column order;
//     - a column's declared type, compared as normalized text: `varchar (255)` equals
//       `VARCHAR(255)`, but `INT` differs from `INTEGER` (only `INTEGER PRIMARY KEY` is a rowid
//       alias) and `BOOLEAN` from `INTEGER`, although their affinities match;
//     - NOT NULL, the default expression (normalized: `1` and `(1)` are equal, `1` and `1.0`
//       are not, string literals are case-sensitive), the collation, a generated column's kind
//       (VIRTUAL or STORED) or expression, the hidden flag;
//     - the primary key's columns or their order, AUTOINCREMENT, the constraint's name;
//     - any UNIQUE, CHECK or FOREIGN KEY constraint's content or name; a foreign key's
//       referenced table and columns (`REFERENCES p` and `REFERENCES p(id)` differ, although
//       both mean p's primary key when that is id), actions, or whether it is deferred;
//     - WITHOUT ROWID, STRICT;
//     - an index's table, uniqueness, parts (column or expression, collation, ASC/DESC), partial
//       WHERE clause, or origin (CREATE INDEX versus UNIQUE / PRIMARY KEY);
//     - a view's or trigger's normalized SQL (for triggers: also the table they belong to).
//
// Not tracked: ASC/DESC on a column's PRIMARY KEY clause of a rowid table, and a virtual table's
// columns (a virtual table is compared by its normalized CREATE text).

// An ON CONFLICT clause. `none` (not written) behaves as `abort`.
enum class ConflictAction { none, rollback, abort, fail, ignore, replace };

enum class Generated { none, virtual_column, stored };

enum class ForeignKeyAction { no_action, restrict, set_null, set_default, cascade };

// As written. Only `initially_deferred` (DEFERRABLE INITIALLY DEFERRED) defers the check to
// COMMIT; `initially_immediate` is DEFERRABLE alone or DEFERRABLE INITIALLY IMMEDIATE, and
// `not_deferrable` is NOT DEFERRABLE with any INITIALLY clause.
enum class Deferrable { not_written, not_deferrable, initially_immediate, initially_deferred };

enum class SortOrder { asc, desc };

enum class TableKind { ordinary, virtual_table };

enum class IndexOrigin {
    create_index,       // CREATE INDEX
    unique_constraint,  // made by SQLite for a UNIQUE constraint
    primary_key,        // made by SQLite for a PRIMARY KEY that is not the rowid
};

struct Column {
    std::string name;
    std::string type;  // declared type as SQLite reports it; empty when none was declared
    bool not_null = false;
    ConflictAction not_null_conflict = ConflictAction::none;
    std::optional<std::string> default_value;  // as written after DEFAULT: `'x'`, `(1+2)`
    std::string collation;                     // as written after COLLATE; empty when none
    Generated generated = Generated::none;
    std::string generated_expression;  // as written inside AS ( ... ), without the parentheses
    bool hidden = false;               // a virtual table's hidden column
    int pk_position = 0;               // 1-based position in the primary key; 0 when not in it

    friend bool operator==(const Column& a, const Column& b);
};

struct PrimaryKey {
    std::string name;                  // CONSTRAINT name; empty when unnamed
    std::vector<std::string> columns;  // in key order; empty when the table has no primary key
    bool autoincrement = false;
    ConflictAction on_conflict = ConflictAction::none;

    friend bool operator==(const PrimaryKey& a, const PrimaryKey& b);
};

struct UniqueConstraint {
    std::string name;
    std::vector<std::string> columns;
    ConflictAction on_conflict = ConflictAction::none;

    friend bool operator==(const UniqueConstraint& a, const UniqueConstraint& b);
};

struct CheckConstraint {
    std::string name;
    std::string expression;  // as written inside CHECK ( ... ), without the parentheses
    std::string column;      // the column it is written on; empty for a table constraint

    friend bool operator==(const CheckConstraint& a, const CheckConstraint& b);
};

struct ForeignKey {
    std::string name;
    std::vector<std::string> columns;
    std::string referenced_table;
    std::vector<std::string> referenced_columns;  // empty: the referenced table's primary key
    ForeignKeyAction on_delete = ForeignKeyAction::no_action;
    ForeignKeyAction on_update = ForeignKeyAction::no_action;
    std::string match;  // MATCH name as written; empty when none. Not compared: SQLite ignores it
    Deferrable deferrable = Deferrable::not_written;

    bool is_deferred() const { return deferrable == Deferrable::initially_deferred; }
    friend bool operator==(const ForeignKey& a, const ForeignKey& b);
};

struct Table {
    std::string name;
    TableKind kind = TableKind::ordinary;
    std::vector<Column> columns;  // in declaration order
    PrimaryKey primary_key;
    std::vector<UniqueConstraint> unique_constraints;  // in declaration order
    std::vector<CheckConstraint> checks;               // in declaration order
    std::vector<ForeignKey> foreign_keys;              // in declaration order
    bool without_rowid = false;
    bool strict = false;
    std::string sql;  // the CREATE statement as stored by the database

    const Column* find_column(std::string_view column_name) const;
    friend bool operator==(const Table& a, const Table& b);
};

struct IndexPart {
    std::string column;      // the indexed column; empty for an expression
    std::string expression;  // the indexed expression as written; empty for a column
    std::string collation;   // as SQLite reports it (BINARY unless another applies)
    SortOrder order = SortOrder::asc;

    bool is_expression() const { return column.empty(); }
    friend bool operator==(const IndexPart& a, const IndexPart& b);
};

struct Index {
    std::string name;
    std::string table;
    bool unique = false;
    std::vector<IndexPart> parts;
    std::optional<std::string> where;  // a partial index's condition as written, without WHERE
    IndexOrigin origin = IndexOrigin::create_index;
    std::string sql;  // empty for automatic indexes

    friend bool operator==(const Index& a, const Index& b);
};

// Index equality without the name, for automatic indexes.
bool same_index_content(const Index& a, const Index& b);

struct View {
    std::string name;
    std::string sql;

    friend bool operator==(const View& a, const View& b);
};

struct Trigger {
    std::string name;
    std::string table;
    std::string sql;

    friend bool operator==(const Trigger& a, const Trigger& b);
};

// Every map is keyed by fold_identifier(name), so iteration order is deterministic and lookups
// ignore letter case.
struct Catalog {
    std::map<std::string, Table> tables;
    std::map<std::string, Index> indexes;  // explicit and automatic
    std::map<std::string, View> views;
    std::map<std::string, Trigger> triggers;

    void add(Table table);
    void add(Index index);
    void add(View view);
    void add(Trigger trigger);

    const Table* find_table(std::string_view name) const;
    const Index* find_index(std::string_view name) const;
    // The indexes on `table`, explicit and automatic, in name order.
    std::vector<const Index*> indexes_of(std::string_view table) const;

    friend bool operator==(const Catalog& a, const Catalog& b);
};

}  // namespace mig::schema
