#include "app/skills_company.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "core/text.hpp"
#include "finance/fundamentals/insights.hpp"

namespace finchat::app {

namespace {

using fundamentals::AnalysisFact;

using core::lower;

double round_to(double v, int digits) {
  const double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

std::string money(double v) {
  const double a = std::fabs(v);
  const char* sign = v < 0 ? "-" : "";
  if (a >= 1e9) return fmt::format("{}${:.2f} billion", sign, a / 1e9);
  if (a >= 1e6) return fmt::format("{}${:.1f} million", sign, a / 1e6);
  return fmt::format("{}${:.2f}", sign, a);
}

std::string pct(double v) { return fmt::format("{}{:.1f}%", v >= 0 ? "+" : "-", std::fabs(v)); }

// Which facts a question is about.
enum class Topic { overview, growth, margins, returns, health, valuation };

Topic topic_of(const std::string& lowered) {
  static const std::regex kMargins = chat::words_regex({"margin", "margins", "profitability"});
  static const std::regex kGrowth = chat::words_regex({"growth", "grow", "grew", "growing"});
  static const std::regex kReturns =
      chat::words_regex({"roe", "roa", "roic", "dupont", "return on equity", "returns"});
  static const std::regex kHealth =
      chat::words_regex({"piotroski", "altman", "z-score", "f-score", "debt", "liquidity",
                         "balance sheet", "leverage", "health"});
  static const std::regex kValuation =
      chat::words_regex({"valuation", "p/e", "pe ratio", "multiple", "multiples", "ev/ebitda"});
  if (chat::contains_any(lowered, kMargins)) return Topic::margins;
  if (chat::contains_any(lowered, kGrowth)) return Topic::growth;
  if (chat::contains_any(lowered, kReturns)) return Topic::returns;
  if (chat::contains_any(lowered, kHealth)) return Topic::health;
  if (chat::contains_any(lowered, kValuation)) return Topic::valuation;
  return Topic::overview;
}

std::vector<std::string> fact_names(Topic t) {
  switch (t) {
    case Topic::growth:
      return {"revenue_growth_yoy", "revenue_growth_qoq", "net_income_growth_yoy",
              "eps_diluted_growth_yoy", "revenue_cagr"};
    case Topic::margins: return {"gross_margin", "operating_margin", "net_margin"};
    case Topic::returns:
      return {"roe",
              "roa",
              "roic",
              "dupont_net_margin",
              "dupont_asset_turnover",
              "dupont_equity_multiplier"};
    case Topic::health:
      return {"current_ratio",     "quick_ratio",       "debt_to_equity",
              "interest_coverage", "piotroski_f_score", "altman_z_score"};
    case Topic::valuation: return {"market_cap", "pe", "ps", "ev_ebitda"};
    case Topic::overview: break;
  }
  return {"revenue_growth_yoy", "net_income_growth_yoy", "gross_margin", "operating_margin",
          "net_margin"};
}

std::string describe(const AnalysisFact& f) {
  static const std::map<std::string, std::string> kNames = {
      {"revenue_growth_yoy", "revenue growth year over year"},
      {"revenue_growth_qoq", "revenue growth quarter over quarter"},
      {"net_income_growth_yoy", "net income growth year over year"},
      {"eps_diluted_growth_yoy", "diluted EPS growth year over year"},
      {"revenue_cagr", "revenue CAGR"},
      {"gross_margin", "gross margin"},
      {"operating_margin", "operating margin"},
      {"net_margin", "net margin"},
      {"roe", "return on equity"},
      {"roa", "return on assets"},
      {"roic", "return on invested capital"},
      {"dupont_net_margin", "DuPont net margin"},
      {"dupont_asset_turnover", "asset turnover"},
      {"dupont_equity_multiplier", "equity multiplier"},
      {"current_ratio", "current ratio"},
      {"quick_ratio", "quick ratio"},
      {"debt_to_equity", "debt to equity"},
      {"interest_coverage", "interest coverage"},
      {"piotroski_f_score", "Piotroski F-score"},
      {"altman_z_score", "Altman Z-score"},
      {"market_cap", "market cap"},
      {"pe", "P/E"},
      {"ps", "P/S"},
      {"ev_ebitda", "EV/EBITDA"}};
  auto it = kNames.find(f.name);
  const std::string name = it == kNames.end() ? f.name : it->second;
  if (f.name.find("growth") != std::string::npos || f.name.find("cagr") != std::string::npos) {
    return name + " " + pct(f.value);
  }
  if (f.unit == "percent") return name + fmt::format(" {:.1f}%", f.value);
  if (f.unit == "USD") return name + " " + money(f.value);
  if (f.unit == "score") return name + fmt::format(" {:.2f}", f.value);
  return name + fmt::format(" {:.2f}", f.value);
}

std::string ticker_for(const fundamentals::CompanyRepository& companies, const chat::Turn& turn) {
  if (turn.entities.contains("symbols")) {
    for (const auto& s : turn.entities["symbols"]) {
      if (companies.get(s.get<std::string>())) return s.get<std::string>();
    }
  }
  auto found = company_tickers_in(companies, turn.text);
  if (!found.empty()) return found.front();
  return turn.state.is_object() ? turn.state.value("symbol", "") : "";
}

std::string basis_words(const fundamentals::ResolvedPeriod& p) {
  if (p.basis == "ttm") return "trailing twelve months to " + p.end;
  if (p.basis == "ytd") return "fiscal year to date, to " + p.end;
  if (p.basis == "annual") return "fiscal year ended " + p.end;
  return "quarter ended " + p.end;
}

}  // namespace

std::string period_spec_from_text(const std::string& text) {
  const std::string t = lower(text);
  static const std::regex kQuarter(R"(\b(?:fy)?(\d{4})\s*-?\s*q([1-4])\b)");
  static const std::regex kQuarterB(R"(\bq([1-4])\s*(?:of\s*)?(?:fy)?\s*(\d{4})\b)");
  static const std::regex kYear(R"(\b(?:fy|fiscal(?: year)?|in|for)\s*(\d{4})\b)");
  static const std::regex kYtd =
      chat::words_regex({"ytd", "year to date", "year-to-date", "so far this year"});
  static const std::regex kTtm = chat::words_regex(
      {"ttm", "ltm", "trailing twelve months", "last twelve months", "trailing 12 months"});
  static const std::regex kLastYear =
      chat::words_regex({"last year", "last fiscal year", "annual", "past year", "full year"});
  std::smatch m;
  if (std::regex_search(t, m, kQuarter)) return m[1].str() + "Q" + m[2].str();
  if (std::regex_search(t, m, kQuarterB)) return m[2].str() + "Q" + m[1].str();
  if (std::regex_search(t, m, kYear)) return "FY" + m[1].str();
  if (chat::contains_any(t, kYtd)) return "YTD";
  if (chat::contains_any(t, kTtm)) return "TTM";
  if (chat::contains_any(t, kLastYear)) return "last year";
  return "latest";
}

std::vector<std::string> company_tickers_in(const fundamentals::CompanyRepository& companies,
                                            const std::string& text) {
  static const std::regex kWord(R"(\$?\b([A-Z][A-Z0-9.]{0,5})\b)");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kWord);
       it != std::sregex_iterator(); ++it) {
    std::string t = (*it)[1].str();
    if (t.size() >= 2 && companies.get(t) && std::find(out.begin(), out.end(), t) == out.end()) {
      out.push_back(t);
    }
  }
  return out;
}

