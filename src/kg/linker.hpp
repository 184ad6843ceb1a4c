#pragma once
// Entity linking: finds mentions of graph entities in a user's text and proposes candidate
// nodes with scores. Matches names, aliases and tickers (AAPL or $AAPL) case-insensitively,
// prefers the longest match, tolerates small typos (bounded Damerau-Levenshtein over a
// first-character/length index), and uses the conversation context ("market" or "support",
// or cue words in the text) to rank Company-like against Product-like entities. Guards
// against common words: stopwords never link, tickers need capitals or a "$", and lowercase
// common English words do not link to finance names.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kg/fuzzy.hpp"
#include "kg/graph.hpp"

namespace finchat::kg {

enum class LinkContext { automatic, market, support };
// "market", "finance", "markets" -> market; "support", "help" -> support; else automatic.
LinkContext parse_link_context(std::string_view hint);

enum class MatchKind { name, alias, ticker, fuzzy };
const char* to_string(MatchKind kind);

struct Candidate {
  std::string id;
  std::string type;
  std::string name;
  double score = 0;
  MatchKind match = MatchKind::name;
};

struct Mention {
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
  std::string text;
  std::vector<Candidate> candidates;  // best first, never empty
};

struct LinkerOptions {
  std::vector<std::string> linkable_types = {"Company", "Sector", "Industry",        "Exchange",
                                             "Person",  "Index",  "FinancialMetric", "Product",
                                             "Feature", "Fee",    "Policy"};
  size_t max_candidates = 3;
  double min_score = 0.5;
  bool fuzzy = true;
};

class EntityLinker {
 public:
  explicit EntityLinker(const Graph& graph, LinkerOptions options = {});

  std::vector<Mention> link(std::string_view text,
                            LinkContext context = LinkContext::automatic) const;
  size_t form_count() const { return forms_.size(); }

  // Tokens as the linker sees them (public for tests).
  struct Token {
    size_t begin = 0;
    size_t end = 0;
    std::string norm;  // lowercase, possessive "'s" removed
    bool cashtag = false;
    bool all_caps = false;
    bool capitalised = false;
  };
  static std::vector<Token> tokenize(std::string_view text);

 private:
  struct Entry {
    std::string id;
    std::string type;
    std::string name;
    bool finance = false;  // schema domain, for context ranking
    bool support = false;
  };
  struct Form {
    uint32_t entry;
    MatchKind kind;
    uint8_t tokens;
  };
  struct Span {
    size_t first = 0;
    size_t count = 0;
    std::vector<std::pair<Form, int>> forms;  // form and edit distance (fuzzy)
  };

  void add_entity(const Graph& graph, NodeIndex node);
  void add_form(const std::string& text, uint32_t entry, MatchKind kind);
  const std::vector<Form>* lookup(const std::string& phrase) const;
  bool exact_at(const std::vector<Token>& tokens, size_t first, bool shouting, LinkContext context,
                Span& out) const;
  bool fuzzy_at(const std::vector<Token>& tokens, size_t first, LinkContext context,
                Span& out) const;
  bool accept_exact(const std::vector<Token>& tokens, size_t first, size_t count, const Form& form,
                    bool shouting, LinkContext context) const;
  bool passes_word_guards(const std::vector<Token>& tokens, size_t first, size_t count,
                          const Entry& entry, LinkContext context) const;
  Mention make_mention(std::string_view text, const std::vector<Token>& tokens, const Span& span,
                       LinkContext context) const;

  LinkerOptions options_;
  std::vector<Entry> entries_;
  std::vector<Form> forms_;
  std::unordered_map<std::string, std::vector<Form>> dictionary_;
  FuzzyIndex fuzzy_;
  size_t max_tokens_ = 1;
};

// Lowercase words that never link to finance entities on their own (common English words).
bool is_common_word(std::string_view lowercase_word);
bool is_link_stopword(std::string_view lowercase_word);

}  // namespace finchat::kg
