#pragma once
// Incremental knowledge-base index: tracks a content hash per source file so that re-indexing a
// directory only re-parses new or changed files and drops deleted ones. State (a manifest and
// the chunks) goes through an IndexStore; JsonIndexStore keeps it as two files in a folder.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "retrieval/bm25.hpp"
#include "retrieval/document.hpp"

namespace finchat::retrieval {

struct FileState {
  std::string sha256;
  std::vector<std::string> chunk_ids;
};
using Manifest = std::map<std::string, FileState>;  // relative path -> state

struct IndexSnapshot {
  Manifest manifest;
  std::map<std::string, std::vector<Chunk>> chunks_by_file;
};

// Where the index state lives; the lead can back this with the database later.
class IndexStore {
 public:
  virtual ~IndexStore() = default;
  // An empty snapshot when nothing was saved yet.
  virtual Result<IndexSnapshot> load() = 0;
  virtual Status save(const IndexSnapshot& snapshot) = 0;
};

// manifest.json + chunks.jsonl inside `dir` (created on save).
class JsonIndexStore final : public IndexStore {
 public:
  explicit JsonIndexStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Result<IndexSnapshot> load() override;
  Status save(const IndexSnapshot& snapshot) override;

 private:
  std::filesystem::path dir_;
};

struct IngestReport {
  size_t added = 0;
  size_t changed = 0;
  size_t removed = 0;
  size_t unchanged = 0;
  size_t chunks = 0;                // total after ingest
  std::vector<std::string> errors;  // files that failed to parse (their old version is kept)
};

class KnowledgeIndex {
 public:
  explicit KnowledgeIndex(Bm25Params bm25 = {});

  // Restores a saved state (manifest + chunks) and rebuilds the search structures.
  Status restore(IndexStore& store);
  Status persist(IndexStore& store) const;

  // Indexes *.md articles and *.jsonl FAQ files under dir (recursive; files whose name contains
  // "heldout" are skipped: evaluation data must never become searchable).
  Result<IngestReport> index_directory(const std::filesystem::path& dir);

  std::vector<Chunk> chunks() const;  // ordered by file, then position in the file
  const Manifest& manifest() const { return snapshot_.manifest; }
  size_t size() const { return by_handle_.size(); }
  // Keyword search over the live index (chunk ids, best first).
  std::vector<std::pair<std::string, double>> search(std::string_view query, size_t k) const;

 private:
  void add_file(const std::string& rel, std::vector<Chunk> chunks);
  void remove_file(const std::string& rel);

  IndexSnapshot snapshot_;
  Bm25Index bm25_;
  std::unordered_map<uint32_t, std::string> by_handle_;  // BM25 doc handle -> chunk id
  std::map<std::string, std::vector<uint32_t>> handles_by_file_;
  uint32_t next_handle_ = 0;
};

}  // namespace finchat::retrieval