Result<chat::SkillResult> CompanySkill::run(chat::Turn& turn) {
  chat::SkillResult r;
  const std::string ticker = ticker_for(*companies_, turn);
  auto company = companies_->get(ticker);
  if (!company) {
    r.text = "Which company do you mean? For example: \"How did NOVA do last quarter?\"";
    r.suggestions = {"How did NOVA do last quarter?", "NOVA's revenue growth"};
    return r;
  }
  const auto& c = *company;
  auto period = fundamentals::resolve_period(c.statements, period_spec_from_text(turn.text));
  if (!period) {
    auto available = fundamentals::available_periods_json(*c.statements);
    r.text = fmt::format("I have no {} statements for that period ({}). Latest available: {}.",
                         c.profile.ticker, period.error().message,
                         available["quarters"].empty()
                             ? std::string("none")
                             : available["quarters"].back().get<std::string>());
    return r;
  }
  fundamentals::AnalysisOptions options;
  if (price_) options.price = price_(c.profile.ticker);
  const auto facts = fundamentals::company_insights(*period, options);
  const std::string as_of = period->end;
  const std::string source = c.profile.fictional ? "fictional demo statements" : c.profile.source;
  auto line = [&](const char* name) { return period->view->find(name, period->period); };
  std::string text = fmt::format("{} ({}), {} ({}):", c.profile.name, c.profile.ticker,
                                 period->label, basis_words(*period));
  r.labels.push_back(period->label);  // "2025 Q3", "FY2024": a period's name, not a figure
  r.labels.push_back(basis_words(*period));
  const Topic topic = topic_of(lower(turn.text));
  std::vector<std::string> parts;
  if (topic == Topic::overview || topic == Topic::growth) {
    for (const char* name : {"revenue", "net_income", "eps_diluted"}) {
      const auto* v = line(name);
      if (!v) continue;
      r.facts.push_back(
          {c.profile.ticker + "." + name, round_to(v->value, 2), v->unit, as_of, v->source});
      const std::string label = name == std::string("eps_diluted")  ? "diluted EPS"
                                : name == std::string("net_income") ? "net income"
                                                                    : "revenue";
      parts.push_back(
          label + " " +
          (v->unit == "USD/shares" ? fmt::format("${:.2f}", v->value) : money(v->value)));
    }
  }
  for (const auto& name : fact_names(topic)) {
    const auto* f = fundamentals::find_fact(facts, name);
    if (!f) continue;
    r.facts.push_back({c.profile.ticker + "." + f->name, round_to(f->value, 4), f->unit, as_of,
                       source + ": " + f->source});
    parts.push_back(describe(*f));
  }
  if (parts.empty()) {
    text += " the statements do not have the lines needed for that.";
  } else {
    for (size_t i = 0; i < parts.size(); ++i) text += (i == 0 ? " " : "; ") + parts[i];
    text += ".";
  }
  if (c.profile.fictional) text += " These are fictional demo statements, not real company data.";
  r.text = text;
  r.citations.push_back(
      {"data", c.profile.ticker, c.profile.name + " statements", source, as_of, ""});
  r.disclaimer = chat::kInvestmentDisclaimer;
  r.card = {{"type", "table"},
            {"title", c.profile.ticker + " " + period->label},
            {"rows", chat::facts_json(r.facts)}};
  r.suggestions = {c.profile.ticker + "'s margins last year",
                   c.profile.ticker + "'s revenue growth YTD",
                   "Piotroski score of " + c.profile.ticker};
  r.memory["symbol"] = c.profile.ticker;
  return r;
}

}  // namespace finchat::app

