#include "kg/linker.hpp"

#include "kg/json_util.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.hpp"

namespace finchat::kg {
namespace {

constexpr size_t kMaxFuzzyTokens = 3;
constexpr std::string_view kRightQuote = "\xE2\x80\x99";  // U+2019, typographic apostrophe

bool is_alnum(unsigned char c) { return std::isalnum(c) || c >= 0x80; }
bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

// UTF-8 punctuation that separates words although its bytes are >= 0x80: the General
// Punctuation block (U+2000-U+206F: dashes, typographic quotes, spaces) and no-break space.
size_t separator_length(std::string_view text, size_t i) {
  if (text.substr(i).starts_with("\xE2\x80") || text.substr(i).starts_with("\xE2\x81")) {
    return std::min<size_t>(3, text.size() - i);
  }
  if (text.substr(i).starts_with("\xC2\xA0")) return 2;
  return 0;
}

// '&', '.', and apostrophes join letters inside a token ("S&P", "U.S", "O'Neil").
bool is_joiner(std::string_view text, size_t i) {
  const char c = text[i];
  if (c != '&' && c != '.' && c != '\'') return false;
  return i > 0 && i + 1 < text.size() && is_alnum(text[i - 1]) && is_alnum(text[i + 1]);
}

using core::lower;

std::string normalise_phrase(std::string_view text) {
  std::string key;
  for (const auto& token : EntityLinker::tokenize(text)) {
    if (!key.empty()) key += ' ';
    key += token.norm;
  }
  return key;
}

std::string join(const std::vector<EntityLinker::Token>& tokens, size_t first, size_t count) {
  std::string key;
  for (size_t i = first; i < first + count; ++i) {
    if (i > first) key += ' ';
    key += tokens[i].norm;
  }
  return key;
}

// Legal-form words dropped to make a short alias ("Novatek Systems Inc." -> "Novatek Systems").
bool is_corporate_suffix(std::string_view w) {
  static const std::set<std::string_view> suffixes = {
      "inc", "inc.",    "corp", "corp.", "corporation", "ltd", "ltd.",     "plc",  "co",
      "co.", "company", "llc",  "ag",    "sa",          "nv",  "holdings", "group"};
  return suffixes.count(w) > 0;
}

// Mostly-capitals text ("WHAT IS NOVA DOING") makes every word look like a ticker.
bool is_shouting(const std::vector<EntityLinker::Token>& tokens) {
  size_t caps = 0, words = 0;
  for (const auto& t : tokens) {
    if (t.cashtag || t.norm.size() < 2) continue;
    ++words;
    caps += t.all_caps;
  }
  return words >= 3 && caps * 2 > words;
}

// Cue words that reveal a market or a support conversation when no hint is given.
LinkContext detect_context(const std::vector<EntityLinker::Token>& tokens) {
  static const std::set<std::string_view> market = {
      "stock",     "stocks",  "share",       "shares",    "price",  "earnings", "market",
      "dividend",  "ticker",  "sector",      "invest",    "buy",    "sell",     "trading",
      "valuation", "revenue", "competitors", "peers",     "ceo",    "cfo",      "index",
      "analyst",   "quarter", "portfolio",   "investing", "listed", "exchange", "rally",
      "downgrade", "upgrade", "p/e",         "eps"};
  static const std::set<std::string_view> support = {
      "account",   "card",     "app",    "fee",       "fees",     "login",   "password", "transfer",
      "deposit",   "declined", "refund", "statement", "pin",      "locked",  "reset",    "help",
      "overdraft", "atm",      "wire",   "charged",   "activate", "balance", "checking", "savings"};
  int m = 0, s = 0;
  for (const auto& t : tokens) {
    m += market.count(t.norm) > 0;
    s += support.count(t.norm) > 0;
  }
  if (m > s) return LinkContext::market;
  if (s > m) return LinkContext::support;
  return LinkContext::automatic;
}

bool is_category_cue(std::string_view w) {
  static const std::set<std::string_view> cues = {
      "stocks",    "stock", "shares", "sector", "sectors", "industry", "industries",
      "companies", "names", "space",  "etf",    "etfs",    "firms",    "group"};
  return cues.count(w) > 0;
}

double base_score(MatchKind kind, int distance, bool cashtag) {
  switch (kind) {
    case MatchKind::name: return 1.0;
    case MatchKind::alias: return 0.92;
    case MatchKind::ticker: return cashtag ? 1.0 : 0.95;
    case MatchKind::fuzzy: return 0.85 - 0.1 * (distance - 1);
  }
  return 0;
}

}  // namespace

LinkContext parse_link_context(std::string_view hint) {
  const std::string h = lower(hint);
  if (h == "market" || h == "markets" || h == "finance" || h == "financial") {
    return LinkContext::market;
  }
  if (h == "support" || h == "help" || h == "customer_support") return LinkContext::support;
  return LinkContext::automatic;
}

const char* to_string(MatchKind kind) {
  switch (kind) {
    case MatchKind::name: return "name";
    case MatchKind::alias: return "alias";
    case MatchKind::ticker: return "ticker";
    case MatchKind::fuzzy: return "fuzzy";
  }
  return "?";
}

std::vector<EntityLinker::Token> EntityLinker::tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const bool cashtag = text[i] == '$' && i + 1 < text.size() &&
                         std::isalpha(static_cast<unsigned char>(text[i + 1]));
    if (!cashtag && (!is_alnum(text[i]) || separator_length(text, i) > 0)) {
      i += std::max<size_t>(1, separator_length(text, i));
      continue;
    }
    Token token;
    token.begin = i;
    token.cashtag = cashtag;
    const size_t word_begin = cashtag ? i + 1 : i;
    size_t j = word_begin;
    while (j < text.size() && (is_alnum(text[j]) || is_joiner(text, j)) &&
           separator_length(text, j) == 0) {
      ++j;
    }
    std::string_view word = text.substr(word_begin, j - word_begin);
    // Possessive: "Novatek's" links as "Novatek" (ASCII or typographic apostrophe).
    size_t end = j;
    if (word.size() > 2 && (word.ends_with("'s") || word.ends_with("'S"))) {
      word.remove_suffix(2);
      end -= 2;
    } else if (text.substr(j).starts_with(kRightQuote) && j + 3 < text.size() &&
               (text[j + 3] == 's' || text[j + 3] == 'S') &&
               (j + 4 == text.size() || !is_alnum(text[j + 4]))) {
      j += 4;  // the token ends before the possessive
    }
    token.end = end;
    token.norm = lower(word);
    bool any_upper = false, any_lower = false;
    for (unsigned char c : word) {
      any_upper = any_upper || is_upper(c);
      any_lower = any_lower || is_lower(c);
    }
    token.all_caps = any_upper && !any_lower;
    token.capitalised = !word.empty() && is_upper(static_cast<unsigned char>(word.front()));
    if (!word.empty()) tokens.push_back(std::move(token));
    i = std::max(j, i + 1);  // always advance
  }
  return tokens;
}

