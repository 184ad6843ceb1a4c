#include "retrieval/kb_index.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace finchat::retrieval {
namespace {
namespace fs = std::filesystem;

std::string article(const std::string& id, const std::string& title, const std::string& body) {
  return "---\nid: " + id + "\ntitle: " + title + "\n---\n## Overview\n" + body + "\n";
}

class KbIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("finchat-kb-" + std::to_string(std::random_device{}()));
    fs::create_directories(root / "kb" / "articles");
    write("articles/a.md", article("kb-a", "Wire transfers", "Wires cost $35 abroad."));
    write("articles/b.md", article("kb-b", "Card PIN", "Reset your PIN in the app."));
    write("faq.jsonl",
          R"({"id":"faq-1","question":"What is the ACH limit?","answer":"$10,000 a day."})");
    write("heldout_paraphrases.jsonl", R"({"faq_id":"faq-1","text":"ach cap"})");
  }
  void TearDown() override { fs::remove_all(root); }

  void write(const std::string& rel, const std::string& text) {
    std::ofstream(root / "kb" / rel, std::ios::trunc) << text;
  }
  IngestReport ingest(KnowledgeIndex& index) {
    auto r = index.index_directory(root / "kb");
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : IngestReport{};
  }
  bool finds(const KnowledgeIndex& index, const std::string& query, const std::string& id) {
    for (const auto& [chunk_id, score] : index.search(query, 10)) {
      if (chunk_id == id) return true;
    }
    return false;
  }

  fs::path root;
};

TEST_F(KbIndexTest, AddsThenSkipsUnchangedFiles) {
  KnowledgeIndex index;
  auto first = ingest(index);
  EXPECT_EQ(first.added, 3u);  // the held-out file is never indexed
  EXPECT_EQ(first.chunks, 3u);
  EXPECT_EQ(index.manifest().count("heldout_paraphrases.jsonl"), 0u);
  EXPECT_TRUE(finds(index, "wire", "kb-a#overview"));
  auto second = ingest(index);
  EXPECT_EQ(second.added + second.changed + second.removed, 0u);
  EXPECT_EQ(second.unchanged, 3u);
}

TEST_F(KbIndexTest, ReindexesChangedFile) {
  KnowledgeIndex index;
  ingest(index);
  const std::string old_hash = index.manifest().at("articles/a.md").sha256;
  write("articles/a.md", article("kb-a", "Zelle payments", "Send money with Zelle."));
  auto r = ingest(index);
  EXPECT_EQ(r.changed, 1u);
  EXPECT_EQ(r.unchanged, 2u);
  EXPECT_NE(index.manifest().at("articles/a.md").sha256, old_hash);
  EXPECT_TRUE(finds(index, "zelle", "kb-a#overview"));
  EXPECT_FALSE(finds(index, "wire", "kb-a#overview"));
  EXPECT_EQ(index.size(), 3u);
}

TEST_F(KbIndexTest, RemovesDeletedFile) {
  KnowledgeIndex index;
  ingest(index);
  fs::remove(root / "kb" / "articles" / "b.md");
  auto r = ingest(index);
  EXPECT_EQ(r.removed, 1u);
  EXPECT_EQ(index.manifest().count("articles/b.md"), 0u);
  EXPECT_FALSE(finds(index, "pin", "kb-b#overview"));
  EXPECT_EQ(index.size(), 2u);
}

TEST_F(KbIndexTest, BrokenEditKeepsPreviousVersion) {
  KnowledgeIndex index;
  ingest(index);
  write("articles/b.md", "no front matter");
  auto r = ingest(index);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("b.md"), std::string::npos);
  EXPECT_TRUE(finds(index, "pin", "kb-b#overview"));
}

TEST_F(KbIndexTest, PersistsAndRestoresManifest) {
  JsonIndexStore store(root / "index");
  {
    KnowledgeIndex index;
    ingest(index);
    ASSERT_TRUE(index.persist(store).ok());
  }
  EXPECT_TRUE(fs::exists(root / "index" / "manifest.json"));
  write("articles/a.md", article("kb-a", "Zelle payments", "Send money with Zelle."));
  KnowledgeIndex restored;
  ASSERT_TRUE(restored.restore(store).ok());
  EXPECT_EQ(restored.size(), 3u);
  EXPECT_TRUE(finds(restored, "wire", "kb-a#overview"));  // the saved version
  auto r = ingest(restored);
  EXPECT_EQ(r.changed, 1u);
  EXPECT_EQ(r.unchanged, 2u);
  EXPECT_EQ(r.added, 0u);
}

TEST_F(KbIndexTest, CorruptManifestIsAnError) {
  fs::create_directories(root / "index");
  std::ofstream(root / "index" / "manifest.json") << "{not json";
  JsonIndexStore store(root / "index");
  KnowledgeIndex index;
  EXPECT_FALSE(index.restore(store).ok());
  EXPECT_FALSE(index.index_directory(root / "missing").ok());
}

}  // namespace
}  // namespace finchat::retrieval