namespace finchat::app {

namespace {

// Words of a "summarize ..." request that do not name a document.
std::string title_query(const std::string& lowered) {
  static const std::regex kFiller = chat::words_regex(
      {"please",  "can you",  "could you", "summarize", "summarise",   "summary",  "summary of",
       "give me", "a",        "an",        "the",       "of",          "my",       "this",
       "that",    "latest",   "last",      "recent",    "most recent", "uploaded", "document",
       "doc",     "file",     "report",    "for me",    "me",          "short",    "long",
       "brief",   "detailed", "newest"});
  std::string rest = std::regex_replace(lowered, kFiller, " ");
  rest = std::regex_replace(rest, std::regex(R"([^a-z0-9%$.&\- ]+)"), " ");
  rest = std::regex_replace(rest, std::regex(R"(\s+)"), " ");
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '.')) rest.erase(0, 1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '.')) rest.pop_back();
  return rest;
}

std::string length_of(const std::string& lowered) {
  static const std::regex kShort = chat::words_regex({"short", "brief", "quick", "tl;dr", "tldr"});
  static const std::regex kLong = chat::words_regex({"long", "detailed", "full", "in depth"});
  if (chat::contains_any(lowered, kShort)) return "short";
  if (chat::contains_any(lowered, kLong)) return "long";
  return "medium";
}