EntityLinker::EntityLinker(const Graph& graph, LinkerOptions options)
    : options_(std::move(options)) {
  std::vector<bool> linkable(graph.schema().node_types().size(), false);
  for (const std::string& type : options_.linkable_types) {
    if (auto t = graph.schema().node_type(type)) linkable[*t] = true;
  }
  graph.for_each_node([&](NodeIndex i, const Node&) {
    if (linkable[graph.node_type(i)]) add_entity(graph, i);
  });
  // Tickers link to the company that has them (or to the Ticker node when nobody does).
  const auto ticker_type = graph.schema().node_type("Ticker");
  const auto has_ticker = graph.schema().edge_type("HAS_TICKER");
  graph.for_each_node([&](NodeIndex i, const Node& node) {
    if (!ticker_type || graph.node_type(i) != *ticker_type) return;
    std::string symbol = string_or(node.properties, "symbol", node.name);
    NodeIndex owner = i;
    for (EdgeIndex e : graph.in_edges(i)) {
      if (has_ticker && graph.edge_rec(e).type == *has_ticker) owner = graph.edge_rec(e).from;
    }
    const Node& target = graph.node(owner);
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& entry) { return entry.id == target.id; });
    uint32_t entry = static_cast<uint32_t>(it - entries_.begin());
    if (it == entries_.end()) {
      add_entity(graph, owner);
      entry = static_cast<uint32_t>(entries_.size() - 1);
    }
    add_form(symbol, entry, MatchKind::ticker);
  });
}

