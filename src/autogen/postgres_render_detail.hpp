#pragma once

#include "ops/postgres_operation.hpp"

#include <optional>
#include <string>

// Internals of autogen::pg::render, split by job: types and sequences
// (postgres_render_types.cpp), everything else (postgres_render.cpp).
namespace mig::autogen::pg::detail {

// `COMMENT ON <object> IS '...';` when there is a comment, else "".
std::string comment_statement(const std::string& object, const std::optional<std::string>& comment);

// Does an AlterEnum only add values (rendered as ADD VALUE unless it says `recreate`)?
bool adds_enum_values(const ops::pg::AlterEnum& op);

std::string render_enum(const ops::pg::CreateEnum& op);
std::string render_enum(const ops::pg::AlterEnum& op);
std::string render_domain(const ops::pg::CreateDomain& op);
std::string render_domain(const ops::pg::AlterDomain& op);
std::string render_domain(const ops::pg::RecreateDomain& op);
std::string render_sequence(const ops::pg::CreateSequence& op);
std::string render_sequence(const ops::pg::AlterSequence& op);

}  // namespace mig::autogen::pg::detail
