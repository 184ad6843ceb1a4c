#include "finance/portfolio/portfolio_json.hpp"

#include <string>

namespace finchat::portfolio {
namespace {

using nlohmann::json;

json vector_json(const Eigen::VectorXd& v) {
  return std::vector<double>(v.data(), v.data() + v.size());
}

Result<Eigen::VectorXd> vector_from(const json& j, const std::string& field, Eigen::Index n) {
  if (!j.contains(field) || !j[field].is_array()) return Error::invalid("missing array", field);
  const json& a = j[field];
  if (static_cast<Eigen::Index>(a.size()) != n) {
    return Error::invalid("expected " + std::to_string(n) + " entries", field);
  }
  Eigen::VectorXd v(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const json& x = a[static_cast<size_t>(i)];
    if (!x.is_number())
      return Error::invalid("entry " + std::to_string(i) + " is not a number", field);
    v(i) = x.get<double>();
  }
  return v;
}

json contribution_json(const AnswerContribution& c) {
  return {{"question_id", c.question_id},
          {"option_id", c.option_id},
          {"points", c.points},
          {"max_points", c.max_points}};
}

}  // namespace

json to_json(const Questionnaire& q) {
  json questions = json::array();
  for (const auto& question : q.questions) {
    json options = json::array();
    for (const auto& o : question.options) {
      json oj = {{"id", o.id}, {"text", o.text}, {"points", o.points}};
      if (o.caps_profile_at >= 0)
        oj["caps_profile_at"] = to_string(static_cast<RiskLevel>(o.caps_profile_at));
      options.push_back(oj);
    }
    questions.push_back({{"id", question.id}, {"text", question.text}, {"options", options}});
  }
  return {{"version", q.version}, {"questions", questions}};
}

Result<Questionnaire> questionnaire_from_json(const json& j) {
  if (!j.is_object() || !j.contains("questions") || !j["questions"].is_array()) {
    return Error::invalid("questionnaire needs a questions array", "questions");
  }
  Questionnaire q;
  q.version = j.value("version", "");
  for (const json& qj : j["questions"]) {
    if (!qj.is_object() || !qj.contains("id") || !qj["id"].is_string()) {
      return Error::invalid("question without a string id", "questions");
    }
    Question question{qj["id"].get<std::string>(), qj.value("text", ""), {}};
    if (!qj.contains("options") || !qj["options"].is_array()) {
      return Error::invalid("question has no options array", question.id);
    }
    for (const json& oj : qj["options"]) {
      if (!oj.is_object() || !oj.contains("id") || !oj["id"].is_string() ||
          !oj.contains("points") || !oj["points"].is_number_integer()) {
        return Error::invalid("option needs a string id and integer points", question.id);
      }
      QuestionOption o{oj["id"].get<std::string>(), oj.value("text", ""), oj["points"].get<int>(),
                       -1};
      if (oj.contains("caps_profile_at")) {
        if (!oj["caps_profile_at"].is_string())
          return Error::invalid("cap must be a level name", question.id);
        auto level = risk_level_from_string(oj["caps_profile_at"].get<std::string>());
        if (!level) return Error::invalid(level.error().message, question.id);
        o.caps_profile_at = static_cast<int>(*level);
      }
      question.options.push_back(o);
    }
    q.questions.push_back(std::move(question));
  }
  if (auto st = validate_questionnaire(q); !st) return st.error();
  return q;
}

Result<Answers> answers_from_json(const json& j) {
  if (!j.is_object())
    return Error::invalid("answers must be an object of question id to option id", "answers");
  Answers out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_string())
      return Error::invalid("answer must be an option id string", it.key());
    out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

json to_json(const RiskProfile& p) {
  json drivers = json::array(), caps = json::array();
  for (const auto& c : p.drivers) drivers.push_back(contribution_json(c));
  for (const auto& c : p.caps) caps.push_back(contribution_json(c));
  return {{"level", to_string(p.level)},
          {"level_from_score", to_string(p.level_from_score)},
          {"score", p.score},
          {"max_score", p.max_score},
          {"score_fraction", p.score_fraction},
          {"max_volatility", p.limits.max_volatility},
          {"max_equity_share", p.limits.max_equity_share},
          {"questionnaire_version", p.questionnaire_version},
          {"rationale", {{"drivers", drivers}, {"caps", caps}}}};
}

Result<Universe> universe_from_json(const json& j) {
  if (!j.is_object() || !j.contains("assets") || !j["assets"].is_array()) {
    return Error::invalid("universe needs an assets array", "assets");
  }
  Universe u;
  for (size_t i = 0; i < j["assets"].size(); ++i) {
    const json& a = j["assets"][i];
    const std::string field = "assets[" + std::to_string(i) + "]";
    if (!a.is_object() || !a.contains("ticker") || !a["ticker"].is_string()) {
      return Error::invalid("asset needs a ticker", field);
    }
    auto cls = asset_class_from_string(a.value("asset_class", "equity"));
    if (!cls) return Error::invalid(cls.error().message, field + ".asset_class");
    u.assets.push_back({a["ticker"].get<std::string>(), *cls, a.value("sector", ""),
                        a.value("diversified", false)});
  }
  const auto n = static_cast<Eigen::Index>(u.assets.size());
  auto mu = vector_from(j, "expected_returns", n);
  if (!mu) return mu.error();
  auto prices = vector_from(j, "latest_prices", n);
  if (!prices) return prices.error();
  if (!j.contains("cov") || !j["cov"].is_array() ||
      static_cast<Eigen::Index>(j["cov"].size()) != n) {
    return Error::invalid("cov must be an n x n array", "cov");
  }
  u.cov.resize(n, n);
  for (Eigen::Index r = 0; r < n; ++r) {
    auto row = vector_from(json{{"row", j["cov"][static_cast<size_t>(r)]}}, "row", n);
    if (!row)
      return Error::invalid("cov row " + std::to_string(r) + ": " + row.error().message, "cov");
    u.cov.row(r) = row->transpose();
  }
  u.expected_returns = *mu;
  u.latest_prices = *prices;
  u.simulated = j.value("simulated", false);
  if (auto st = validate_universe(u); !st) return st.error();
  return u;
}

json to_json(const Universe& u) {
  json assets = json::array(), cov = json::array();
  for (const auto& a : u.assets) {
    assets.push_back({{"ticker", a.ticker},
                      {"asset_class", to_string(a.asset_class)},
                      {"sector", a.sector},
                      {"diversified", a.diversified}});
  }
  for (Eigen::Index r = 0; r < u.cov.rows(); ++r)
    cov.push_back(vector_json(u.cov.row(r).transpose()));
  return {{"assets", assets},
          {"expected_returns", vector_json(u.expected_returns)},
          {"cov", cov},
          {"latest_prices", vector_json(u.latest_prices)},
          {"simulated", u.simulated}};
}

json to_json(const PortfolioPerformance& p) {
  return {
      {"expected_return", p.expected_return}, {"volatility", p.volatility}, {"sharpe", p.sharpe}};
}

json to_json(const Recommendation& r) {
  json weights = json::object(), shares = json::object(), reasons = json::array(),
       issues = json::array();
  for (size_t i = 0; i < r.tickers.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    weights[r.tickers[i]] = r.weights(k);
    if (r.allocation.shares.size() > k && r.allocation.shares(k) > 0)
      shares[r.tickers[i]] = r.allocation.shares(k);
  }
  for (const auto& f : r.reasons)
    reasons.push_back({{"name", f.name}, {"value", f.value}, {"unit", f.unit}});
  for (const auto& s : r.suitability.issues) {
    issues.push_back(
        {{"code", s.code}, {"subject", s.subject}, {"value", s.value}, {"limit", s.limit}});
  }
  return {{"method", r.method},
          {"profile", to_string(r.level)},
          {"weights", weights},
          {"performance", to_json(r.performance)},
          {"return_range_1y", {{"p05", r.return_p05}, {"p95", r.return_p95}, {"method", "normal"}}},
          {"equity_share", r.equity_share},
          {"allocation",
           {{"cash", r.cash_amount}, {"shares", shares}, {"leftover", r.allocation.leftover}}},
          {"suitability", {{"suitable", r.suitability.suitable}, {"issues", issues}}},
          {"reasons", reasons},
          {"disclosures", r.disclosures}};
}

json to_json(const std::vector<FrontierPoint>& frontier) {
  json out = json::array();
  for (const auto& p : frontier) {
    out.push_back({{"target_return", p.target_return},
                   {"performance", to_json(p.performance)},
                   {"weights", vector_json(p.weights)}});
  }
  return out;
}

json to_json(const BacktestResult& b) {
  return {{"dates", b.dates},
          {"equity", vector_json(b.equity)},
          {"drawdown", vector_json(b.drawdown)},
          {"total_return", b.total_return},
          {"cagr", b.cagr},
          {"volatility", b.volatility},
          {"sharpe", b.sharpe},
          {"max_drawdown", b.max_drawdown},
          {"total_costs", b.total_costs},
          {"rebalances", b.rebalances}};
}

json to_json(const RebalancePlan& plan, const std::vector<std::string>& tickers) {
  json trades = json::array();
  for (const auto& t : plan.trades) {
    const auto idx = static_cast<size_t>(t.asset);
    trades.push_back({{"ticker", idx < tickers.size() ? tickers[idx] : std::to_string(t.asset)},
                      {"shares", t.shares},
                      {"notional", t.notional}});
  }
  return {{"needed", plan.needed},
          {"max_drift", plan.max_drift},
          {"trades", trades},
          {"cash_after", plan.cash_after},
          {"current_weights", vector_json(plan.current_weights)},
          {"weights_after", vector_json(plan.weights_after)}};
}

}  // namespace finchat::portfolio
