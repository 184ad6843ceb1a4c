#include "kg/cli.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace finchat::kg {
namespace {

namespace fs = std::filesystem;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("kg_cli_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto db = store::open_database("sqlite::memory:", 1);
    ASSERT_TRUE(db);
    db_ = *db;
    std::ifstream sql(std::string(KG_SOURCE_DIR) + "/migrations/0100_kg.sql");
    std::stringstream text;
    text << sql.rdbuf();
    ASSERT_TRUE(db_->exec_script(text.str()));
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << content;
    return path.string();
  }
  int run(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    return run_kg_cli(args, *db_, out_, err_);
  }

  fs::path dir_;
  std::shared_ptr<store::Database> db_;
  std::ostringstream out_, err_;
};

TEST_F(CliTest, IngestsJsonlAndExports) {
  const std::string file = write(
      "g.jsonl",
      "{\"kind\":\"node\",\"id\":\"company:A\",\"type\":\"Company\",\"name\":\"Alpha\"}\n"
      "{\"kind\":\"node\",\"id\":\"sector:s\",\"type\":\"Sector\",\"name\":\"S\"}\n"
      "{\"kind\":\"edge\",\"from\":\"company:A\",\"type\":\"IN_SECTOR\",\"to\":\"sector:s\"}\n");
  ASSERT_EQ(run({"ingest", "kg", file}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "imported 2 nodes, 1 edges\n");
  ASSERT_EQ(run({"kg", "export", "--format", "json"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("\"id\":\"company:A\""), std::string::npos);
  EXPECT_NE(out_.str().find("\"type\":\"IN_SECTOR\""), std::string::npos);
  const std::string dot = (dir_ / "g.dot").string();
  ASSERT_EQ(run({"kg", "export", "--format", "dot", "--out", dot}), 0) << err_.str();
  std::ifstream in(dot);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("\"company:A\" -> \"sector:s\""), std::string::npos);
}

TEST_F(CliTest, IngestsCsvDirectory) {
  write("nodes.csv", "id,type,name\ncompany:A,Company,Alpha\nsector:s,Sector,S\n");
  write("edges.csv", "from,type,to\ncompany:A,IN_SECTOR,sector:s\n");
  ASSERT_EQ(run({"ingest", "kg", dir_.string()}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "imported 2 nodes, 1 edges\n");
}

TEST_F(CliTest, RejectsBadFilesWithLocationsAndImportsNothing) {
  const std::string file = write(
      "bad.jsonl",
      "{\"kind\":\"node\",\"id\":\"company:A\",\"type\":\"Company\",\"name\":\"Alpha\"}\n"
      "{\"kind\":\"edge\",\"from\":\"company:A\",\"type\":\"IN_SECTOR\",\"to\":\"sector:zz\"}\n"
      "oops\n");
  EXPECT_EQ(run({"ingest", "kg", file}), 1);
  EXPECT_NE(err_.str().find("bad.jsonl:2"), std::string::npos) << err_.str();
  EXPECT_NE(err_.str().find("bad.jsonl:3"), std::string::npos) << err_.str();
  ASSERT_EQ(run({"kg", "export"}), 0);
  EXPECT_EQ(out_.str(), "");
}

TEST_F(CliTest, UsageErrors) {
  EXPECT_EQ(run({"kg"}), 2);
  EXPECT_EQ(run({"ingest", "kg"}), 2);
  EXPECT_EQ(run({"kg", "export", "--format", "xml"}), 2);
  EXPECT_EQ(run({"kg", "frobnicate"}), 2);
  EXPECT_NE(err_.str().find("usage"), std::string::npos);
}

}  // namespace
}  // namespace finchat::kg
