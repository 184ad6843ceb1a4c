#include "retrieval/search_json.hpp"

namespace finchat::retrieval {

std::string snippet(std::string_view text, size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);
  size_t cut = text.rfind(' ', max_chars);
  if (cut == std::string_view::npos || cut < max_chars / 2) cut = max_chars;
  // Never split a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

nlohmann::json search_json(const Retriever& retriever, std::string_view query, size_t k,
                           const DecisionThresholds& thresholds) {
  SearchOptions options;
  options.k = k;
  auto response = retriever.search(query, options);
  nlohmann::json results = nlohmann::json::array();
  for (const auto& hit : response.hits) {
    const Chunk& c = retriever.chunk(hit.chunk);
    auto article = c.metadata.find("article_id");
    nlohmann::json item = {
        {"id", c.id},
        {"kind", c.kind == ChunkKind::faq ? "faq" : "article"},
        {"article_id", article != c.metadata.end() ? article->second : c.doc_id},
        {"title", c.title},
        {"snippet", snippet(c.text)},
        {"scores",
         {{"bm25", hit.bm25}, {"dense", hit.dense}, {"fused", hit.rrf}, {"rerank", hit.score}}}};
    if (c.kind == ChunkKind::faq) item["faq_id"] = c.doc_id;
    results.push_back(std::move(item));
  }
  Decision decision =
      response.hits.empty() ? Decision::escalate : decide(response.confidence, thresholds);
  return {{"query", std::string(query)},
          {"confidence", response.confidence},
          {"decision", to_string(decision)},
          {"results", std::move(results)}};
}

}  // namespace finchat::retrieval
