// Minimal YAML front matter for KB articles: enough for "key: value" and "[a, b]" lists.
#include <sstream>

#include "kg/demo.hpp"

namespace finchat::kg {
namespace {

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

}  // namespace

Result<FrontMatter> parse_front_matter(std::string_view text, const std::string& file_name) {
  FrontMatter out;
  std::istringstream in{std::string(text)};
  std::string line;
  size_t line_no = 0;
  if (!std::getline(in, line) || trim(line) != "---") {
    return Error::invalid(file_name + ":1: expected front matter starting with '---'");
  }
  ++line_no;
  bool closed = false;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string t = trim(line);
    if (t == "---") {
      closed = true;
      break;
    }
    if (t.empty() || t.front() == '#') continue;
    const size_t colon = t.find(':');
    if (colon == std::string::npos || colon == 0) {
      return Error::invalid(file_name + ":" + std::to_string(line_no) +
                            ": expected 'key: value' in front matter");
    }
    const std::string key = trim(t.substr(0, colon));
    std::string value = trim(t.substr(colon + 1));
    if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
      std::vector<std::string> list;
      std::istringstream items_in(value.substr(1, value.size() - 2));
      std::string item;
      while (std::getline(items_in, item, ',')) {
        if (std::string v = unquote(trim(item)); !v.empty()) list.push_back(v);
      }
      out.lists[key] = std::move(list);
    } else {
      out.values[key] = unquote(value);
    }
  }
  if (!closed) {
    return Error::invalid(file_name + ":" + std::to_string(line_no) +
                          ": front matter is not closed with '---'");
  }
  std::ostringstream body;
  body << in.rdbuf();
  out.body = body.str();
  return out;
}

}  // namespace finchat::kg
