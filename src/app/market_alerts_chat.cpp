#include "app/market_alerts_chat.hpp"

#include <fmt/format.h>

namespace finchat::app {

namespace {

double number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_number()) ? it->get<double>() : 0.0;
}

std::string text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : "";
}

}  // namespace

std::string alert_message(const nlohmann::json& alert, const std::string& source_notice) {
  const std::string symbol = text(alert, "symbol");
  const std::string type = text(alert, "type");
  const double value = number(alert, "value");
  const double threshold = number(alert, "threshold");
  const std::string bar = text(alert, "interval");
  std::string what;
  if (type == "price_cross") {
    what =
        fmt::format("{} crossed {:.2f}: last {:.2f} on the {} bar.", symbol, threshold, value, bar);
  } else if (type == "pct_move") {
    what =
        fmt::format("{} moved {:.2f}% today, past your {:.2f}% alert.", symbol, value, threshold);
  } else {
    what = fmt::format("{}: the indicator in your alert read {:.2f}, past {:.2f}, on the {} bar.",
                       symbol, value, threshold, bar);
  }
  std::string out = "Market alert. " + what;
  if (!source_notice.empty()) out += " " + source_notice;
  return out;
}

Status deliver_alert_to_conversation(chat::ConversationStore& store, const std::string& user_id,
                                     const nlohmann::json& alert,
                                     const std::string& source_notice) {
  auto existing = store.list(user_id, 1);
  if (!existing) return existing.error();
  chat::Conversation conv;
  if (existing->empty()) {
    auto made = store.create(user_id, "Market alerts");
    if (!made) return made.error();
    conv = *made;
  } else {
    conv = existing->front();
  }
  nlohmann::json meta = {{"alert", alert}};
  auto appended =
      store.append(conv, "assistant", alert_message(alert, source_notice), meta, "market_alert");
  if (!appended) return appended.error();
  return {};
}

}  // namespace finchat::app
