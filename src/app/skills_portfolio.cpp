#include "app/skills_portfolio.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <regex>

#include "api/portfolio_routes.hpp"
#include "app/skills_portfolio_text.hpp"
#include "core/text.hpp"

namespace finchat::app {

namespace {

using nlohmann::json;
namespace pf = finchat::portfolio;

constexpr const char* kStateKey = "portfolio";

using core::lower;

const std::regex& assess_words() {
  static const std::regex r =
      chat::words_regex({"too risky", "risky is my", "my portfolio", "my holdings",
                         "my investments", "my current portfolio", "portfolio risk"});
  return r;
}

const std::regex& bond_what_if_words() {
  static const std::regex r =
      chat::words_regex({"what if", "add", "more", "increase", "with", "put", "include"});
  return r;
}

const std::regex& cancel_words() {
  static const std::regex r =
      chat::words_regex({"cancel", "stop", "never mind", "nevermind", "quit", "exit"});
  return r;
}

bool mentions_bonds(const std::string& t) { return t.find("bond") != std::string::npos; }

chat::SkillResult with_state(chat::SkillResult r, const json& state, bool claim) {
  r.memory[kStateKey] = state;
  r.memory[chat::kActiveSkillKey] = claim ? json("portfolio") : json(nullptr);
  return r;
}

chat::SkillResult released(std::string text, json state) {
  state.erase("stage");
  chat::SkillResult r;
  r.text = std::move(text);
  return with_state(std::move(r), state, false);
}

// "the second one", "option three", "first": an option by its position.
std::optional<std::string> ordinal_option(const pf::Question& q, const std::string& t) {
  static const std::regex r(
      R"(^(?:the\s+)?(?:option\s+|answer\s+|number\s+)?(first|second|third|fourth|fifth|one|two|three|four|five|last)(?:\s+(?:one|option|answer))?(?:\s+please)?$)");
  std::smatch m;
  if (!std::regex_match(t, m, r)) return std::nullopt;
  static const std::map<std::string, size_t> at = {
      {"first", 0}, {"one", 0},    {"second", 1}, {"two", 1},   {"third", 2},
      {"three", 2}, {"fourth", 3}, {"four", 3},   {"fifth", 4}, {"five", 4}};
  const size_t i = m[1].str() == "last" ? q.options.size() - 1 : at.at(m[1].str());
  if (i >= q.options.size()) return std::nullopt;
  return q.options[i].id;
}

// The range an option's words describe: "In 5 to 10 years" [5, 10], "Under 30" [-inf, 30),
// "More than 6 months" (6, inf), "75 or over", "About 20%" [20, 20].
std::optional<std::pair<double, double>> option_range(const std::string& lowered) {
  static const std::regex between(R"((\d+(?:\.\d+)?)%?\s+to\s+(\d+(?:\.\d+)?))");
  static const std::regex below(R"(\b(?:under|less than|within|below)\s+(\d+(?:\.\d+)?))");
  static const std::regex above(R"(\b(?:more than|over|above)\s+(\d+(?:\.\d+)?))");
  static const std::regex or_over(R"((\d+(?:\.\d+)?)\s*(?:or over|or more|\+))");
  static const std::regex about(R"(\babout\s+(\d+(?:\.\d+)?))");
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::smatch m;
  if (std::regex_search(lowered, m, between)) return std::pair{std::stod(m[1]), std::stod(m[2])};
  if (std::regex_search(lowered, m, below)) return std::pair{-inf, std::stod(m[1]) - 1e-9};
  if (std::regex_search(lowered, m, above)) return std::pair{std::stod(m[1]) + 1e-9, inf};
  if (std::regex_search(lowered, m, or_over)) return std::pair{std::stod(m[1]), inf};
  if (std::regex_search(lowered, m, about)) return std::pair{std::stod(m[1]), std::stod(m[1])};
  return std::nullopt;
}

// A number with words around it ("I'm 35", "in about 7 years", "maybe 20 percent") picks the
// option whose range holds it. A bare number is an option number, handled before.
std::optional<std::string> range_option(const pf::Question& q, const std::string& t) {
  static const std::regex number(R"((\d+(?:\.\d+)?))");
  std::smatch m;
  if (!std::regex_search(t, m, number)) return std::nullopt;
  if (std::regex_match(t, std::regex(R"(\s*\d+(?:\.\d+)?\s*)"))) return std::nullopt;
  const double v = std::stod(m[1].str());
  std::optional<std::string> pick;
  for (const auto& o : q.options) {
    auto range = option_range(lower(o.text));
    if (!range || v < range->first || v > range->second) continue;
    if (pick) return std::nullopt;  // overlapping ranges: ask again
    pick = o.id;
  }
  return pick;
}

// Paraphrases: the one option sharing the most content words with the answer ("I'd just
// hold" -> "Hold and wait", "mostly ETFs" -> "Funds or ETFs"); none or a tie: ask again.
std::optional<std::string> overlap_option(const pf::Question& q, const std::string& t) {
  static const std::regex word(R"([a-z]{3,})");
  static const std::vector<std::string> filler = {
      "the",  "and",  "with", "would", "just", "probably", "maybe", "think",  "guess",  "about",
      "than", "more", "less", "for",   "its",  "not",      "that",  "this",   "have",   "some",
      "very", "want", "like", "i'd",   "i'm",  "into",     "most",  "mostly", "prefer", "say"};
  auto words = [&](const std::string& text) {
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), word);
         it != std::sregex_iterator(); ++it) {
      std::string w = it->str();
      if (w.size() > 4 && w.back() == 's') w.pop_back();
      if (std::find(filler.begin(), filler.end(), w) == filler.end()) out.push_back(w);
    }
    return out;
  };
  const auto asked = words(t);
  size_t best = 0;
  std::optional<std::string> pick;
  bool tie = false;
  for (const auto& o : q.options) {
    size_t score = 0;
    for (const auto& w : words(lower(o.text)))
      score += std::count(asked.begin(), asked.end(), w) > 0;
    if (score == 0 || score < best) continue;
    tie = score == best;
    best = score;
    pick = o.id;
  }
  if (tie) return std::nullopt;
  return pick;
}

}  // namespace

