#pragma once
// Serves the web UI from a directory: correct MIME types, no path traversal; "/" is
// index.html and anything that is not a file is a 404 problem.
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
