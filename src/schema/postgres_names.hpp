#pragma once

#include "schema/postgres_catalog.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

// PostgreSQL names as mig writes and recognises them. Pure functions, no server.
namespace mig::schema::pg {

// The longest name PostgreSQL keeps (NAMEDATALEN - 1 bytes); longer ones are cut.
inline constexpr std::size_t k_max_name_bytes = 63;

// True for the keywords PostgreSQL's quote_ident quotes: every keyword that is not
// UNRESERVED (reserved, column-name and type/function-name keywords of PostgreSQL 12-17).
bool is_quoted_keyword(std::string_view word);

// `name` as PostgreSQL's quote_ident writes it: bare when it is lower-case ASCII letters,
// digits and `_`, starting with a letter or `_`, and not a keyword that needs quoting;
// otherwise in double quotes with inner quotes doubled (`"User"`, `"order"`, `"a b"`).
std::string quote_identifier(std::string_view name);

// `schema.name`, each part quoted when it needs it.
std::string qualified(const QualifiedName& name);

// For messages: the name without `public.` (the default schema), quoted when it needs it.
std::string display_name(const QualifiedName& name);

// `text` as an SQL string literal: '...' with inner quotes doubled.
std::string quote_literal(std::string_view text);

// PostgreSQL's makeObjectName (src/backend/commands/indexcmds.c): `name1_name2_label`, with
// name1 and name2 cut (the longer one first, never inside a UTF-8 character) so that the
// result fits in 63 bytes. `name2` may be empty (`users_pkey`).
std::string make_object_name(std::string_view name1, std::string_view name2,
                             std::string_view label);

// ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: the column names joined
// by `_`, stopping once 64 bytes are reached.
std::string name_addition(const std::vector<std::string>& columns);

// ChooseIndexColumnNames: an expression column is named `expr`, and a repeated name gets a
// number (`expr`, `expr1`, ...).
std::vector<std::string> index_column_names(const std::vector<std::string>& columns);

// The names PostgreSQL generates when the DDL gives none (and, with `pass` > 0, the ones it
// chooses when that name is taken: the label gets the number, `users_email_key1`).
enum class NameLabel { pkey, key, fkey, check, excl, idx, seq };
std::string_view label_text(NameLabel label);
std::string generated_name(std::string_view table, const std::vector<std::string>& columns,
                           NameLabel label, int pass = 0);

// Is `name` a name PostgreSQL would generate for an object with this label on `table` over
// `columns`: the first choice or one of its numbered variants (any pass)?
bool is_generated_name(std::string_view name, std::string_view table,
                       const std::vector<std::string>& columns, NameLabel label);

// The names of the key columns in a definition as the server prints it: `(a, lower(b))` of
// pg_get_indexdef or the elements of `EXCLUDE USING gist (room WITH =, during WITH &&)`,
// then the INCLUDE columns; an element that is not a plain column reads as "" (an
// expression). Used to compute an index's generated name.
std::vector<std::string> definition_columns(std::string_view definition);

// `text` with every identifier token in `renames` (keys: the old names, exact) replaced by
// the quoted new name; strings, dollar-quoted bodies and comments are left alone. Used to
// follow a --rename into the definitions the server wrote for the old names.
std::string rename_identifiers(std::string_view text,
                               const std::map<std::string, std::string>& renames);

// `text` with each occurrence of the qualified name `from` (as qualified() writes it, at token
// boundaries) replaced by `to`.
std::string rename_qualified(std::string_view text, const QualifiedName& from,
                             const QualifiedName& to);

}  // namespace mig::schema::pg