void EntityLinker::add_entity(const Graph& graph, NodeIndex node) {
  const Node& n = graph.node(node);
  const std::string& domain = graph.schema().node_type_def(graph.node_type(node)).domain;
  entries_.push_back({n.id, n.type, n.name, domain == "finance", domain == "support"});
  const auto entry = static_cast<uint32_t>(entries_.size() - 1);
  add_form(n.name, entry, MatchKind::name);
  for (const std::string& alias : n.aliases) add_form(alias, entry, MatchKind::alias);
  // "Novatek Systems Inc." is also "Novatek Systems".
  auto tokens = tokenize(n.name);
  size_t keep = tokens.size();
  while (keep > 1 && is_corporate_suffix(tokens[keep - 1].norm)) --keep;
  if (keep < tokens.size()) add_form(join(tokens, 0, keep), entry, MatchKind::alias);
  if (n.type == "Company" && n.properties.contains("ticker") &&
      n.properties.at("ticker").is_string()) {
    add_form(n.properties.at("ticker").get<std::string>(), entry, MatchKind::ticker);
  }
}

void EntityLinker::add_form(const std::string& text, uint32_t entry, MatchKind kind) {
  const std::string key = normalise_phrase(text);
  if (key.empty()) return;
  const auto count =
      static_cast<uint8_t>(std::min<size_t>(std::count(key.begin(), key.end(), ' ') + 1, 255));
  auto& forms = dictionary_[key];
  for (const Form& f : forms) {
    if (f.entry == entry && f.kind == kind) return;
  }
  const Form form{entry, kind, count};
  forms.push_back(form);
  forms_.push_back(form);
  max_tokens_ = std::max<size_t>(max_tokens_, count);
  if (kind != MatchKind::ticker && count <= kMaxFuzzyTokens && key.size() >= 5) {
    fuzzy_.add(static_cast<uint32_t>(forms_.size() - 1), key);
  }
}

