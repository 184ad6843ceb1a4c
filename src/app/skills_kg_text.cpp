#include "app/skills_kg_text.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "chat/engine.hpp"
#include "core/text.hpp"

namespace finchat::app::kgq {
namespace {

// Words that say what is asked rather than what about.
const std::set<std::string>& generic_words() {
  static const std::set<std::string> words = {
      "which", "what",  "fee",  "fees", "charge",  "charges", "charged", "apply", "applies", "my",
      "an",    "a",     "the",  "to",   "for",     "on",      "of",      "do",    "does",    "is",
      "are",   "i",     "me",   "will", "would",   "be",      "pay",     "cost",  "costs",   "much",
      "how",   "there", "any",  "when", "if",      "send",    "make",    "get",   "can",     "you",
      "tell",  "about", "with", "and",  "or",      "in",      "at",      "it",    "this",    "that",
      "your",  "our",   "we",   "us",   "account", "accounts"};
  return words;
}

std::string stem(std::string w) {
  if (w.size() > 3 && w.back() == 's') w.pop_back();
  return w;
}

std::set<std::string> content_words(const std::string& lowered) {
  static const std::regex word(R"([a-z][a-z'-]+)");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(lowered.begin(), lowered.end(), word);
       it != std::sregex_iterator(); ++it) {
    std::string w = it->str();
    if (!generic_words().count(w)) out.insert(stem(w));
  }
  return out;
}

using core::lower;

}  // namespace

std::vector<Ask> asks_of(const std::string& lowered) {
  static const std::regex peers = chat::words_regex(
      {"competitors?", "competition", "peers?", "rivals?", "compet(?:es|ing) with",
       "similar companies", "comparable companies", "(?:companies|firms|stocks) like", "similar to",
       "comparable to", "alternatives? to"});
  static const std::regex officers =
      chat::words_regex({"ceo", "cfo", "chief executive", "chief financial officer", "who runs",
                         "who leads", "who heads", "who manages", "officers?", "executives?",
                         "management team", "leadership", "boss", "in charge"});
  static const std::regex sector = chat::words_regex(
      {"which sector", "what sector", "sector is", "which industry", "what industry", "industry is",
       "in which sector", "sector of", "industry of", "classified"});
  static const std::regex fees(
      R"(\b(?:which|what)\s+(?:fees|charges)\b|\bfees?\s+(?:apply|applies|for|on|of)\b|\bcharges?\s+(?:apply|for|on(?!\s+my\b))\b|\bwhat (?:will|would) i (?:be charged|pay)\b)",
      std::regex::icase | std::regex::optimize);
  std::vector<Ask> out;
  if (std::regex_search(lowered, peers)) out.push_back(Ask::peers);
  if (std::regex_search(lowered, officers)) out.push_back(Ask::officers);
  if (std::regex_search(lowered, sector)) out.push_back(Ask::sector);
  // "How can I avoid the monthly fee?" asks how to, which the help centre explains.
  static const std::regex how_to_avoid =
      chat::words_regex({"avoid", "waive[dr]?", "get out of", "get rid of", "stop paying",
                         "not (have to )?pay", "refund(ed)?", "revers(e|ed|al)", "dispute"});
  if (out.empty() && std::regex_search(lowered, fees) && !std::regex_search(lowered, how_to_avoid))
    out.push_back(Ask::fees);
  return out;
}

Ask ask_of(const std::string& lowered) {
  const auto asks = asks_of(lowered);
  return asks.empty() ? Ask::none : asks.front();
}

std::optional<size_t> ordinal_reference(const std::string& lowered, size_t count) {
  static const std::regex ordinal(
      R"(\b(?:the\s+(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\b(?:\s+one)?|(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+one\b))",
      std::regex::optimize);
  std::smatch m;
  if (count == 0 || !std::regex_search(lowered, m, ordinal)) return std::nullopt;
  const std::string w = m[1].matched ? m[1].str() : m[2].str();
  static const std::map<std::string, size_t> positions = {
      {"first", 0}, {"1st", 0},    {"second", 1}, {"2nd", 1},   {"third", 2},
      {"3rd", 2},   {"fourth", 3}, {"4th", 3},    {"fifth", 4}, {"5th", 4}};
  const size_t at = w == "last" ? count - 1 : positions.at(w);
  if (at >= count) return std::nullopt;
  return at;
}

std::vector<std::string> fees_matching(const kg::Graph& graph, const std::string& lowered) {
  const std::set<std::string> asked = content_words(lowered);
  std::vector<std::string> best;
  if (asked.empty()) return best;
  size_t best_score = 0;
  const auto fee_type = graph.schema().node_type("Fee");
  const auto has_fee = graph.schema().edge_type("HAS_FEE");
  if (!fee_type || !has_fee) return best;
  graph.for_each_node([&](kg::NodeIndex i, const kg::Node& fee) {
    if (graph.node_type(i) != *fee_type) return;
    std::string bag = lower(fee.name);
    graph.for_each_hop(i, kg::Direction::in, *has_fee, [&](const kg::Hop& h) {
      bag += ' ';
      bag += lower(graph.node(h.other).name);
      return true;
    });
    const std::set<std::string> words = content_words(bag);
    size_t score = 0;
    for (const std::string& w : asked) score += words.count(w);
    if (score == 0 || score < best_score) return;
    if (score > best_score) best.clear();
    best_score = score;
    best.push_back(fee.id);
  });
  return best;
}

std::vector<std::string> products_named(const kg::Graph& graph, const std::string& fee_id,
                                        const std::string& lowered) {
  std::vector<std::string> out;
  const auto fee = graph.index_of(fee_id);
  const auto has_fee = graph.schema().edge_type("HAS_FEE");
  if (!fee || !has_fee) return out;
  const std::set<std::string> asked = content_words(lowered);
  size_t best = 0;
  graph.for_each_hop(*fee, kg::Direction::in, *has_fee, [&](const kg::Hop& h) {
    const std::string& name = graph.node(h.other).name;
    const std::set<std::string> words = content_words(lower(name));
    if (words.empty()) return true;
    for (const auto& w : words) {
      if (!asked.count(w)) return true;
    }
    if (words.size() > best) out.clear();
    if (words.size() >= best) out.push_back(name);
    best = std::max(best, words.size());
    return true;
  });
  return out;
}

}  // namespace finchat::app::kgq