std::optional<double> parse_percent(const std::string& text) {
  static const std::regex r(R"((\d+(?:\.\d+)?)\s*(?:%|percent\b))", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(text, m, r)) return std::nullopt;
  const double v = std::stod(m[1].str()) / 100.0;
  if (!(v > 0 && v <= 1)) return std::nullopt;
  return v;
}

std::optional<double> parse_cash_amount(const std::string& text) {
  static const std::regex r(
      R"((\$|usd\s*|€|£)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(k|m|thousand|million)?\b\s*(%|percent|years?|dollars|usd|euros?)?)",
      std::regex::icase);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), r); it != std::sregex_iterator();
       ++it) {
    const auto& m = *it;
    const std::string unit = lower(m[4].str());
    if (unit == "%" || unit == "percent" || unit.rfind("year", 0) == 0) continue;
    std::string digits = m[2].str();
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    double v = std::stod(digits);
    const std::string mult = lower(m[3].str());
    if (mult == "k" || mult == "thousand") v *= 1e3;
    if (mult == "m" || mult == "million") v *= 1e6;
    const bool marked = m[1].matched || m[3].matched || !unit.empty();
    if ((marked || v >= 100) && v > 0 && v <= 1e9) return v;
  }
  return std::nullopt;
}

std::optional<std::string> match_option(const pf::Question& q, const std::string& text) {
  const std::string t = lower(text);
  static const std::regex number(R"(^\s*(?:option\s*)?(\d{1,2})\s*[.)]?\s*$)");
  static const std::regex letter(R"(^\s*(?:option\s*)?([a-z])\s*[.)]?\s*$)");
  std::smatch m;
  if (std::regex_match(t, m, number)) {
    const size_t i = std::stoul(m[1].str());
    if (i >= 1 && i <= q.options.size()) return q.options[i - 1].id;
  }
  if (std::regex_match(t, m, letter)) {
    const size_t i = static_cast<size_t>(m[1].str()[0] - 'a');
    if (i < q.options.size()) return q.options[i].id;
    return std::nullopt;
  }
  std::string trimmed = t;
  trimmed.erase(0, trimmed.find_first_not_of(" \t\"'"));
  trimmed.erase(trimmed.find_last_not_of(" \t\"'.!?") + 1);
  if (trimmed.empty()) return std::nullopt;
  std::vector<std::string> hits;
  for (const auto& o : q.options) {
    const std::string opt = lower(o.text);
    if (trimmed == lower(o.id) || trimmed == opt) return o.id;
    if (opt.find(trimmed) != std::string::npos || trimmed.find(opt) != std::string::npos) {
      hits.push_back(o.id);
    }
  }
  if (hits.size() == 1) return hits.front();
  if (!hits.empty()) return std::nullopt;  // ambiguous: ask again
  if (auto o = ordinal_option(q, trimmed)) return o;
  if (auto o = range_option(q, trimmed)) return o;
  return overlap_option(q, trimmed);
}

