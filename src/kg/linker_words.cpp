// Word lists for the entity linker's false-positive guards.
#include <algorithm>
#include <string_view>
#include <vector>

#include "kg/linker.hpp"

namespace finchat::kg {
namespace {

// Function words: never an entity mention on their own.
constexpr std::string_view kStopwords[] = {
    "a",       "about", "above",   "after", "again",  "against", "all",     "am",    "an",
    "and",     "any",   "are",     "as",    "at",     "be",      "because", "been",  "before",
    "being",   "below", "between", "both",  "but",    "by",      "can",     "could", "did",
    "do",      "does",  "doing",   "down",  "during", "each",    "few",     "for",   "from",
    "further", "had",   "has",     "have",  "having", "he",      "her",     "here",  "hers",
    "him",     "his",   "how",     "i",     "if",     "in",      "into",    "is",    "it",
    "its",     "just",  "me",      "more",  "most",   "my",      "no",      "nor",   "not",
    "now",     "of",    "off",     "on",    "once",   "only",    "or",      "other", "our",
    "out",     "over",  "own",     "same",  "she",    "should",  "so",      "some",  "such",
    "than",    "that",  "the",     "their", "them",   "then",    "there",   "these", "they",
    "this",    "those", "through", "to",    "too",    "under",   "until",   "up",    "very",
    "was",     "we",    "were",    "what",  "when",   "where",   "which",   "while", "who",
    "whom",    "why",   "will",    "with",  "would",  "you",     "your",    "yours", "yes",
    "ok",      "okay",  "please",  "also",  "get",    "got",     "one",     "two",   "us",
    "via",     "per"};

// Common content words that collide with brand-like names; lowercase use is not a mention.
constexpr std::string_view kCommonWords[] = {
    "account",  "accounts", "alert",   "alpha",   "anchor",   "apex",     "apple",    "arrow",
    "atlas",    "balance",  "bank",    "beacon",  "bear",     "bell",     "best",     "big",
    "blue",     "bolt",     "bond",    "bright",  "bull",     "buy",      "call",     "canyon",
    "capital",  "card",     "cards",   "care",    "cash",     "cedar",    "check",    "chip",
    "circle",   "city",     "clear",   "cloud",   "coast",    "core",     "crest",    "crown",
    "data",     "day",      "delta",   "direct",  "dividend", "dollar",   "drive",    "eagle",
    "earth",    "echo",     "edge",    "energy",  "falcon",   "fee",      "fees",     "field",
    "first",    "flow",     "forge",   "fortune", "fresh",    "fund",     "future",   "general",
    "global",   "gold",     "good",    "green",   "grid",     "group",    "growth",   "harbor",
    "harvest",  "health",   "home",    "horizon", "index",    "iron",     "jet",      "key",
    "labs",     "land",     "lake",    "light",   "line",     "link",     "loan",     "market",
    "mesa",     "metro",    "mint",    "money",   "motor",    "mountain", "national", "net",
    "new",      "north",    "nova",    "oak",     "ocean",    "open",     "orbit",    "pacific",
    "park",     "pay",      "peak",    "pine",    "pioneer",  "pivot",    "plan",     "point",
    "power",    "prime",    "pulse",   "quantum", "rapid",    "river",    "rock",     "safe",
    "save",     "savings",  "sector",  "secure",  "shares",   "shield",   "signal",   "silver",
    "sky",      "smart",    "solar",   "solid",   "south",    "spark",    "spring",   "star",
    "stock",    "stone",    "summit",  "sun",     "swift",    "terra",    "total",    "trade",
    "trust",    "union",    "united",  "valley",  "value",    "vector",   "vista",    "wave",
    "west",     "wind",     "world",   "zenith",  "zone",     "price",    "prices",   "today",
    "week",     "year",     "rate",    "rates",   "help",     "support",  "app",      "report",
    "transfer", "payment",  "payments"};

bool contains(const std::vector<std::string_view>& sorted_words, std::string_view word) {
  return std::binary_search(sorted_words.begin(), sorted_words.end(), word);
}

template <size_t N>
std::vector<std::string_view> sorted(const std::string_view (&words)[N]) {
  std::vector<std::string_view> out(words, words + N);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool is_link_stopword(std::string_view word) {
  static const auto words = sorted(kStopwords);
  return contains(words, word);
}

bool is_common_word(std::string_view word) {
  static const auto words = sorted(kCommonWords);
  return contains(words, word) || is_link_stopword(word);
}

}  // namespace finchat::kg
