#pragma once
// JSON helpers: parsing with clear errors, and strict typed reading of request bodies that
// rejects unknown fields (so mass assignment is impossible) and names the bad field.
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace finchat::json {

using Json = nlohmann::json;

Result<Json> parse(std::string_view text);

// Reads a JSON Lines file: calls `row(object, where)` for each non-blank line, `where` being
// "path:line" for messages. Stops at the first error: a file that cannot be opened
// (not_found), a line that is not a JSON object (invalid, naming its file and line), or the
// error `row` returns.
Status for_each_jsonl(
    const std::string& path,
    const std::function<Status(const Json& object, const std::string& where)>& row);

struct StringRule {
  size_t min_len = 0;
  size_t max_len = 100'000;
  std::vector<std::string> one_of;  // empty means any value
};

struct NumberRule {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

class ObjectReader {
 public:
  explicit ObjectReader(const Json& object, std::string path = {});

  ObjectReader& field(std::string_view name, std::string& out, bool required,
                      const StringRule& rule = {});
  ObjectReader& field(std::string_view name, std::optional<std::string>& out,
                      const StringRule& rule = {});
  ObjectReader& field(std::string_view name, int64_t& out, bool required,
                      const NumberRule& rule = {});
  ObjectReader& field(std::string_view name, std::optional<int64_t>& out,
                      const NumberRule& rule = {});
  ObjectReader& field(std::string_view name, double& out, bool required,
                      const NumberRule& rule = {});
  ObjectReader& field(std::string_view name, std::optional<double>& out,
                      const NumberRule& rule = {});
  ObjectReader& field(std::string_view name, bool& out, bool required);
  ObjectReader& field(std::string_view name, std::vector<std::string>& out, bool required,
                      const StringRule& item_rule = {}, size_t max_items = 1000);
  // Any JSON value, left for the caller to validate further.
  ObjectReader& field(std::string_view name, Json& out, bool required);

  // Fails on the first error seen, then on any field that was not declared.
  Status finish() const;

 private:
  const Json* lookup(std::string_view name, bool required);
  std::string path_of(std::string_view name) const;
  void fail(const std::string& message, std::string_view name);
  void check_string(std::string_view name, const std::string& v, const StringRule& rule);
  void check_number(std::string_view name, double v, const NumberRule& rule);

  const Json& object_;
  std::string path_;
  std::set<std::string, std::less<>> known_;
  std::optional<Error> error_;
};

}  // namespace finchat::json
