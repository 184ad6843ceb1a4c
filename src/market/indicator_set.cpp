#include "market/indicator_set.hpp"

#include <cmath>

namespace finchat::market {

std::vector<IndicatorRequest> default_indicator_requests() {
  return {{"rsi", {{"period", 14}}},    {"macd", {}},
          {"sma", {{"period", 50}}},    {"sma", {{"period", 200}}},
          {"bbands", {{"period", 20}}}, {"adx", {{"period", 14}}},
          {"atr", {{"period", 14}}}};
}

Result<IndicatorSet> IndicatorSet::create(const std::vector<IndicatorRequest>& requests) {
  const auto& reg = technical::Registry::instance();
  IndicatorSet set;
  for (const auto& r : requests) {
    auto params = reg.validate(r.name, r.params);
    if (!params) return params.error();
    auto stream = reg.make_stream(r.name, *params);
    if (!stream) return stream.error();
    auto item = std::make_shared<Item>();
    item->key = technical::describe(*reg.find(r.name), *params);
    item->stream = std::move(*stream);
    set.items_.push_back(std::move(item));
  }
  return set;
}

void IndicatorSet::update(const Bar& bar) {
  technical::BarInput in{bar.open, bar.high, bar.low, bar.close, bar.volume, bar.session, 0.0};
  for (auto& item : items_) item->stream->update(in);
}

std::map<std::string, double> IndicatorSet::snapshot() const {
  std::map<std::string, double> out;
  for (const auto& item : items_) {
    if (!item->stream->ready()) continue;
    const auto& names = item->stream->outputs();
    for (std::size_t i = 0; i < names.size(); ++i) {
      out[item->key + "." + names[i]] = item->stream->values()[i];
    }
  }
  return out;
}

double IndicatorSet::value(const std::string& key, const std::string& output) const {
  for (const auto& item : items_) {
    if (item->key == key && item->stream->ready()) return item->stream->value(output);
  }
  return std::nan("");
}

}  // namespace finchat::market
