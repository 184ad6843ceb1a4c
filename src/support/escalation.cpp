#include "support/escalation.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "core/text.hpp"

namespace finchat::support {

namespace {

using core::lower;

std::optional<std::string> find_any(const std::string& haystack,
                                    const std::vector<std::string>& needles) {
  // Matches start on a word boundary ("human" is not inside "inhuman", "died" not inside
  // "studied"); the end stays open so stems like "suicid" work.
  for (const auto& n : needles) {
    if (n.empty()) continue;
    const std::string needle = lower(n);
    for (size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1)) {
      if (at == 0 || !std::isalnum(static_cast<unsigned char>(haystack[at - 1]))) return n;
    }
  }
  return std::nullopt;
}

template <typename T>
Status read_scalar(const YAML::Node& node, const std::string& key, T& out) {
  try {
    out = node.as<T>();
  } catch (const YAML::Exception&) {
    return Error::invalid("escalation config: '" + key + "' has the wrong type", key);
  }
  return {};
}

Status read_list(const YAML::Node& node, const std::string& key, std::vector<std::string>& out) {
  if (!node.IsSequence())
    return Error::invalid("escalation config: '" + key + "' must be a list", key);
  out.clear();
  for (const auto& item : node) {
    std::string s;
    if (auto st = read_scalar(item, key, s); !st) return st;
    out.push_back(s);
  }
  return {};
}

}  // namespace

Result<EscalationConfig> parse_escalation_config(std::string_view yaml) {
  EscalationConfig c;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Error::invalid(std::string("escalation config: ") + e.what());
  }
  if (root.IsNull()) return c;
  if (!root.IsMap()) return Error::invalid("escalation config: top level must be a mapping");
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    Status st;
    if (key == "human_request_phrases") {
      st = read_list(v, key, c.human_request_phrases);
    } else if (key == "negative_turns") {
      st = read_scalar(v, key, c.negative_turns);
    } else if (key == "failed_turns") {
      st = read_scalar(v, key, c.failed_turns);
    } else if (key == "min_retrieval_confidence") {
      st = read_scalar(v, key, c.min_retrieval_confidence);
    } else if (key == "high_value_amount") {
      st = read_scalar(v, key, c.high_value_amount);
    } else if (key == "high_value_action_words") {
      st = read_list(v, key, c.high_value_action_words);
    } else if (key == "sla_risk_minutes") {
      st = read_scalar(v, key, c.sla_risk_minutes);
    } else if (key == "regulated_keywords") {
      if (!v.IsMap())
        return Error::invalid("escalation config: '" + key + "' must be a mapping", key);
      c.regulated_keywords.clear();
      for (const auto& topic : v) {
        std::string name = topic.first.as<std::string>();
        st = read_list(topic.second, fmt::format("{}.{}", key, name), c.regulated_keywords[name]);
        if (!st) return st.error();
      }
    } else {
      return Error::invalid("escalation config: unknown key '" + key + "'", key);
    }
    if (!st) return st.error();
  }
  if (c.negative_turns < 1 || c.failed_turns < 1) {
    return Error::invalid("escalation config: turn counts must be at least 1", "negative_turns");
  }
  return c;
}

Result<EscalationConfig> load_escalation_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::not_found(path + ": cannot open escalation rules");
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = parse_escalation_config(ss.str());
  if (!parsed) {
    Error e = parsed.error();
    e.message = path + ": " + e.message;
    return e;
  }
  return parsed;
}

std::optional<double> largest_amount(std::string_view text) {
  std::optional<double> best;
  const std::string s = lower(text);
  for (size_t i = 0; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '.' ||
                  s[i - 1] == ',')) {
      continue;  // inside an earlier token
    }
    size_t j = i;
    std::string digits;
    while (
        j < s.size() &&
        (std::isdigit(static_cast<unsigned char>(s[j])) ||
         (s[j] == ',' && j + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[j + 1]))) ||
         (s[j] == '.' && j + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[j + 1]))))) {
      if (s[j] != ',') digits.push_back(s[j]);
      ++j;
    }
    // A money marker must be next to the number: "$" / "usd" before, or k/m/"dollars" after.
    bool currency_before =
        (i >= 1 && s[i - 1] == '$') || (i >= 4 && s.compare(i - 4, 4, "usd ") == 0);
    double mult = 1.0;
    bool currency_after = false;
    if (j < s.size() && (s[j] == 'k' || s[j] == 'm') &&
        (j + 1 == s.size() || !std::isalpha(static_cast<unsigned char>(s[j + 1])))) {
      mult = s[j] == 'k' ? 1e3 : 1e6;
      currency_after = true;  // "12k" is read as an amount
    }
    if (s.compare(j, 8, " dollars") == 0 || s.compare(j, 4, " usd") == 0) currency_after = true;
    if (currency_before || currency_after) {
      double v = std::stod(digits) * mult;
      if (!best || v > *best) best = v;
    }
    i = j;
  }
  return best;
}

EscalationDecision EscalationEngine::evaluate(const TurnSignals& turn) const {
  EscalationDecision d;
  const std::string text = lower(turn.text);
  auto add = [&](std::string rule, std::string detail) {
    d.reasons.push_back({std::move(rule), std::move(detail)});
  };
  if (auto p = find_any(text, config_.human_request_phrases)) add("human_request", *p);
  if (turn.negative_streak >= config_.negative_turns) {
    add("negative_sentiment", std::to_string(turn.negative_streak) + " negative turns");
  }
  if (turn.failed_streak >= config_.failed_turns) {
    add("repeated_failure", std::to_string(turn.failed_streak) + " low-confidence answers");
  }
  if (turn.retrieval_confidence && *turn.retrieval_confidence < config_.min_retrieval_confidence) {
    add("low_retrieval_confidence", "best score " + std::to_string(*turn.retrieval_confidence));
  }
  for (const auto& [topic, words] : config_.regulated_keywords) {
    if (auto w = find_any(text, words)) add("regulated_topic", topic + ": " + *w);
  }
  const bool action = config_.high_value_action_words.empty() ||
                      find_any(text, config_.high_value_action_words).has_value();
  if (auto amount = largest_amount(turn.text);
      action && amount && *amount > config_.high_value_amount) {
    add("high_value", "amount " + std::to_string(static_cast<int64_t>(*amount)));
  }
  if (turn.sla_minutes_left && *turn.sla_minutes_left <= config_.sla_risk_minutes) {
    add("sla_risk", std::to_string(*turn.sla_minutes_left) + " minutes left");
  }
  d.escalate = !d.reasons.empty();
  return d;
}

}  // namespace finchat::support
