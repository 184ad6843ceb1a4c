#include "market/alerts.hpp"

#include <algorithm>
#include <cmath>

namespace finchat::market {

namespace {

const char* type_name(AlertType t) {
  switch (t) {
    case AlertType::price_cross: return "price_cross";
    case AlertType::indicator: return "indicator";
    case AlertType::pct_move: return "pct_move";
  }
  return "?";
}

Result<std::string> get_string(const nlohmann::json& j, const char* key, bool required,
                               std::string fallback = {}) {
  if (!j.contains(key)) {
    if (required) return Error::invalid(std::string("missing '") + key + "'", key);
    return fallback;
  }
  if (!j[key].is_string())
    return Error::invalid(std::string("'") + key + "' must be a string", key);
  return j[key].get<std::string>();
}

Result<double> get_number(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return Error::invalid(std::string("missing '") + key + "'", key);
  if (!j[key].is_number())
    return Error::invalid(std::string("'") + key + "' must be a number", key);
  const double v = j[key].get<double>();
  if (!std::isfinite(v)) return Error::invalid(std::string("'") + key + "' must be finite", key);
  return v;
}

bool compare(double v, const std::string& op, double t) {
  if (op == ">") return v > t;
  if (op == ">=") return v >= t;
  if (op == "<") return v < t;
  return v <= t;
}

Status parse_indicator(const nlohmann::json& spec, AlertRule& r) {
  auto name = get_string(spec, "indicator", true);
  if (!name) return name.error();
  r.indicator = *name;
  if (spec.contains("params")) {
    if (!spec["params"].is_object()) return Error::invalid("'params' must be an object", "params");
    for (const auto& [k, v] : spec["params"].items()) {
      if (!v.is_number())
        return Error::invalid("param '" + k + "' must be a number", "params." + k);
      r.params[k] = v.get<double>();
    }
  }
  auto checked = technical::Registry::instance().validate(r.indicator, r.params);
  if (!checked) {
    const std::string f =
        checked.error().field == "name" ? "indicator" : "params." + checked.error().field;
    return Error::invalid(checked.error().message, f);
  }
  r.params = *checked;
  auto output = get_string(spec, "output", false, "value");
  if (!output) return output.error();
  const auto& outs = technical::Registry::instance().find(r.indicator)->outputs;
  if (std::find(outs.begin(), outs.end(), *output) == outs.end()) {
    return Error::invalid("indicator " + r.indicator + " has no output '" + *output + "'",
                          "output");
  }
  r.output = *output;
  auto op = get_string(spec, "op", true);
  if (!op) return op.error();
  if (*op != ">" && *op != ">=" && *op != "<" && *op != "<=") {
    return Error::invalid("'op' must be one of > >= < <=", "op");
  }
  r.op = *op;
  auto v = get_number(spec, "value");
  if (!v) return v.error();
  r.level = *v;
  return {};
}

}  // namespace

Result<AlertRule> parse_alert_rule(const nlohmann::json& spec) {
  if (!spec.is_object()) return Error::invalid("alert spec must be a JSON object", "spec");
  AlertRule r;
  auto id = get_string(spec, "id", true);
  if (!id) return id.error();
  if (id->empty()) return Error::invalid("'id' is empty", "id");
  r.id = *id;
  auto symbol = get_string(spec, "symbol", true);
  if (!symbol) return symbol.error();
  if (symbol->empty()) return Error::invalid("'symbol' is empty", "symbol");
  r.symbol = *symbol;
  auto type = get_string(spec, "type", true);
  if (!type) return type.error();
  if (*type == "price_cross")
    r.type = AlertType::price_cross;
  else if (*type == "indicator")
    r.type = AlertType::indicator;
  else if (*type == "pct_move")
    r.type = AlertType::pct_move;
  else
    return Error::invalid("unknown alert type '" + *type + "'", "type");

  auto interval = get_string(spec, "interval", false, r.type == AlertType::indicator ? "1d" : "1m");
  if (!interval) return interval.error();
  auto parsed = parse_interval(*interval);
  if (!parsed) return Error::invalid("unknown interval '" + *interval + "'", "interval");
  r.interval = *parsed;

  if (r.type == AlertType::price_cross) {
    auto dir = get_string(spec, "direction", true);
    if (!dir) return dir.error();
    if (*dir != "above" && *dir != "below") {
      return Error::invalid("'direction' must be above or below", "direction");
    }
    r.direction = *dir;
    auto level = get_number(spec, "level");
    if (!level) return level.error();
    if (*level <= 0) return Error::invalid("'level' must be positive", "level");
    r.level = *level;
  } else if (r.type == AlertType::indicator) {
    if (auto st = parse_indicator(spec, r); !st) return st.error();
  } else {
    auto dir = get_string(spec, "direction", false, "any");
    if (!dir) return dir.error();
    if (*dir != "up" && *dir != "down" && *dir != "any") {
      return Error::invalid("'direction' must be up, down or any", "direction");
    }
    r.direction = *dir;
    auto pct = get_number(spec, "pct");
    if (!pct) return pct.error();
    if (*pct <= 0 || *pct > 100) return Error::invalid("'pct' must be in (0, 100]", "pct");
    r.level = *pct;
  }
  return r;
}

Result<AlertRule> parse_alert_rule(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return Error::invalid("alert spec is not valid JSON", "spec");
  return parse_alert_rule(j);
}

nlohmann::json to_json(const AlertRule& r) {
  nlohmann::json j = {{"id", r.id},
                      {"symbol", r.symbol},
                      {"type", type_name(r.type)},
                      {"interval", to_string(r.interval)}};
  switch (r.type) {
    case AlertType::price_cross:
      j["direction"] = r.direction;
      j["level"] = r.level;
      break;
    case AlertType::indicator:
      j["indicator"] = r.indicator;
      j["params"] = nlohmann::json::object();
      for (const auto& [k, v] : r.params) j["params"][k] = v;
      j["output"] = r.output;
      j["op"] = r.op;
      j["value"] = r.level;
      break;
    case AlertType::pct_move:
      j["direction"] = r.direction;
      j["pct"] = r.level;
      break;
  }
  return j;
}

nlohmann::json to_json(const AlertEvent& e) {
  return {{"rule_id", e.rule_id},
          {"symbol", e.symbol},
          {"type", e.type},
          {"value", e.value},
          {"threshold", e.threshold},
          {"bar_start", e.bar_start_ms},
          {"interval", to_string(e.interval)}};
}

Status AlertEngine::add(const AlertRule& rule) {
  for (const auto& s : rules_) {
    if (s.rule.id == rule.id) return Error::conflict("alert id '" + rule.id + "' already exists");
  }
  State s;
  s.rule = rule;
  if (rule.type == AlertType::indicator) {
    auto stream = technical::Registry::instance().make_stream(rule.indicator, rule.params);
    if (!stream) return Error::invalid(stream.error().message, "params." + stream.error().field);
    s.stream = std::move(*stream);
  }
  rules_.push_back(std::move(s));
  return {};
}

Status AlertEngine::add(const AlertRule& rule, const std::vector<Bar>& history) {
  if (auto st = add(rule); !st) return st;
  for (const Bar& b : history) evaluate(rules_.back(), b);
  return {};
}

bool AlertEngine::remove(const std::string& id) {
  auto it =
      std::find_if(rules_.begin(), rules_.end(), [&](const State& s) { return s.rule.id == id; });
  if (it == rules_.end()) return false;
  rules_.erase(it);
  return true;
}

std::optional<AlertEvent> AlertEngine::evaluate(State& s, const Bar& bar) {
  const AlertRule& r = s.rule;
  AlertEvent ev{r.id, r.symbol, type_name(r.type), bar.close, r.level, bar.start_ms, r.interval};
  switch (r.type) {
    case AlertType::price_cross: {
      const bool now = r.direction == "above" ? bar.close > r.level : bar.close < r.level;
      const bool fire = s.initialized && now && !s.active;
      s.initialized = true;
      s.active = now;
      if (fire) return ev;
      return std::nullopt;
    }
    case AlertType::indicator: {
      technical::BarInput in{bar.open, bar.high, bar.low, bar.close, bar.volume, bar.session, 0};
      if (!s.stream->update(in)) return std::nullopt;
      ev.value = s.stream->value(r.output);
      const bool now = compare(ev.value, r.op, r.level);
      const bool fire = now && !s.active;
      s.active = now;
      if (fire) return ev;
      return std::nullopt;
    }
    case AlertType::pct_move: {
      if (bar.session != s.session) {
        // A new session: the last close seen so far becomes the reference.
        if (s.session >= 0) s.prev_session_close = s.session_last_close;
        s.session = bar.session;
      }
      s.session_last_close = bar.close;
      if (s.prev_session_close <= 0 || s.fired_session == bar.session) return std::nullopt;
      const double move = (bar.close / s.prev_session_close - 1.0) * 100.0;
      const bool hit =
          (r.direction != "down" && move >= r.level) || (r.direction != "up" && move <= -r.level);
      if (!hit) return std::nullopt;
      s.fired_session = bar.session;
      ev.value = move;
      return ev;
    }
  }
  return std::nullopt;
}

std::vector<AlertEvent> AlertEngine::on_bar(const std::string& symbol, Interval interval,
                                            const Bar& bar) {
  std::vector<AlertEvent> events;
  for (State& s : rules_) {
    if (s.rule.symbol != symbol || s.rule.interval != interval) continue;
    if (auto ev = evaluate(s, bar)) events.push_back(std::move(*ev));
  }
  return events;
}

}  // namespace finchat::market