Result<chat::SkillResult> PortfolioSkill::run(chat::Turn& turn) {
  json state = turn.state.value(kStateKey, json::object());
  if (!state.is_object()) state = json::object();
  const std::string stage = state.value("stage", "");
  const std::string t = lower(turn.text);
  if (!stage.empty() && chat::contains_any(t, cancel_words())) {
    state.erase("answers");
    return released("Stopped. Ask me again whenever you want to plan an investment.", state);
  }
  if (stage == "questionnaire") return continue_questionnaire(turn, state);
  if (stage == "cash") {
    auto cash = parse_cash_amount(turn.text);
    if (!cash) {
      chat::SkillResult r;
      r.text = "How much would you like to invest? For example: \"$20,000\" or \"20k\".";
      return with_state(std::move(r), state, true);
    }
    state["cash"] = *cash;
    state.erase("stage");
    state["pending"] = "recommend";
    return with_profile(turn, state);
  }
  return start(turn, state);
}

// The saved risk profile's next step, or the questionnaire when the user has none yet.
Result<chat::SkillResult> PortfolioSkill::with_profile(chat::Turn& turn, json state) {
  auto profile = store_->profile(turn.user_id);
  if (!profile) return profile.error();
  if (!profile->has_value()) {
    state["stage"] = "questionnaire";
    state["q"] = 0;
    state["answers"] = json::object();
    return with_state(questionnaire_turn(state, true), state, true);
  }
  return after_profile(turn, state, (*profile)->profile, false);
}

Result<chat::SkillResult> PortfolioSkill::start(chat::Turn& turn, json state) {
  const std::string t = lower(turn.text);
  state.erase("what_if_bond_share");
  const bool has_last = state.contains("last") && state["last"].is_object();
  if (chat::contains_any(t, assess_words()) && !mentions_bonds(t)) {
    state["pending"] = "assess";
  } else if (has_last && mentions_bonds(t) && chat::contains_any(t, bond_what_if_words())) {
    auto pct = parse_percent(turn.text);
    if (!pct) {
      return released("How much in bonds? For example: \"what if I add 10% bonds?\"", state);
    }
    const bool additive = t.find("add") != std::string::npos ||
                          t.find("more") != std::string::npos ||
                          t.find("increase") != std::string::npos;
    const double base = additive ? state["last"].value("bond_share", 0.0) : 0.0;
    state["what_if_bond_share"] = std::min(1.0, base + *pct);
    state["pending"] = "recommend";
  } else {
    state["pending"] = "recommend";
    if (auto cash = parse_cash_amount(turn.text)) {
      state["cash"] = *cash;
    } else if (!state.contains("cash")) {
      state["stage"] = "cash";
      chat::SkillResult r;
      r.text = "Happy to help you plan it. How much would you like to invest?";
      r.suggestions = {"$10,000", "$20,000", "$50,000"};
      return with_state(std::move(r), state, true);
    }
  }
  return with_profile(turn, state);
}

Result<chat::SkillResult> PortfolioSkill::continue_questionnaire(chat::Turn& turn, json state) {
  const auto& q = pf::default_questionnaire();
  const size_t index = state.value("q", 0u);
  if (index >= q.questions.size()) {
    state.erase("stage");
    return released("Let's start again: ask me how to invest.", state);
  }
  const auto& question = q.questions[index];
  auto option = match_option(question, turn.text);
  if (!option) {
    chat::SkillResult r = questionnaire_turn(state, false);
    r.text = "Sorry, I didn't catch that. " + r.text;
    return with_state(std::move(r), state, true);
  }
  state["answers"][question.id] = *option;
  state["q"] = index + 1;
  if (index + 1 < q.questions.size()) {
    return with_state(questionnaire_turn(state, false), state, true);
  }
  auto saved = store_->save_profile(turn.user_id, state["answers"].get<pf::Answers>());
  if (!saved) return saved.error();
  state.erase("stage");
  state.erase("q");
  state.erase("answers");
  return after_profile(turn, state, saved->profile, true);
}