const std::vector<EntityLinker::Form>* EntityLinker::lookup(const std::string& phrase) const {
  if (auto it = dictionary_.find(phrase); it != dictionary_.end()) return &it->second;
  // Plural of the last word: "overdraft fees" -> "overdraft fee".
  if (phrase.size() > 4 && phrase.back() == 's' && phrase[phrase.size() - 2] != 's') {
    if (auto it = dictionary_.find(phrase.substr(0, phrase.size() - 1)); it != dictionary_.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

bool EntityLinker::accept_exact(const std::vector<Token>& tokens, size_t first, size_t count,
                                const Form& form, bool shouting, LinkContext context) const {
  const Token& head = tokens[first];
  if (form.kind == MatchKind::ticker) {
    if (count != 1) return false;
    if (head.cashtag) return true;
    return head.all_caps && head.norm.size() >= 2 && !shouting;
  }
  if (head.cashtag) return false;
  bool all_stop = true;
  for (size_t i = first; i < first + count; ++i)
    all_stop = all_stop && is_link_stopword(tokens[i].norm);
  if (all_stop) return false;
  return passes_word_guards(tokens, first, count, entries_[form.entry], context);
}

bool EntityLinker::passes_word_guards(const std::vector<Token>& tokens, size_t first, size_t count,
                                      const Entry& entry, LinkContext context) const {
  const Token& head = tokens[first];
  const bool lowercase = !head.capitalised && !head.all_caps;
  if (count > 1 || !lowercase) return true;
  if (head.norm.size() <= 3 || is_link_stopword(head.norm)) return false;  // "ark", "sun"
  // Lowercase common words are not finance mentions ("the summit", "a nova").
  if (entry.finance && is_common_word(head.norm)) return false;
  // "software" names the industry only next to a word like "stocks" or "sector".
  if (entry.type == "Sector" || entry.type == "Industry") {
    return (first > 0 && is_category_cue(tokens[first - 1].norm)) ||
           (first + 1 < tokens.size() && is_category_cue(tokens[first + 1].norm));
  }
  // A lone lowercase brand word ("lumen", "novatek") needs a conversation of its domain.
  return (context == LinkContext::market && entry.finance) ||
         (context == LinkContext::support && entry.support);
}

bool EntityLinker::exact_at(const std::vector<Token>& tokens, size_t first, bool shouting,
                            LinkContext context, Span& out) const {
  const size_t longest = std::min(max_tokens_, tokens.size() - first);
  for (size_t count = longest; count >= 1; --count) {
    const auto* forms = lookup(join(tokens, first, count));
    if (!forms) continue;
    Span span{first, count, {}};
    for (const Form& form : *forms) {
      if (accept_exact(tokens, first, count, form, shouting, context)) {
        span.forms.emplace_back(form, 0);
      }
    }
    if (!span.forms.empty()) {
      out = std::move(span);
      return true;
    }
  }
  return false;
}

bool EntityLinker::fuzzy_at(const std::vector<Token>& tokens, size_t first, LinkContext context,
                            Span& out) const {
  const Token& head = tokens[first];
  if (head.cashtag || is_common_word(head.norm)) return false;
  const size_t longest = std::min(kMaxFuzzyTokens, tokens.size() - first);
  for (size_t count = longest; count >= 1; --count) {
    const Token& last = tokens[first + count - 1];
    if (is_link_stopword(last.norm)) continue;
    const std::string phrase = join(tokens, first, count);
    const bool lowercase = !head.capitalised && !head.all_caps;
    // A single lowercase word needs more letters to be a believable typo of a name.
    if (count == 1 && (lowercase ? phrase.size() < 6 : phrase.size() < 5)) continue;
    Span span{first, count, {}};
    for (const auto& hit : fuzzy_.search(phrase)) {
      const Form& form = forms_[hit.id];
      // Distance 0 was an exact match the guards already turned down.
      if (hit.distance == 0 || form.tokens != count) continue;
      if (!passes_word_guards(tokens, first, count, entries_[form.entry], context)) continue;
      span.forms.emplace_back(form, hit.distance);
    }
    if (!span.forms.empty()) {
      out = std::move(span);
      return true;
    }
  }
  return false;
}

Mention EntityLinker::make_mention(std::string_view text, const std::vector<Token>& tokens,
                                   const Span& span, LinkContext context) const {
  const Token& head = tokens[span.first];
  Mention mention;
  mention.begin = head.begin;
  mention.end = tokens[span.first + span.count - 1].end;
  mention.text = std::string(text.substr(mention.begin, mention.end - mention.begin));
  const bool lowercase_single = span.count == 1 && !head.capitalised && !head.all_caps;
  std::vector<Candidate> all;
  for (const auto& [form, distance] : span.forms) {
    const Entry& entry = entries_[form.entry];
    const MatchKind kind = distance > 0 ? MatchKind::fuzzy : form.kind;
    double score = base_score(kind, distance, head.cashtag);
    if (lowercase_single && entry.finance) score -= 0.1;
    if (context == LinkContext::market) score += entry.finance ? 0.1 : -0.1;
    if (context == LinkContext::support) score += entry.support ? 0.1 : -0.1;
    auto same =
        std::find_if(all.begin(), all.end(), [&](const Candidate& c) { return c.id == entry.id; });
    if (same != all.end()) {
      if (score > same->score) same->score = score, same->match = kind;
      continue;
    }
    all.push_back({entry.id, entry.type, entry.name, std::min(score, 1.0), kind});
  }
  std::sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  for (const Candidate& c : all) {
    if (c.score < options_.min_score || mention.candidates.size() == options_.max_candidates) break;
    mention.candidates.push_back(c);
  }
  return mention;
}

std::vector<Mention> EntityLinker::link(std::string_view text, LinkContext context) const {
  std::vector<Mention> mentions;
  const auto tokens = tokenize(text);
  if (context == LinkContext::automatic) context = detect_context(tokens);
  const bool shouting = is_shouting(tokens);
  for (size_t i = 0; i < tokens.size();) {
    Span span;
    if (exact_at(tokens, i, shouting, context, span) ||
        (options_.fuzzy && fuzzy_at(tokens, i, context, span))) {
      Mention mention = make_mention(text, tokens, span, context);
      if (!mention.candidates.empty()) mentions.push_back(std::move(mention));
      i += span.count;
    } else {
      ++i;
    }
  }
  return mentions;
}

}  // namespace finchat::kg
