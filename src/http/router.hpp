#pragma once
// Routes with path parameters ("/v1/conversations/{id}"), each with a mandatory Policy:
// there is no way to register a route without saying who may call it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/types.hpp"

namespace finchat::http {

struct Policy {
  bool authenticated = true;
  std::vector<std::string> roles;   // any of; empty = any signed-in role
  std::vector<std::string> scopes;  // for service clients: any of
  std::string rate_class = "default";

  static Policy open(std::string rate_class = "public");
  static Policy signed_in(std::string rate_class = "default");
  static Policy roles_any(std::vector<std::string> roles, std::string rate_class = "default");
  Policy with_scopes(std::vector<std::string> s) const;
  bool permits(const Principal& p) const;
};

struct RouteOptions {
  bool offload = true;  // run on the worker pool (may block on DB or model)
  bool websocket = false;
};

struct Route {
  std::string method;
  std::string pattern;
  Policy policy;
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;
};

struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool path_known = false;  // some route has this path (for 405)
  std::vector<std::string> allowed_methods;
};

class Router {
 public:
  void add(std::string method, const std::string& pattern, Policy policy, Handler handler,
           RouteOptions options = {});
  Match match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(const std::string& path);
std::string url_decode(std::string_view s, bool plus_as_space);
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace finchat::http
