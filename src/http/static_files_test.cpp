#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/ids.hpp"

namespace finchat::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = std::filesystem::temp_directory_path() / ("finchat_static_" + new_uuid_v7());
    std::filesystem::create_directories(root / "assets");
    std::ofstream(root / "index.html") << "<html>app</html>";
    std::ofstream(root / "assets" / "app.js") << "console.log(1)";
    std::ofstream(root.parent_path() / "secret.txt") << "top secret";
  }
  void TearDown() override { std::filesystem::remove_all(root); }
  Response get(const std::string& path) {
    Request r;
    r.method = "GET";
    r.path = path;
    return StaticFiles(root.string()).serve(r);
  }
  std::filesystem::path root;
};

TEST_F(StaticFilesTest, ServesWithMimeTypes) {
  auto js = get("/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
  auto index = get("/");
  EXPECT_EQ(index.body, "<html>app</html>");
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, UnknownPathsAreProblems) {
  auto r = get("/conversations/123");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(get("/missing.js").status, 404);
}

TEST_F(StaticFilesTest, TraversalRejected) {
  EXPECT_EQ(get("/../secret.txt").status, 404);
  EXPECT_EQ(get("/%2e%2e/secret.txt").status, 404);
  EXPECT_EQ(get("/assets/..%2f..%2fsecret.txt").status, 404);
  EXPECT_EQ(get("/.env").status, 404);
}

TEST(MimeTest, KnownAndUnknown) {
  EXPECT_EQ(mime_type("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace finchat::http
