#include "kg/graph_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kg/io.hpp"
#include "kg/test_util.hpp"
#include "store/migrations.hpp"

namespace finchat::kg {
namespace {

namespace fs = std::filesystem;

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A file-backed SQLite database with the kg tables from our migration file.
class GraphStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kg_store_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = open();
    ASSERT_TRUE(db_->exec_script(read(std::string(KG_SOURCE_DIR) + "/migrations/0100_kg.sql")));
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  std::shared_ptr<store::Database> open() {
    auto db = store::open_database("sqlite:" + (dir_ / "kg.db").string(), 2);
    if (!db) throw std::runtime_error(db.error().message);
    return *db;
  }
  static std::vector<std::string> dump(const Graph& g) {
    std::ostringstream out;
    export_jsonl(g, out);
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    std::sort(lines.begin(), lines.end());
    return lines;
  }
  // The index and a fresh read of the tables hold exactly the same graph.
  void expect_in_sync(GraphStore& store) {
    auto from_db = load_graph(*db_);
    ASSERT_TRUE(from_db) << from_db.error().message;
    auto index = store.read([](const Graph& g) { return dump(g); });
    EXPECT_EQ(index, dump(*from_db));
  }
  int64_t count(const char* table) {
    auto row = db_->query_one(std::string("SELECT COUNT(*) FROM ") + table);
    return row && *row ? (*row)->i64(0) : -1;
  }

  fs::path dir_;
  std::shared_ptr<store::Database> db_;
};

TEST_F(GraphStoreTest, WritesThroughAndSurvivesRestart) {
  GraphStore store(*db_);
  ASSERT_TRUE(store.load());
  auto batch = build_finance_graph(testing::companies_file());
  ASSERT_TRUE(batch);
  ASSERT_TRUE(store.apply(*batch));
  expect_in_sync(store);
  EXPECT_EQ(count("kg_nodes"), static_cast<int64_t>(batch->nodes.size()));
  ASSERT_TRUE(store.upsert_node(
      Node{"company:NOVA", "Company", "Novatek Renamed", {"NV"}, {{"ticker", "NOVA"}}}));
  ASSERT_TRUE(store.upsert_edge(Edge{
      "company:NOVA", "company:CRST", "COMPETES_WITH", {{"weight", 0.5}}, {"test", "2026-11-25"}}));
  ASSERT_TRUE(store.remove_edge("company:NOVA", "COMPETES_WITH", "company:QBIT"));
  ASSERT_TRUE(store.remove_node("person:maya-lindqvist"));
  expect_in_sync(store);
  const auto before = store.read([](const Graph& g) { return dump(g); });

  // "Restart": drop everything and reopen the same file.
  db_.reset();
  db_ = open();
  GraphStore reopened(*db_);
  ASSERT_TRUE(reopened.load());
  EXPECT_EQ(reopened.read([](const Graph& g) { return dump(g); }), before);
  EXPECT_EQ(reopened.read([](const Graph& g) { return g.find("company:NOVA")->name; }),
            "Novatek Renamed");
  expect_in_sync(reopened);
}

TEST_F(GraphStoreTest, InvalidBatchCommitsNothing) {
  GraphStore store(*db_);
  ASSERT_TRUE(store.load());
  Batch batch;
  batch.add(Node{"company:A", "Company", "A", {}, Json::object()}, {"in.jsonl", 1});
  batch.add(Node{"sector:s", "Sector", "S", {}, Json::object()}, {"in.jsonl", 2});
  batch.add(Edge{"company:A", "sector:s", "IN_SECTOR", {}, {}}, {"in.jsonl", 3});
  batch.add(Edge{"company:A", "sector:missing", "IN_SECTOR", {}, {}}, {"in.jsonl", 4});
  Status st = store.apply(batch);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(st.error().message.find("in.jsonl:4"), std::string::npos);
  EXPECT_EQ(count("kg_nodes"), 0);
  EXPECT_EQ(count("kg_edges"), 0);
  EXPECT_EQ(store.read([](const Graph& g) { return g.node_count(); }), 0u);
  EXPECT_EQ(store.remove_node("company:A").error().kind, ErrorKind::not_found);
}

TEST(GraphStoreMigration, EmbeddedMigrationCreatesTheTables) {
  auto db = store::open_database("sqlite::memory:", 1);
  ASSERT_TRUE(db);
  std::vector<store::Migration> ours;
  for (const auto& m : store::builtin_migrations()) {
    if (m.version == 100) ours.push_back(m);
  }
  ASSERT_EQ(ours.size(), 1u) << "src/kg/migrations/0100_kg.sql is not embedded";
  ASSERT_TRUE(store::migrate(**db, ours));
  GraphStore graph(**db);
  ASSERT_TRUE(graph.load());
  ASSERT_TRUE(graph.upsert_node(Node{"sector:s", "Sector", "S", {}, Json::object()}));
  GraphStore reread(**db);
  ASSERT_TRUE(reread.load());
  EXPECT_EQ(reread.read([](const Graph& g) { return g.node_count(); }), 1u);
}

TEST_F(GraphStoreTest, MissingTablesIsAClearError) {
  ASSERT_TRUE(db_->exec_script("DROP TABLE kg_edges; DROP TABLE kg_nodes;"));
  GraphStore store(*db_);
  EXPECT_FALSE(store.load());
}

}  // namespace
}  // namespace finchat::kg
