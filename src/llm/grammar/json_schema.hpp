#pragma once
// A JSON-schema subset compiled into a byte-level acceptor (a small pushdown automaton).
// Supported: type object (properties, required; no additional properties), string
// (maxLength, enum), number, integer, boolean, null, array (items, maxItems), enum of
// literals. Output is compact JSON: at most one space after ':' or ',' and before the
// root value. Strings default to at most 64 characters and arrays to 16 items so that
// every output finishes.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "llm/grammar/constraint.hpp"

namespace finchat::llm {

struct SchemaNode;

Result<std::shared_ptr<const SchemaNode>> compile_json_schema(const nlohmann::json& schema);
std::unique_ptr<Constraint> make_json_constraint(std::shared_ptr<const SchemaNode> schema);
// Checks a finished document against the schema (used by tests and callers).
bool json_matches_schema(const nlohmann::json& doc, const SchemaNode& schema);

}  // namespace finchat::llm
