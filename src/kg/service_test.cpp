#include "kg/service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "kg/test_util.hpp"
#include "store/migrations.hpp"

namespace finchat::kg {
namespace {

std::shared_ptr<store::Database> migrated_db() {
  auto db = store::open_database("sqlite::memory:", 1);
  EXPECT_TRUE(db.ok());
  EXPECT_TRUE(store::migrate(**db).ok());
  return *db;
}

Result<Batch> finance_seed() { return build_finance_graph(testing::companies_file()); }

TEST(KnowledgeService, SeedsOnceThenLoadsPersistedGraph) {
  auto db = migrated_db();
  KnowledgeService first(db);
  auto seeded = first.load(finance_seed);
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;
  EXPECT_GT(*seeded, 30u);
  ASSERT_TRUE(first.upsert_node(Node{"company:ZED", "Company", "Zedcorp Holdings", {}, {}}).ok());

  // A second start sees the persisted graph (with the admin's node) and does not reseed.
  bool seed_called = false;
  KnowledgeService second(db);
  auto loaded = second.load([&]() -> Result<Batch> {
    seed_called = true;
    return Batch{};
  });
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(seed_called);
  EXPECT_EQ(*loaded, *seeded + 1);
  EXPECT_TRUE(second.read([](const Graph& g) { return g.find("company:ZED") != nullptr; }));
}

TEST(KnowledgeService, WritesKeepTheLinkerInSync) {
  KnowledgeService kg(migrated_db());
  ASSERT_TRUE(kg.load(finance_seed).ok());
  EXPECT_TRUE(kg.link("Tell me about Zedcorp Holdings", LinkContext::market).empty());
  ASSERT_TRUE(kg.upsert_node(Node{"company:ZED", "Company", "Zedcorp Holdings", {}, {}}).ok());
  auto mentions = kg.link("Tell me about Zedcorp Holdings", LinkContext::market);
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(mentions[0].candidates[0].id, "company:ZED");
  ASSERT_TRUE(kg.remove_node("company:ZED").ok());
  EXPECT_TRUE(kg.link("Tell me about Zedcorp Holdings", LinkContext::market).empty());
  EXPECT_FALSE(kg.remove_node("company:ZED").ok());
}

TEST(KnowledgeService, InvalidWriteChangesNothing) {
  KnowledgeService kg(migrated_db());
  ASSERT_TRUE(kg.load(finance_seed).ok());
  size_t before = kg.read([](const Graph& g) { return g.edge_count(); });
  auto st = kg.upsert_edge(Edge{"company:NOVA", "company:NOPE", "COMPETES_WITH", {}, {}});
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(kg.read([](const Graph& g) { return g.edge_count(); }), before);
}

TEST(KnowledgeService, ReadersAndWritersRunConcurrently) {
  KnowledgeService kg(migrated_db());
  ASSERT_TRUE(kg.load(finance_seed).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::thread reader([&] {
    while (!stop) {
      auto m = kg.link("How is Novatek doing?", LinkContext::market);
      if (!m.empty() && m[0].candidates[0].id == "company:NOVA") ++reads;
      kg.read([](const Graph& g) { return g.node_count(); });
    }
  });
  for (int i = 0; i < 20; ++i) {
    std::string id = "company:T" + std::to_string(i);
    ASSERT_TRUE(kg.upsert_node(Node{id, "Company", "Temp " + std::to_string(i), {}, {}}).ok());
    ASSERT_TRUE(kg.remove_node(id).ok());
  }
  stop = true;
  reader.join();
  EXPECT_GT(reads.load(), 0);
}

}  // namespace
}  // namespace finchat::kg
