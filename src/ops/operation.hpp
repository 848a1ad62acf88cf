#pragma once

#include "schema/catalog.hpp"

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace mig::ops {

// Operation objects: the pivot of autogenerate. Compare produces them, reverse() derives the
// downgrade from the upgrade, render turns them into SQL. Every operation carries enough of
// the schema to be reversed without looking anything up (a DropTable keeps the whole table).
// Pure values: no I/O. Equality is the catalog's semantic equality, field by field.

struct CreateTable {
    schema::Table table;

    friend bool operator==(const CreateTable&, const CreateTable&) = default;
};
struct DropTable {
    schema::Table table;  // as it was, so the reverse can recreate it

    friend bool operator==(const DropTable&, const DropTable&) = default;
};
struct RenameTable {
    std::string from;
    std::string to;

    friend bool operator==(const RenameTable&, const RenameTable&) = default;
};
struct AddColumn {
    std::string table;
    schema::Column column;
    // The constraints written on the column itself, which ADD COLUMN keeps: the CHECKs of the
    // column and single-column foreign keys on it. DROP COLUMN removes them with the column.
    std::vector<schema::CheckConstraint> checks = {};
    std::vector<schema::ForeignKey> foreign_keys = {};

    friend bool operator==(const AddColumn&, const AddColumn&) = default;
};
struct DropColumn {
    std::string table;
    schema::Column column;  // as it was

    friend bool operator==(const DropColumn&, const DropColumn&) = default;
};
struct RenameColumn {
    std::string table;
    std::string from;
    std::string to;

    friend bool operator==(const RenameColumn&, const RenameColumn&) = default;
};
// Anything SQLite cannot ALTER in place (a type, default, NOT NULL, collation, constraint,
// primary key or column-order change; dropping a column SQLite's DROP COLUMN refuses): the
// table is rebuilt by the procedure of SQLite's ALTER TABLE documentation, keeping every row.
struct RebuildTable {
    schema::Table from;
    schema::Table to;
    // Each column of `to` and the column of `from` its values come from (same name unless
    // renamed); a `to` column absent here gets its default. compare() lists them in `to`'s
    // column order and leaves out generated columns (their values are computed).
    //
    // The table's indexes and triggers, and the views that read it, are not separate operations:
    // the rebuild drops them with the old table and render recreates them, so compare never
    // emits them for a rebuilt table unless they changed themselves.
    std::vector<std::pair<std::string, std::string>> column_sources;

    friend bool operator==(const RebuildTable&, const RebuildTable&) = default;
};
struct CreateIndex {
    schema::Index index;

    friend bool operator==(const CreateIndex&, const CreateIndex&) = default;
};
struct DropIndex {
    schema::Index index;

    friend bool operator==(const DropIndex&, const DropIndex&) = default;
};
struct CreateView {
    schema::View view;

    friend bool operator==(const CreateView&, const CreateView&) = default;
};
struct DropView {
    schema::View view;

    friend bool operator==(const DropView&, const DropView&) = default;
};
struct CreateTrigger {
    schema::Trigger trigger;

    friend bool operator==(const CreateTrigger&, const CreateTrigger&) = default;
};
struct DropTrigger {
    schema::Trigger trigger;

    friend bool operator==(const DropTrigger&, const DropTrigger&) = default;
};

using Operation = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn,
                               RenameColumn, RebuildTable, CreateIndex, DropIndex, CreateView,
                               DropView, CreateTrigger, DropTrigger>;

// The operation that undoes `operation`.
Operation reverse(const Operation& operation);

// The downgrade of an upgrade: each operation reversed, in reverse order.
std::vector<Operation> reverse_all(const std::vector<Operation>& upgrade);

// Can applying `operation` lose data? (drop table/column; a rebuild that drops a column,
// narrows a type, adds NOT NULL or a CHECK, or adds UNIQUE). `reason` says why, in words
// for the `-- mig:destructive <reason>` mark and the stderr list.
struct DataLoss {
    bool possible = false;
    std::string reason;
};
DataLoss data_loss(const Operation& operation);

// One line in a reviewer's words: "add column age INTEGER to table user".
std::string describe(const Operation& operation);

// What a rebuild changes, one item each: "column age type INTEGER -> TEXT", "drop column x",
// "column order", "foreign keys"...
std::vector<std::string> rebuild_changes(const RebuildTable& rebuild);

}  // namespace mig::ops
