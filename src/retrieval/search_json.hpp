#pragma once
// The JSON shape of a help-centre search, shared by the HTTP route and the CLI.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "retrieval/hybrid.hpp"

namespace finchat::retrieval {

// Up to `max_chars` of text, cut at a word boundary, with an ellipsis when cut.
std::string snippet(std::string_view text, size_t max_chars = 200);

// {"query","confidence","decision","results":[{"id","kind","faq_id"?,"article_id","title",
// "snippet","scores":{"bm25","dense","fused","rerank"}}]}. Chunk text is data, not
// instructions; callers quote it as such.
nlohmann::json search_json(const Retriever& retriever, std::string_view query, size_t k,
                           const DecisionThresholds& thresholds = {});

}  // namespace finchat::retrieval