std::string figure_text(const nlohmann::json& k) {
  std::string s = k["metric"].get<std::string>() + " " + k["value"].get<std::string>();
  std::vector<std::string> tags;
  if (!k["period"].get<std::string>().empty()) tags.push_back(k["period"].get<std::string>());
  if (k["direction"] != "none") {
    tags.push_back(
        k["direction"].get<std::string>() +
        (k["change"].get<std::string>().empty() ? "" : " " + k["change"].get<std::string>()));
  }
  if (k["guidance"].get<bool>()) tags.push_back("guidance");
  if (!tags.empty()) {
    s += " (";
    for (size_t i = 0; i < tags.size(); ++i) s += (i ? ", " : "") + tags[i];
    s += ")";
  }
  return s;
}

}  // namespace

Result<chat::SkillResult> DocumentSkill::run(chat::Turn& turn) {
  chat::SkillResult r;
  r.disclaimer = chat::kInvestmentDisclaimer;
  auto docs = docs_->store().list(turn.user_id);
  if (!docs) return docs.error();
  if (docs->empty()) {
    r.text =
        "You have not uploaded any documents yet. Upload a report (text, Markdown, HTML or "
        "PDF) and ask me to summarize it.";
    return r;
  }
  const std::string lowered = lower(turn.text);
  const std::string wanted = title_query(lowered);
  const documents::StoredDocument* pick = &docs->front();  // newest first
  if (!wanted.empty()) {
    pick = nullptr;
    for (const auto& d : *docs) {
      if (lower(d.title).find(wanted) != std::string::npos) {
        pick = &d;
        break;
      }
    }
    if (!pick) {
      r.text = "I could not find a document titled \"" + wanted + "\". Your documents:";
      for (size_t i = 0; i < docs->size() && i < 5; ++i)
        r.text += " \"" + (*docs)[i].title + "\"" +
                  (i + 1 < std::min<size_t>(docs->size(), 5) ? "," : ".");
      return r;
    }
  }
  auto doc = docs_->store().get(turn.user_id, pick->id);
  if (!doc) return doc.error();
  auto sum = docs_->summary(*doc, length_of(lowered));
  if (!sum) return sum.error();
  const auto& j = *sum;
  const std::string as_of = format_iso8601(doc->created_at);
  const std::string source = "document " + doc->id + " (\"" + doc->title + "\")";
  std::string text = "Summary of \"" + doc->title + "\" (" + j["length"].get<std::string>() +
                     ", sentences quoted from the document):";
  for (const auto& s : j["sentences"]) text += "\n- " + s["text"].get<std::string>();
  if (!j["figure_bullets"].empty()) {
    // Headline figures in wire style, each rendered from figures copied from one sentence.
    text += "\nHighlights:";
    for (const auto& b : j["figure_bullets"]) text += "\n- " + b["text"].get<std::string>();
  }
  if (!j["key_figures"].empty()) {
    text += "\nKey figures:";
    for (const auto& k : j["key_figures"]) {
      text += "\n- " + figure_text(k);
      r.facts.push_back({k["metric"].get<std::string>(), k["value"], "",
                         k["period"].get<std::string>(),
                         source + ": " + k["sentence"].get<std::string>()});
    }
  }
  int pos = 0, neg = 0, neu = 0;
  for (const auto& s : j["sections"]) {
    const auto label = s.value("sentiment", "neutral");
    pos += label == "positive";
    neg += label == "negative";
    neu += label == "neutral";
  }
  text += fmt::format("\nSection sentiment ({} sections): {} positive, {} neutral, {} negative.",
                      pos + neg + neu, pos, neu, neg);
  r.facts.push_back({"sections_positive", pos, "sections", as_of, source});
  r.facts.push_back({"sections_negative", neg, "sections", as_of, source});
  r.text = text;
  r.citations.push_back({"document", doc->id, doc->title, "uploaded document", as_of, ""});
  r.suggestions = {"Give me a short summary", "Give me a detailed summary"};
  return r;
}

