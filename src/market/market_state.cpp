#include "market/market_state.hpp"

#include <algorithm>

namespace finchat::market {

Result<std::unique_ptr<MarketState>> MarketState::create(MarketCalendar calendar,
                                                         MarketStateOptions options) {
  auto probe = IndicatorSet::create(options.indicators);
  if (!probe) return probe.error();
  return std::unique_ptr<MarketState>(new MarketState(std::move(calendar), std::move(options)));
}

MarketState::MarketState(MarketCalendar calendar, MarketStateOptions options)
    : options_(std::move(options)),
      store_(options_.tick_capacity),
      aggregator_(std::move(calendar), options_.max_bars) {}

IndicatorSet& MarketState::indicator_set(const std::string& symbol) {
  auto it = indicators_.find(symbol);
  if (it == indicators_.end()) {
    // Requests were validated in create(), so this cannot fail.
    it = indicators_.emplace(symbol, *IndicatorSet::create(options_.indicators)).first;
  }
  return it->second;
}

void MarketState::handle_closed(const std::vector<ClosedBar>& closed) {
  for (const ClosedBar& c : closed) {
    if (c.interval == options_.indicator_interval) indicator_set(c.symbol).update(c.bar);
  }
}

TickVerdict MarketState::on_tick(const Tick& t) {
  std::vector<ClosedBar> closed;
  std::vector<BarListener> listeners;
  TickVerdict verdict;
  {
    std::lock_guard lock(mu_);
    verdict = validator_.check(t);
    if (verdict != TickVerdict::accepted) return verdict;
    store_.add(t);
    last_[t.symbol] = t;
    closed = aggregator_.on_tick(t);
    handle_closed(closed);
    listeners = listeners_;
  }
  // Listeners run outside the lock so they may query this state.
  for (const auto& c : closed) {
    for (const auto& l : listeners) l(c);
  }
  return verdict;
}

void MarketState::seed_history(const std::string& symbol, Interval interval,
                               const std::vector<Bar>& bars) {
  std::lock_guard lock(mu_);
  aggregator_.seed(symbol, interval, bars);
  if (interval == options_.indicator_interval) {
    indicators_.erase(symbol);
    IndicatorSet& set = indicator_set(symbol);
    for (const Bar& b : bars) set.update(b);
  }
}

void MarketState::add_bars(const std::string& symbol, Interval interval,
                           const std::vector<Bar>& bars) {
  std::vector<ClosedBar> closed;
  std::vector<BarListener> listeners;
  {
    std::lock_guard lock(mu_);
    for (const Bar& b : bars) {
      auto c = aggregator_.add_bar(symbol, interval, b);
      handle_closed(c);
      closed.insert(closed.end(), c.begin(), c.end());
    }
    if (!bars.empty()) {
      Tick t{symbol, bars.back().close, 0, bars.back().start_ms, 0, "history"};
      auto it = last_.find(symbol);
      if (it == last_.end() || it->second.ts_ms <= t.ts_ms) last_[symbol] = t;
    }
    listeners = listeners_;
  }
  for (const auto& c : closed) {
    for (const auto& l : listeners) l(c);
  }
}

void MarketState::flush(int64_t now_ms) {
  std::vector<ClosedBar> closed;
  std::vector<BarListener> listeners;
  {
    std::lock_guard lock(mu_);
    closed = aggregator_.flush(now_ms);
    handle_closed(closed);
    listeners = listeners_;
  }
  for (const auto& c : closed) {
    for (const auto& l : listeners) l(c);
  }
}

void MarketState::on_bar(BarListener listener) {
  std::lock_guard lock(mu_);
  listeners_.push_back(std::move(listener));
}

std::vector<Bar> MarketState::bars(const std::string& symbol, Interval interval,
                                   bool include_current) const {
  std::lock_guard lock(mu_);
  return aggregator_.bars(symbol, interval, include_current);
}

std::optional<Tick> MarketState::last_tick(const std::string& symbol) const {
  std::lock_guard lock(mu_);
  auto it = last_.find(symbol);
  if (it == last_.end()) return std::nullopt;
  return it->second;
}

std::vector<Tick> MarketState::recent_ticks(const std::string& symbol, std::size_t n) const {
  return store_.recent(symbol, n);
}

std::map<std::string, double> MarketState::indicators(const std::string& symbol) const {
  std::lock_guard lock(mu_);
  auto it = indicators_.find(symbol);
  return it == indicators_.end() ? std::map<std::string, double>{} : it->second.snapshot();
}

std::map<std::string, uint64_t> MarketState::tick_counts() const {
  std::lock_guard lock(mu_);
  return validator_.counts();
}

std::vector<std::string> MarketState::symbols() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [s, t] : last_) out.push_back(s);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace finchat::market