Result<chat::SkillResult> PortfolioSkill::after_profile(chat::Turn& turn, const json& state,
                                                        const pf::RiskProfile& profile,
                                                        bool just_scored) {
  Result<chat::SkillResult> r =
      state.value("pending", "") == "assess"
          ? assess(turn, state, profile)
          : recommend(turn, state, profile, state.contains("what_if_bond_share"));
  if (r && just_scored) {
    r->text = profile_intro(profile) + "\n\n" + r->text;
    std::vector<chat::Fact> facts;
    for (auto& f : profile_facts(profile)) {
      const bool shown = std::any_of(r->facts.begin(), r->facts.end(),
                                     [&](const chat::Fact& g) { return g.name == f.name; });
      if (!shown) facts.push_back(std::move(f));
    }
    r->facts.insert(r->facts.begin(), facts.begin(), facts.end());
    // The questions quoted in the intro (a cap's reason) are our own text, not figures.
    for (const auto& c : profile.caps) r->labels.push_back(question_label(c.question_id));
  }
  return r;
}

Result<chat::SkillResult> PortfolioSkill::recommend(chat::Turn& turn, json state,
                                                    const pf::RiskProfile& profile, bool what_if) {
  pf::RecommendationRequest req;
  req.cash = state.value("cash", 0.0);
  std::optional<json> previous;
  if (what_if) {
    previous = state["last"];
    req.cash = previous->value("cash", req.cash);
    req.min_bond_share = state["what_if_bond_share"].get<double>();
  }
  state.erase("what_if_bond_share");
  state.erase("pending");
  auto advice = advisor_->recommend(profile, req);
  if (!advice) {
    return released("I couldn't build a portfolio for that: " + advice.error().message, state);
  }
  json inputs = {{"cash", req.cash},
                 {"bond_share_floor", req.min_bond_share ? json(*req.min_bond_share) : json()},
                 {"profile", pf::to_string(profile.level)},
                 {"as_of", advice->as_of},
                 {"text", turn.text}};
  auto id = store_->record_recommendation(turn.user_id, "chat", inputs, api::advice_json(*advice));
  if (!id) return id.error();
  chat::SkillResult r = render_advice(*advice, profile, previous);
  const auto& rec = advice->recommendation;
  state["last"] = {{"cash", req.cash},
                   {"bond_share", advice->bond_share},
                   {"expected_return", rec.performance.expected_return},
                   {"volatility", rec.performance.volatility},
                   {"id", *id}};
  return with_state(std::move(r), state, false);
}

Result<chat::SkillResult> PortfolioSkill::assess(chat::Turn& turn, const json& state_in,
                                                 const pf::RiskProfile& profile) {
  json state = state_in;
  state.erase("pending");
  auto list = store_->list(turn.user_id);
  if (!list) return list.error();
  if (list->empty() || list->front().holdings.empty()) {
    chat::SkillResult r = released(
        "I don't have your holdings yet. Save your portfolio (Portfolios page or "
        "POST /v1/portfolios) and ask me again.",
        state);
    r.labels.push_back("/v1/portfolios");  // an API path, not a figure
    return r;
  }
  auto risk = advisor_->assess(profile, list->front().holdings);
  if (!risk) return released("I couldn't assess that portfolio: " + risk.error().message, state);
  return with_state(render_assessment(list->front().name, *risk, profile), state, false);
}

std::vector<chat::RouteRule> portfolio_route_rules() {
  static const std::regex kPlan =
      chat::words_regex({"how should i invest", "invest(ing)? (my|\\$?\\d[\\d,.]*[km]?)",
                         "where (should|can) i invest", "help me invest", "portfolio",
                         "asset allocation", "risk profile", "risk tolerance", "robo.?advis(or|er)",
                         "diversif(y|ied|ication)", "too risky", "retirement savings"});
  chat::RouteRule plan{"portfolio", 50, [](const chat::RouteContext& c) {
                         return chat::contains_any(c.lowered, kPlan);
                       }};
  chat::RouteRule what_if{"portfolio", 55, [](const chat::RouteContext& c) {
                            const auto it = c.state.find(kStateKey);
                            return it != c.state.end() && it->is_object() && it->contains("last") &&
                                   mentions_bonds(c.lowered) &&
                                   chat::contains_any(c.lowered, bond_what_if_words());
                          }};
  return {what_if, plan};
}

}  // namespace finchat::app