std::vector<chat::RouteRule> company_route_rules(
    const std::shared_ptr<fundamentals::CompanyRepository>& companies) {
  std::vector<chat::RouteRule> rules;
  rules.push_back({"documents", 60, [companies](const chat::RouteContext& ctx) {
                     static const std::regex kSummarize = chat::words_regex(
                         {"summarize", "summarise", "summary of", "summarize my", "tl;dr", "tldr"});
                     static const std::regex kDocument = chat::words_regex(
                         {"document", "doc", "report", "file", "upload", "uploaded", "pdf"});
                     if (!chat::contains_any(ctx.lowered, kSummarize)) return false;
                     // "summary of NOVA" is a company question unless a document is named.
                     const bool names_company =
                         !ctx.symbols.empty() || !company_tickers_in(*companies, ctx.text).empty();
                     return !names_company || chat::contains_any(ctx.lowered, kDocument);
                   }});
  rules.push_back(
      {"company", 50, [companies](const chat::RouteContext& ctx) {
         static const std::regex kFundamentals = chat::words_regex({"revenue",
                                                                    "revenues",
                                                                    "sales",
                                                                    "earnings",
                                                                    "eps",
                                                                    "profit",
                                                                    "profits",
                                                                    "net income",
                                                                    "margin",
                                                                    "margins",
                                                                    "growth",
                                                                    "last quarter",
                                                                    "this quarter",
                                                                    "quarter",
                                                                    "quarterly",
                                                                    "last year",
                                                                    "fiscal",
                                                                    "ytd",
                                                                    "year to date",
                                                                    "ttm",
                                                                    "results",
                                                                    "fundamentals",
                                                                    "income statement",
                                                                    "balance sheet",
                                                                    "cash flow",
                                                                    "free cash flow",
                                                                    "debt",
                                                                    "roe",
                                                                    "roa",
                                                                    "roic",
                                                                    "dupont",
                                                                    "piotroski",
                                                                    "altman",
                                                                    "z-score",
                                                                    "f-score",
                                                                    "valuation",
                                                                    "p/e",
                                                                    "pe ratio",
                                                                    "ev/ebitda",
                                                                    "liquidity",
                                                                    "current ratio",
                                                                    "leverage",
                                                                    "do last",
                                                                    "profitability",
                                                                    "profitable",
                                                                    "return on equity",
                                                                    "return on assets",
                                                                    "returns on",
                                                                    "financials",
                                                                    "financial health",
                                                                    "financial summary",
                                                                    "summary",
                                                                    "overview",
                                                                    "ebitda",
                                                                    "gross",
                                                                    "operating income",
                                                                    "net loss",
                                                                    "turnover"});
         static const std::regex kPeriod(R"(\b(?:fy\s*\d{4}|\d{4}\s*q[1-4]|q[1-4]\s*\d{4})\b)");
         // A named period ("trailing twelve months", "so far this year", "FY2024") about a
         // company is a statements question too.
         const bool asks = chat::contains_any(ctx.lowered, kFundamentals) ||
                           std::regex_search(ctx.lowered, kPeriod) ||
                           period_spec_from_text(ctx.text) != "latest";
         if (asks) {
           for (const auto& s : ctx.symbols) {
             if (companies->get(s)) return true;
           }
           if (!company_tickers_in(*companies, ctx.text).empty()) return true;
         }
         const bool after_company =
             ctx.state.is_object() && ctx.state.value("last_skill", "") == "company";
         // Ellipsis after a company answer: "and QBIT's?", "what about HALO?".
         static const std::regex kEllipsis(R"(^\s*(?:and|what about|how about|same for|now)\b)",
                                           std::regex::icase);
         if (after_company && std::regex_search(ctx.lowered, kEllipsis) &&
             ctx.lowered.size() < 40) {
           for (const auto& s : ctx.symbols) {
             if (companies->get(s)) return true;
           }
           if (!company_tickers_in(*companies, ctx.text).empty()) return true;
         }
         // A follow-up ("and in 2024?") about the company in focus.
         if (!asks) return false;
         return ctx.state.is_object() && ctx.state.value("last_skill", "") == "company" &&
                companies->get(ctx.state.value("symbol", "")).has_value();
       }});
  return rules;
}

}  // namespace finchat::app
