#include "market/bar_aggregator.hpp"

#include <algorithm>

namespace finchat::market {

namespace {
int64_t floor_to(int64_t ts, int64_t step) {
  const int64_t q = ts / step - ((ts % step != 0) && (ts < 0));
  return q * step;
}
std::size_t index(Interval i) { return static_cast<std::size_t>(i); }
}  // namespace

int64_t BarAggregator::bucket_start(Interval i, int64_t ts_ms) const {
  if (i == Interval::d1) return calendar_.day_start_ms(calendar_.local_day(ts_ms));
  return floor_to(ts_ms, interval_ms(i));
}

int64_t BarAggregator::bucket_end(Interval i, const Bar& b) const {
  if (i == Interval::d1) return calendar_.day_start_ms(b.session + 1);
  return b.start_ms + interval_ms(i);
}

void BarAggregator::push_closed(SeriesState& s, const Bar& b) {
  s.closed.push_back(b);
  while (s.closed.size() > max_bars_) s.closed.pop_front();
}

void BarAggregator::merge(const std::string& symbol, Interval i, SeriesState& s, const Bar& piece,
                          std::vector<ClosedBar>& closed) {
  const int64_t start = bucket_start(i, piece.start_ms);
  if (s.current && start < s.current->start_ms) {
    ++stale_;  // older than the open bar: never rewrite history
    return;
  }
  if (!s.closed.empty() && start <= s.closed.back().start_ms) {
    ++stale_;
    return;
  }
  if (s.current && start > s.current->start_ms) {
    push_closed(s, *s.current);
    closed.push_back({symbol, i, *s.current});
    s.current.reset();
  }
  if (!s.current) {
    Bar b = piece;
    b.start_ms = start;
    b.session = calendar_.local_day(piece.start_ms);
    s.current = b;
    return;
  }
  Bar& b = *s.current;
  b.high = std::max(b.high, piece.high);
  b.low = std::min(b.low, piece.low);
  b.close = piece.close;
  b.volume += piece.volume;
  b.trades += piece.trades;
}

std::vector<ClosedBar> BarAggregator::add_bar(const std::string& symbol, Interval from,
                                              const Bar& bar) {
  std::vector<ClosedBar> closed;
  SymbolSeries& all = series_[symbol];
  for (Interval i : kAllIntervals) {
    if (index(i) < index(from)) continue;
    merge(symbol, i, all[index(i)], bar, closed);
  }
  return closed;
}

std::vector<ClosedBar> BarAggregator::on_tick(const Tick& t) {
  Bar piece;
  piece.start_ms = t.ts_ms;
  piece.open = piece.high = piece.low = piece.close = t.price;
  piece.volume = t.size;
  piece.trades = 1;
  return add_bar(t.symbol, Interval::s1, piece);
}

void BarAggregator::seed(const std::string& symbol, Interval interval, std::vector<Bar> bars) {
  SeriesState& s = series_[symbol][index(interval)];
  s.closed.assign(bars.begin(), bars.end());
  while (s.closed.size() > max_bars_) s.closed.pop_front();
  if (s.current && !s.closed.empty() && s.current->start_ms <= s.closed.back().start_ms) {
    s.current.reset();
  }
}

std::vector<ClosedBar> BarAggregator::flush(int64_t now_ms) {
  std::vector<ClosedBar> closed;
  for (auto& [symbol, all] : series_) {
    for (Interval i : kAllIntervals) {
      SeriesState& s = all[index(i)];
      if (s.current && bucket_end(i, *s.current) <= now_ms) {
        push_closed(s, *s.current);
        closed.push_back({symbol, i, *s.current});
        s.current.reset();
      }
    }
  }
  return closed;
}

std::vector<Bar> BarAggregator::bars(const std::string& symbol, Interval interval,
                                     bool include_current) const {
  auto it = series_.find(symbol);
  if (it == series_.end()) return {};
  const SeriesState& s = it->second[index(interval)];
  std::vector<Bar> out(s.closed.begin(), s.closed.end());
  if (include_current && s.current) out.push_back(*s.current);
  return out;
}

std::optional<Bar> BarAggregator::current(const std::string& symbol, Interval interval) const {
  auto it = series_.find(symbol);
  if (it == series_.end()) return std::nullopt;
  return it->second[index(interval)].current;
}

}  // namespace finchat::market
