#pragma once
// Serves the web UI from a directory: correct MIME types, no path traversal, and the
// single-page-app fallback to index.html for client-side routes.
#include <string>

#include "http/types.hpp"

namespace finchat::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  Response serve(const Request& request) const;
  bool available() const;

 private:
  std::string root_;
};

std::string mime_type(const std::string& path);

}  // namespace finchat::http
