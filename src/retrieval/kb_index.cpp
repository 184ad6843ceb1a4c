#include "retrieval/kb_index.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "retrieval/hybrid.hpp"

namespace finchat::retrieval {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json chunk_to_json(const Chunk& c) {
  return json{{"id", c.id},
              {"doc_id", c.doc_id},
              {"title", c.title},
              {"heading_path", c.heading_path},
              {"text", c.text},
              {"kind", to_string(c.kind)},
              {"paraphrases", c.paraphrases},
              {"metadata", c.metadata}};
}

Result<Chunk> chunk_from_json(const json& j) {
  try {
    Chunk c;
    c.id = j.at("id").get<std::string>();
    c.doc_id = j.at("doc_id").get<std::string>();
    c.title = j.at("title").get<std::string>();
    c.heading_path = j.at("heading_path").get<std::vector<std::string>>();
    c.text = j.at("text").get<std::string>();
    c.kind = j.at("kind").get<std::string>() == "faq" ? ChunkKind::faq : ChunkKind::article_section;
    c.paraphrases = j.at("paraphrases").get<std::vector<std::string>>();
    c.metadata = j.at("metadata").get<std::map<std::string, std::string>>();
    return c;
  } catch (const json::exception& e) {
    return Error::invalid(std::string("bad chunk record: ") + e.what());
  }
}

bool indexable(const fs::path& p) {
  if (p.extension() == ".md") return is_article_file(p);
  if (p.extension() != ".jsonl") return false;
  return p.filename().string().find("heldout") == std::string::npos;
}

}  // namespace

Result<IndexSnapshot> JsonIndexStore::load() {
  IndexSnapshot snap;
  const fs::path manifest_path = dir_ / "manifest.json";
  std::error_code ec;
  if (!fs::exists(manifest_path, ec)) return snap;
  auto text = read_text_file(manifest_path);
  if (!text) return text.error();
  const json m = json::parse(*text, nullptr, false);
  if (m.is_discarded() || !m.contains("files") || !m["files"].is_object()) {
    return Error::invalid(manifest_path.string() + ": not a retrieval manifest", "files");
  }
  for (const auto& [rel, state] : m["files"].items()) {
    if (!state.is_object() || !state.contains("sha256") || !state["sha256"].is_string()) {
      return Error::invalid(manifest_path.string() + ": bad entry for " + rel, "sha256");
    }
    snap.manifest[rel].sha256 = state["sha256"].get<std::string>();
  }
  auto chunks_text = read_text_file(dir_ / "chunks.jsonl");
  if (!chunks_text) return chunks_text.error();
  size_t line_no = 0;
  size_t start = 0;
  while (start < chunks_text->size()) {
    size_t nl = chunks_text->find('\n', start);
    if (nl == std::string::npos) nl = chunks_text->size();
    const std::string_view line(chunks_text->data() + start, nl - start);
    start = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("file") || !j["file"].is_string() || !j.contains("chunk")) {
      return Error::invalid("chunks.jsonl:" + std::to_string(line_no) + ": bad record");
    }
    auto chunk = chunk_from_json(j["chunk"]);
    if (!chunk) {
      return Error::invalid("chunks.jsonl:" + std::to_string(line_no) + ": " +
                            chunk.error().message);
    }
    const std::string file = j["file"].get<std::string>();
    snap.manifest[file].chunk_ids.push_back(chunk->id);
    snap.chunks_by_file[file].push_back(std::move(*chunk));
  }
  return snap;
}

Status JsonIndexStore::save(const IndexSnapshot& snapshot) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Error::unavailable("cannot create index folder " + dir_.string());
  json files = json::object();
  for (const auto& [rel, state] : snapshot.manifest) {
    files[rel] = json{{"sha256", state.sha256}, {"chunks", state.chunk_ids}};
  }
  // Write to temporary names and rename, so a crash never leaves a half-written index.
  const fs::path chunks_tmp = dir_ / "chunks.jsonl.tmp";
  const fs::path manifest_tmp = dir_ / "manifest.json.tmp";
  {
    std::ofstream out(chunks_tmp, std::ios::trunc);
    for (const auto& [rel, chunks] : snapshot.chunks_by_file) {
      for (const auto& c : chunks)
        out << json{{"file", rel}, {"chunk", chunk_to_json(c)}}.dump() << '\n';
    }
    std::ofstream mout(manifest_tmp, std::ios::trunc);
    mout << json{{"version", 1}, {"files", files}}.dump(2) << '\n';
    if (!out || !mout) return Error::unavailable("failed writing index in " + dir_.string());
  }
  fs::rename(chunks_tmp, dir_ / "chunks.jsonl", ec);
  if (!ec) fs::rename(manifest_tmp, dir_ / "manifest.json", ec);
  if (ec) return Error::unavailable("cannot replace index files in " + dir_.string());
  return {};
}

