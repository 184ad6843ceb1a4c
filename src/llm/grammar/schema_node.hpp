#pragma once
// The compiled form of a JSON schema shared by the compiler and the acceptor.
#include <memory>
#include <string>
#include <vector>

namespace finchat::llm {

struct SchemaNode {
  enum class Kind { object, string, number, integer, array, literals };
  Kind kind = Kind::string;
  std::vector<std::string> names;  // object properties in declaration order
  std::vector<std::shared_ptr<const SchemaNode>> props;
  std::vector<bool> required;
  std::vector<std::string> literals;  // enum values, serialized
  std::shared_ptr<const SchemaNode> items;
  int max_len = 64;
  int max_items = 16;
};

}  // namespace finchat::llm
