#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace finchat::http {

Policy Policy::open(std::string rate_class) {
  Policy p;
  p.authenticated = false;
  p.rate_class = std::move(rate_class);
  return p;
}

Policy Policy::signed_in(std::string rate_class) {
  Policy p;
  p.rate_class = std::move(rate_class);
  return p;
}

Policy Policy::roles_any(std::vector<std::string> roles, std::string rate_class) {
  Policy p;
  p.roles = std::move(roles);
  p.rate_class = std::move(rate_class);
  return p;
}

Policy Policy::with_scopes(std::vector<std::string> s) const {
  Policy p = *this;
  p.scopes = std::move(s);
  return p;
}

bool Policy::permits(const Principal& p) const {
  if (!authenticated) return true;
  if (p.service) {
    // Service clients act through scopes only, never through user roles.
    return std::any_of(scopes.begin(), scopes.end(), [&](const auto& s) { return p.has_scope(s); });
  }
  if (roles.empty()) return true;
  return std::find(roles.begin(), roles.end(), p.role) != roles.end();
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::add(std::string method, const std::string& pattern, Policy policy, Handler handler,
                 RouteOptions options) {
  if (!handler) throw std::invalid_argument("route " + pattern + " has no handler");
  if (policy.authenticated && policy.roles.empty() && policy.scopes.empty() &&
      policy.rate_class.empty()) {
    throw std::invalid_argument("route " + pattern + " has an empty policy");
  }
  Route r{std::move(method), pattern, std::move(policy), std::move(handler), options,
          split_path(pattern)};
  routes_.push_back(std::move(r));
}

Match Router::match(const std::string& method, const std::string& path) const {
  Match m;
  auto segs = split_path(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        params[p.substr(1, p.size() - 2)] = url_decode(segs[i], false);
      } else {
        ok = (p == segs[i]);
      }
    }
    if (!ok) continue;
    m.path_known = true;
    m.allowed_methods.push_back(r.method);
    // HEAD is served by GET routes.
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      if (!m.route) {
        m.route = &r;
        m.params = std::move(params);
      }
    }
  }
  return m;
}

std::string url_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 &&
        hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (plus_as_space && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i <= query.size()) {
    size_t amp = query.find('&', i);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(i, amp - i);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = url_decode(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1), true);
      out.emplace(std::move(key), std::move(value));  // first occurrence wins
    }
    i = amp + 1;
  }
  return out;
}

}  // namespace finchat::http
