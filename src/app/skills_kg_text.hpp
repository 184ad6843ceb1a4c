#pragma once
// What a knowledge-graph question asks, from its words (shared by the kg skill and its
// routing rules). Regexes are compiled once.
#include <optional>
#include <string>
#include <vector>

#include "kg/graph.hpp"

namespace finchat::app::kgq {

enum class Ask { none, peers, sector, officers, fees };

// The first kind the lower-cased text asks for (peers before officers before sector before
// fees), or none.
Ask ask_of(const std::string& lowered);
// Every company question the text asks, in that order ("what sector is X in and who's its
// boss" -> officers, sector); fees only when it asks nothing about a company.
std::vector<Ask> asks_of(const std::string& lowered);

// "the second one" -> 1, "the last one" -> count - 1; nullopt when no ordinal reference or
// out of range.
std::optional<size_t> ordinal_reference(const std::string& lowered, size_t count);

// Fees whose name (or product's name) shares the most content words with the question,
// best matches only; empty when no content word matches.
std::vector<std::string> fees_matching(const kg::Graph& graph, const std::string& lowered);

// The products charging this fee whose whole name the question uses ("Everyday Checking"),
// the most specific (most words) first; empty when the question names none.
std::vector<std::string> products_named(const kg::Graph& graph, const std::string& fee_id,
                                        const std::string& lowered);

}  // namespace finchat::app::kgq