KnowledgeIndex::KnowledgeIndex(Bm25Params bm25) : bm25_(bm25) {}

void KnowledgeIndex::add_file(const std::string& rel, std::vector<Chunk> chunks) {
  remove_file(rel);
  auto& handles = handles_by_file_[rel];
  auto& ids = snapshot_.manifest[rel].chunk_ids;
  ids.clear();
  for (const auto& c : chunks) {
    const uint32_t h = next_handle_++;
    bm25_.add(h, bm25_fields(c));
    by_handle_[h] = c.id;
    handles.push_back(h);
    ids.push_back(c.id);
  }
  snapshot_.chunks_by_file[rel] = std::move(chunks);
}

void KnowledgeIndex::remove_file(const std::string& rel) {
  if (auto it = handles_by_file_.find(rel); it != handles_by_file_.end()) {
    for (uint32_t h : it->second) {
      bm25_.remove(h);
      by_handle_.erase(h);
    }
    handles_by_file_.erase(it);
  }
  snapshot_.chunks_by_file.erase(rel);
}

Status KnowledgeIndex::restore(IndexStore& store) {
  auto snap = store.load();
  if (!snap) return snap.error();
  for (const auto& [rel, state] : snapshot_.manifest) remove_file(rel);
  snapshot_.manifest = snap->manifest;
  for (auto& [rel, chunks] : snap->chunks_by_file) add_file(rel, std::move(chunks));
  return {};
}

Status KnowledgeIndex::persist(IndexStore& store) const { return store.save(snapshot_); }

Result<IngestReport> KnowledgeIndex::index_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::not_found("not a directory: " + dir.string());
  crypto::init();
  IngestReport report;
  std::map<std::string, fs::path> present;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && indexable(entry.path())) {
      present[fs::relative(entry.path(), dir).generic_string()] = entry.path();
    }
  }
  for (const auto& [rel, path] : present) {
    auto content = read_text_file(path);
    if (!content) {
      report.errors.push_back(content.error().message);
      continue;
    }
    const std::string hash = crypto::sha256_hex(*content);
    const auto known = snapshot_.manifest.find(rel);
    if (known != snapshot_.manifest.end() && known->second.sha256 == hash) {
      ++report.unchanged;
      continue;
    }
    auto chunks = path.extension() == ".md" ? parse_markdown_article(*content, rel)
                                            : parse_faq_jsonl(*content, rel);
    if (!chunks) {
      report.errors.push_back(chunks.error().message);
      continue;
    }
    (known == snapshot_.manifest.end() ? report.added : report.changed) += 1;
    add_file(rel, std::move(*chunks));
    snapshot_.manifest[rel].sha256 = hash;
  }
  std::vector<std::string> gone;
  for (const auto& [rel, state] : snapshot_.manifest) {
    if (!present.count(rel)) gone.push_back(rel);
  }
  for (const auto& rel : gone) {
    remove_file(rel);
    snapshot_.manifest.erase(rel);
    ++report.removed;
  }
  report.chunks = by_handle_.size();
  return report;
}

std::vector<Chunk> KnowledgeIndex::chunks() const {
  std::vector<Chunk> all;
  for (const auto& [rel, chunks] : snapshot_.chunks_by_file) {
    all.insert(all.end(), chunks.begin(), chunks.end());
  }
  return all;
}

std::vector<std::pair<std::string, double>> KnowledgeIndex::search(std::string_view query,
                                                                   size_t k) const {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& s : bm25_.search(query, k)) out.emplace_back(by_handle_.at(s.doc), s.score);
  return out;
}

}  // namespace finchat::retrieval
