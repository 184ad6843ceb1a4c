#include "app/skills_portfolio_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace finchat::app {

namespace {

namespace pf = finchat::portfolio;

constexpr const char* kSource = "finchat portfolio advisor";

double pct(double fraction) { return std::round(fraction * 1000.0) / 10.0; }
double money(double v) { return std::round(v * 100.0) / 100.0; }
std::string pct_text(double fraction) { return fmt::format("{:.1f}%", pct(fraction)); }

std::string level_words(pf::RiskLevel level) {
  std::string s = pf::to_string(level);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

constexpr int kReturnRangeCoverage = 90;  // percent of outcomes between p05 and p95

chat::Fact fact(std::string name, nlohmann::json value, std::string unit,
                const std::string& as_of = {}) {
  return chat::Fact{std::move(name), std::move(value), std::move(unit), as_of, kSource};
}

std::string question_text(const std::string& id) {
  for (const auto& q : pf::default_questionnaire().questions) {
    if (q.id == id) return q.text;
  }
  return id;
}

std::string issue_text(const pf::SuitabilityIssue& i) {
  if (i.code == "volatility_above_profile") {
    return fmt::format("volatility {} is above your profile's limit of {}", pct_text(i.value),
                       pct_text(i.limit));
  }
  if (i.code == "equity_above_profile") {
    return fmt::format("equities are {} of it, above your profile's limit of {}", pct_text(i.value),
                       pct_text(i.limit));
  }
  if (i.code == "single_asset_concentration") {
    return fmt::format("{} alone is {} of it (limit {} per single holding)", i.subject,
                       pct_text(i.value), pct_text(i.limit));
  }
  return fmt::format("the {} sector is {} of it (limit {})", i.subject, pct_text(i.value),
                     pct_text(i.limit));
}

void add_issue_facts(std::vector<chat::Fact>& facts, const pf::SuitabilityReport& rep) {
  for (const auto& i : rep.issues) {
    const std::string name = "issue." + i.code + (i.subject.empty() ? "" : "." + i.subject);
    facts.push_back(fact(name, pct(i.value), "%"));
    facts.push_back(fact(name + ".limit", pct(i.limit), "%"));
  }
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace

chat::SkillResult questionnaire_turn(const nlohmann::json& state, bool intro) {
  const auto& q = pf::default_questionnaire();
  const size_t index = std::min<size_t>(state.value("q", 0u), q.questions.size() - 1);
  const auto& question = q.questions[index];
  chat::SkillResult r;
  if (intro) {
    const std::string count = fmt::format("{} short questions", q.questions.size());
    r.labels.push_back(count);
    r.text = "Before I recommend a portfolio I need your risk profile: " + count +
             " (say \"cancel\" to stop).\n\n";
  }
  const std::string counter = fmt::format("Question {} of {}", index + 1, q.questions.size());
  r.labels.push_back(counter);
  r.labels.push_back(question.text);
  r.text += counter + ": " + question.text + "\n";
  for (size_t i = 0; i < question.options.size(); ++i) {
    const std::string option = fmt::format("{}) {}", i + 1, question.options[i].text);
    r.labels.push_back(option);
    r.text += option + "\n";
    r.suggestions.push_back(question.options[i].text);
  }
  r.text += "Reply with the number, the letter (a, b, ...) or the words.";
  return r;
}

std::string profile_intro(const pf::RiskProfile& p) {
  std::string text = fmt::format(
      "Your risk profile is {} (score {} of {}). It allows up to {} volatility and {} in "
      "equities.",
      level_words(p.level), p.score, p.max_score, pct_text(p.limits.max_volatility),
      pct_text(p.limits.max_equity_share));
  for (const auto& c : p.caps) {
    text += fmt::format(" Your answer to \"{}\" limits it to this level.",
                        question_text(c.question_id));
  }
  return text;
}

std::string question_label(const std::string& question_id) { return question_text(question_id); }

std::vector<chat::Fact> profile_facts(const pf::RiskProfile& p) {
  return {fact("profile_level", pf::to_string(p.level), ""),
          fact("profile_score", p.score, "points"),
          fact("profile_max_score", p.max_score, "points"),
          fact("profile_max_volatility", pct(p.limits.max_volatility), "%"),
          fact("profile_max_equity_share", pct(p.limits.max_equity_share), "%")};
}

chat::SkillResult render_advice(const pf::Advice& a, const pf::RiskProfile& profile,
                                const std::optional<nlohmann::json>& previous) {
  const pf::Recommendation& rec = a.recommendation;
  chat::SkillResult r;
  auto& f = r.facts;
  f.push_back(fact("cash", money(rec.cash_amount), "USD", a.as_of));
  r.text = fmt::format("For ${:.2f} with your {} profile I suggest:\n", money(rec.cash_amount),
                       level_words(profile.level));
  for (const auto& asset : a.assets) {
    const auto k =
        std::find(rec.tickers.begin(), rec.tickers.end(), asset.ticker) - rec.tickers.begin();
    const int shares = rec.allocation.shares.size() > k ? rec.allocation.shares(k) : 0;
    f.push_back(fact("weight." + asset.ticker, pct(asset.weight), "%", a.as_of));
    if (asset.asset_class == "bond") {
      f.push_back(fact("amount." + asset.ticker, shares, "USD", a.as_of));
      r.text += fmt::format("- {} (bond sleeve, via a bond fund of your choice): {}, ${}\n",
                            asset.ticker, pct_text(asset.weight), shares);
    } else {
      f.push_back(fact("shares." + asset.ticker, shares, "count", a.as_of));
      r.text += fmt::format("- {} ({}): {}, {} shares\n", asset.ticker, asset.sector,
                            pct_text(asset.weight), shares);
    }
  }
  const auto& perf = rec.performance;
  for (auto& x : std::vector<chat::Fact>{
           fact("expected_return", pct(perf.expected_return), "%", a.as_of),
           fact("volatility", pct(perf.volatility), "%", a.as_of),
           fact("return_p05_1y", pct(rec.return_p05), "%", a.as_of),
           fact("return_p95_1y", pct(rec.return_p95), "%", a.as_of),
           fact("equity_share", pct(rec.equity_share), "%", a.as_of),
           fact("bond_share", pct(a.bond_share), "%", a.as_of),
           fact("cash_left_over", money(rec.allocation.leftover), "USD", a.as_of),
           fact("suitable", rec.suitability.suitable, "", a.as_of),
           // The range below runs from the 5th to the 95th percentile: 90% of outcomes.
           fact("return_range_coverage", kReturnRangeCoverage, "%", a.as_of)}) {
    f.push_back(std::move(x));
  }
  r.text += fmt::format(
      "Expected return about {} a year with {} volatility; the one-year return would fall "
      "between {} and {} in {}% of years (normal approximation). Equities {}, bonds {}. "
      "Cash left over: ${:.2f}.",
      pct_text(perf.expected_return), pct_text(perf.volatility), pct_text(rec.return_p05),
      kReturnRangeCoverage, pct_text(rec.return_p95), pct_text(rec.equity_share),
      pct_text(a.bond_share), money(rec.allocation.leftover));
  if (rec.suitability.suitable) {
    r.text += fmt::format(" It fits your profile's limits ({} volatility, {} equities).",
                          pct_text(profile.limits.max_volatility),
                          pct_text(profile.limits.max_equity_share));
    f.push_back(fact("profile_max_volatility", pct(profile.limits.max_volatility), "%"));
    f.push_back(fact("profile_max_equity_share", pct(profile.limits.max_equity_share), "%"));
  } else {
    std::vector<std::string> issues;
    for (const auto& i : rec.suitability.issues) issues.push_back(issue_text(i));
    r.text += " Suitability warning: " + join(issues, "; ") + ".";
    add_issue_facts(f, rec.suitability);
  }
  if (previous) {
    const double er0 = previous->value("expected_return", 0.0);
    const double vol0 = previous->value("volatility", 0.0);
    const double d_er = pct(perf.expected_return) - pct(er0);
    const double d_vol = pct(perf.volatility) - pct(vol0);
    f.push_back(fact("previous_expected_return", pct(er0), "%"));
    f.push_back(fact("previous_volatility", pct(vol0), "%"));
    f.push_back(fact("change_expected_return", std::round(d_er * 10) / 10, "percentage points"));
    f.push_back(fact("change_volatility", std::round(d_vol * 10) / 10, "percentage points"));
    r.text += fmt::format(
        "\n\nCompared with the previous recommendation: expected return {} -> {} ({:+.1f} "
        "points), volatility {} -> {} ({:+.1f} points).",
        pct_text(er0), pct_text(perf.expected_return), std::round(d_er * 10) / 10, pct_text(vol0),
        pct_text(perf.volatility), std::round(d_vol * 10) / 10);
  }
  r.citations.push_back(chat::Citation{"data", "", "", "daily closes", a.as_of, ""});
  r.disclaimer = join(rec.disclosures, " ");
  r.suggestions = {"What if I add 10% bonds?", "Is my portfolio too risky?"};
  return r;
}

chat::SkillResult render_assessment(const std::string& name, const pf::HoldingsRisk& risk,
                                    const pf::RiskProfile& profile) {
  chat::SkillResult r;
  const auto& rep = risk.suitability;
  r.facts = {fact("portfolio_value", money(risk.market_value), "USD"),
             fact("portfolio_volatility", pct(rep.volatility), "%"),
             fact("portfolio_expected_return", pct(risk.performance.expected_return), "%"),
             fact("equity_share", pct(rep.equity_share), "%"), fact("suitable", rep.suitable, "")};
  for (auto& x : profile_facts(profile)) r.facts.push_back(std::move(x));
  add_issue_facts(r.facts, rep);
  r.text = fmt::format(
      "Your portfolio \"{}\" (worth ${:.2f} at the latest prices) has an estimated volatility of "
      "{} against the {} limit of your {} profile, with {} in equities (limit {}).",
      name, money(risk.market_value), pct_text(rep.volatility),
      pct_text(profile.limits.max_volatility), level_words(profile.level),
      pct_text(rep.equity_share), pct_text(profile.limits.max_equity_share));
  if (rep.suitable) {
    r.text += " It is within your profile's risk and concentration limits.";
  } else {
    std::vector<std::string> issues;
    for (const auto& i : rep.issues) issues.push_back(issue_text(i));
    r.text += " It is riskier than your profile allows: " + join(issues, "; ") + ".";
  }
  if (!risk.unknown_tickers.empty()) {
    r.text += " Not assessed (no market price): " + join(risk.unknown_tickers, ", ") + ".";
  }
  r.disclaimer =
      "Checked for suitability against your questionnaire-based risk profile; it is general "
      "guidance based on the information you gave and on estimates from historical data, not a "
      "guarantee of any outcome. " +
      join(risk.assumptions, " ");
  r.suggestions = {"How should I invest $10,000?"};
  return r;
}

}  // namespace finchat::app
