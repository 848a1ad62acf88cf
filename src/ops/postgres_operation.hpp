#pragma once

#include "ops/operation.hpp"
#include "schema/postgres_catalog.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

// PostgreSQL operation objects: what autogen::pg::compare produces, reverse() turns into the
// downgrade and autogen::pg::render writes as DDL. As on SQLite, every operation carries
// enough of the schema to be reversed without looking anything up (a DropTable keeps the whole
// table), and changes are (from, to) pairs so that reverse() is a swap. Pure values, no I/O.
namespace mig::ops::pg {

namespace cat = schema::pg;

struct CreateSchema {
    std::string name;
    std::optional<std::string> comment;
    friend bool operator==(const CreateSchema&, const CreateSchema&) = default;
};
struct DropSchema {
    std::string name;
    std::optional<std::string> comment;
    friend bool operator==(const DropSchema&, const DropSchema&) = default;
};
struct CreateExtension {
    cat::Extension extension;
    friend bool operator==(const CreateExtension&, const CreateExtension&) = default;
};
struct DropExtension {
    cat::Extension extension;
    friend bool operator==(const DropExtension&, const DropExtension&) = default;
};

struct CreateEnum {
    cat::EnumType type;
    friend bool operator==(const CreateEnum&, const CreateEnum&) = default;
};
struct DropEnum {
    cat::EnumType type;
    friend bool operator==(const DropEnum&, const DropEnum&) = default;
};
// A column whose type is an enum or a domain (or an array of it), as AlterEnum and
// RecreateDomain need it when the type is recreated: `type` as the catalog spells it
// (`public.mood`, `public.mood[]`). Its default is dropped before the column moves to the new
// type; `default_after` is set after it (none: left dropped, a later AlterColumn sets the new
// one; an enum's recreation sets the model's new default itself, which its reverse must put
// back even when it is an ADD VALUE). `default_before` is the default the column has when the
// operation runs: reverse() swaps the two.
struct EnumColumn {
    cat::QualifiedName table;
    std::string column;
    std::string type;
    std::optional<std::string> default_before;
    std::optional<std::string> default_after;
    friend bool operator==(const EnumColumn&, const EnumColumn&) = default;
};
// A domain recreated under its name, because its base type changes (ALTER DOMAIN cannot
// change it) or because the enum it is over is recreated (AlterEnum::domains): rename the old
// domain `<name>_mig_old`, create `to`, move every column of `columns` to it (`USING
// col::type`, through text from an enum; its default dropped before and put back after),
// drop the old domain. `from.name == to.name`.
struct RecreateDomain {
    cat::Domain from;
    cat::Domain to;
    std::vector<EnumColumn> columns;
    friend bool operator==(const RecreateDomain&, const RecreateDomain&) = default;
};

// An enum's values change. When `from`'s values keep their order within `to`'s, render writes
// `ALTER TYPE ... ADD VALUE ... BEFORE/AFTER` (unless `recreate`); otherwise (a value dropped,
// values reordered) it recreates the type: rename the old one, create the new one, move every
// column of `columns` to it `USING col::text::type`, drop the old one. `from.name == to.name`;
// the comment is not part of it.
struct AlterEnum {
    cat::EnumType from;
    cat::EnumType to;
    std::vector<EnumColumn> columns;
    // CHECK constraints that name the type (`CHECK ((m <> 'c'::public.mood))`) and stay: a
    // recreation drops them before the columns move and adds them back after, since the
    // server cannot compare the new type with the old one's literals.
    std::vector<std::pair<cat::QualifiedName, cat::Constraint>> checks = {};
    // Domains over the type, recreated over the new one between its creation and the old
    // one's drop (a recreation only).
    std::vector<RecreateDomain> domains = {};
    // Indexes that stay and name the type's literals (a partial index's `WHERE (m <>
    // 'c'::public.mood)`): dropped before the columns move and created after, since the
    // server rebuilds an index of a moved column from its text, where the literal would read
    // as the old type.
    std::vector<cat::Index> indexes = {};
    // Recreate the type even when values are only added: an added value cannot be used
    // before the transaction that added it commits, so autogen::pg::compare recreates a type
    // whose new values the same revision uses, and the revision keeps its one transaction.
    bool recreate = false;
    friend bool operator==(const AlterEnum&, const AlterEnum&) = default;
};

struct CreateDomain {
    cat::Domain domain;
    friend bool operator==(const CreateDomain&, const CreateDomain&) = default;
};
struct DropDomain {
    cat::Domain domain;
    friend bool operator==(const DropDomain&, const DropDomain&) = default;
};
// Default, NOT NULL and constraints of a domain whose base type and collation stay the same
// (RecreateDomain otherwise).
struct AlterDomain {
    cat::Domain from;
    cat::Domain to;
    friend bool operator==(const AlterDomain&, const AlterDomain&) = default;
};

struct CreateSequence {
    cat::Sequence sequence;  // OWNED BY comes later, by an AlterSequence, once the table exists
    friend bool operator==(const CreateSequence&, const CreateSequence&) = default;
};
struct DropSequence {
    cat::Sequence sequence;
    friend bool operator==(const DropSequence&, const DropSequence&) = default;
};
// A serial column's sequence follows its table or column renamed by --rename.
struct RenameSequence {
    cat::QualifiedName from;
    std::string to;  // same schema
    friend bool operator==(const RenameSequence&, const RenameSequence&) = default;
};
struct AlterSequence {  // options and OWNED BY
    cat::Sequence from;
    cat::Sequence to;
    friend bool operator==(const AlterSequence&, const AlterSequence&) = default;
};

struct CreateFunction {
    cat::Function function;
    friend bool operator==(const CreateFunction&, const CreateFunction&) = default;
};
struct DropFunction {
    cat::Function function;
    friend bool operator==(const DropFunction&, const DropFunction&) = default;
};
// CREATE OR REPLACE with `to`'s definition (same signature and result type).
struct ReplaceFunction {
    cat::Function from;
    cat::Function to;
    friend bool operator==(const ReplaceFunction&, const ReplaceFunction&) = default;
};

struct CreateTable {
    cat::Table
        table;  // its constraints are created with it (compare leaves out the FKs it adds later)
    friend bool operator==(const CreateTable&, const CreateTable&) = default;
};
struct DropTable {
    cat::Table table;
    friend bool operator==(const DropTable&, const DropTable&) = default;
};
struct RenameTable {
    cat::QualifiedName from;
    std::string to;  // same schema
    friend bool operator==(const RenameTable&, const RenameTable&) = default;
};
struct SetLogged {  // ALTER TABLE SET UNLOGGED / SET LOGGED
    cat::QualifiedName table;
    bool unlogged = false;
    friend bool operator==(const SetLogged&, const SetLogged&) = default;
};

struct AddColumn {
    cat::QualifiedName table;
    cat::Column column;
    friend bool operator==(const AddColumn&, const AddColumn&) = default;
};
struct DropColumn {
    cat::QualifiedName table;
    cat::Column column;
    friend bool operator==(const DropColumn&, const DropColumn&) = default;
};
struct RenameColumn {
    cat::QualifiedName table;
    std::string from;
    std::string to;
    friend bool operator==(const RenameColumn&, const RenameColumn&) = default;
};
// Type (with USING when needed), collation, NOT NULL, default and identity of one column; the
// names are equal, generated expressions and comments are not part of it.
struct AlterColumn {
    cat::QualifiedName table;
    cat::Column from;
    cat::Column to;
    friend bool operator==(const AlterColumn&, const AlterColumn&) = default;
};

struct AddConstraint {
    cat::QualifiedName table;
    cat::Constraint constraint;
    // ADD ... NOT VALID, then VALIDATE CONSTRAINT in a statement of its own: the long check
    // runs without the ACCESS EXCLUSIVE lock (compare's Options::validate_separately).
    bool validate_separately = false;
    friend bool operator==(const AddConstraint&, const AddConstraint&) = default;
};
struct DropConstraint {
    cat::QualifiedName table;
    cat::Constraint constraint;
    friend bool operator==(const DropConstraint&, const DropConstraint&) = default;
};
struct RenameConstraint {
    cat::QualifiedName table;
    std::string from;
    std::string to;
    friend bool operator==(const RenameConstraint&, const RenameConstraint&) = default;
};

struct CreateIndex {
    cat::Index index;
    friend bool operator==(const CreateIndex&, const CreateIndex&) = default;
};
struct DropIndex {
    cat::Index index;
    friend bool operator==(const DropIndex&, const DropIndex&) = default;
};
struct RenameIndex {
    cat::QualifiedName from;
    std::string to;
    friend bool operator==(const RenameIndex&, const RenameIndex&) = default;
};

// Views and materialized views are never replaced in place (CREATE OR REPLACE VIEW refuses a
// change of an output column's type or name): a changed view is dropped and created.
struct CreateView {
    cat::View view;
    friend bool operator==(const CreateView&, const CreateView&) = default;
};
struct DropView {
    cat::View view;
    friend bool operator==(const DropView&, const DropView&) = default;
};

struct CreateTrigger {
    cat::Trigger trigger;
    friend bool operator==(const CreateTrigger&, const CreateTrigger&) = default;
};
struct DropTrigger {
    cat::Trigger trigger;
    friend bool operator==(const DropTrigger&, const DropTrigger&) = default;
};

// COMMENT ON an object that exists on both sides. `object` is the SQL that names it
// (`TABLE public.users`, `COLUMN public.users.email`, `CONSTRAINT users_pkey ON public.users`),
// `words` the same for a reviewer (`table users`, `column email of table users`).
struct SetComment {
    std::string object;
    std::string words;
    std::optional<std::string> from;
    std::optional<std::string> to;
    friend bool operator==(const SetComment&, const SetComment&) = default;
};

using Operation =
    std::variant<CreateSchema, DropSchema, CreateExtension, DropExtension, CreateEnum, DropEnum,
                 AlterEnum, CreateDomain, DropDomain, AlterDomain, RecreateDomain, CreateSequence,
                 DropSequence, RenameSequence, AlterSequence, CreateFunction, DropFunction,
                 ReplaceFunction, CreateTable, DropTable, RenameTable, SetLogged, AddColumn,
                 DropColumn, RenameColumn, AlterColumn, AddConstraint, DropConstraint,
                 RenameConstraint, CreateIndex, DropIndex, RenameIndex, CreateView, DropView,
                 CreateTrigger, DropTrigger, SetComment>;

// The operation that undoes `operation`.
Operation reverse(const Operation& operation);

// The downgrade of an upgrade: each operation reversed, in reverse order.
std::vector<Operation> reverse_all(const std::vector<Operation>& upgrade);

// Can applying `operation` lose data or fail on the rows there are (ops::DataLoss, as on
// SQLite)? Drop table or column, drop sequence (its position), a type change that narrows or
// converts, SET NOT NULL, adding a CHECK / UNIQUE / PRIMARY KEY / EXCLUDE constraint, a NOT
// NULL column added without a default, dropping an enum value.
DataLoss data_loss(const Operation& operation);

// One line in a reviewer's words: "add column age integer to table users".
std::string describe(const Operation& operation);

// What an AlterColumn changes, one item each: "type integer -> bigint", "NOT NULL",
// "default 0 -> none", "identity ALWAYS".
std::vector<std::string> column_changes(const AlterColumn& alter);

// Does changing a column from type `from` to type `to` keep every value as it is (a widening:
// smallint -> integer -> bigint -> numeric, varchar(n) -> varchar(m >= n) or text, any type ->
// text, real -> double precision, timestamp -> timestamptz, date -> timestamp)?
bool keeps_values(const std::string& from, const std::string& to);

// Does ALTER COLUMN TYPE need `USING col::to`? No when PostgreSQL has an implicit or
// assignment cast between them (within the string types, within the numeric types, within the
// date/time types, anything to a string type); yes otherwise. Conservative: when unsure, USING.
bool needs_using(const std::string& from, const std::string& to);

}  // namespace mig::ops::pg
