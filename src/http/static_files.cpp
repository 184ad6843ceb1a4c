#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/router.hpp"

namespace finchat::http {

namespace fs = std::filesystem;

std::string mime_type(const std::string& path) {
  static const std::pair<const char*, const char*> table[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"},
      {".webmanifest", "application/manifest+json"}};
  std::string ext = fs::path(path).extension().string();
  for (const auto& [e, m] : table) {
    if (ext == e) return m;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

bool StaticFiles::available() const { return fs::exists(fs::path(root_) / "index.html"); }

namespace {
std::optional<std::string> read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

Response StaticFiles::serve(const Request& request) const {
  std::string decoded = url_decode(request.path, false);
  auto segments = split_path(decoded);
  for (const auto& s : segments) {
    // Reject traversal and hidden files outright instead of normalising them.
    if (s == ".." || s == "." || s.front() == '.' || s.find('\\') != std::string::npos ||
        s.find('\0') != std::string::npos) {
      return Response::problem(404, "Not Found", "no such file");
    }
  }
  if (request.path.rfind("/v1/", 0) == 0 || request.path.rfind("/oauth/", 0) == 0) {
    return Response::problem(404, "Not Found", "no route for " + request.path);
  }
  fs::path root = fs::weakly_canonical(root_);
  fs::path target = root;
  for (const auto& s : segments) target /= s;
  std::error_code ec;
  bool is_file = fs::is_regular_file(target, ec);
  if (segments.empty()) {
    target = root / "index.html";
  } else if (!is_file) {
    // The UI routes with #fragments, so any other path is genuinely unknown.
    return Response::problem(404, "Not Found", "no route for " + request.path);
  }
  auto canonical = fs::weakly_canonical(target, ec);
  auto rel = canonical.lexically_relative(root);
  if (ec || rel.empty() || *rel.begin() == "..") return Response::problem(404, "Not Found", "no such file");
  auto body = read_all(canonical);
  if (!body) {
    return Response::problem(404, "Not Found",
                             "the web UI is not built; run `make web` or use the API");
  }
  Response r = Response::text(200, std::move(*body), mime_type(canonical.string()));
  bool hashed_asset = canonical.string().find("/assets/") != std::string::npos;
  r.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  if (request.method == "HEAD") r.body.clear();
  return r;
}

}  // namespace finchat::http
