#pragma once
// Shared building blocks for indicators: the batch output convention and O(1) windows.
//
// Batch convention (TA-Lib's outBegIdx semantics): a batch function takes the whole input
// series and returns Series{begin, values}; values[k] belongs to input bar begin + k. `begin`
// equals the indicator's lookback (the number of leading bars without a value). When the
// input is shorter than lookback + 1, values is empty and begin == input size.
#include <cmath>
#include <cstddef>
#include <deque>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace finchat::technical {

using Span = std::span<const double>;

struct Series {
  std::size_t begin = 0;
  std::vector<double> values;

  bool has(std::size_t bar) const { return bar >= begin && bar - begin < values.size(); }
  // NaN where the indicator has no value for that bar.
  double at_bar(std::size_t bar) const {
    return has(bar) ? values[bar - begin] : std::numeric_limits<double>::quiet_NaN();
  }
  std::size_t end() const { return begin + values.size(); }
};

inline Series empty_series(std::size_t n) { return Series{n, {}}; }

// TA-Lib treats |x| < 1e-8 as zero when guarding divisions.
inline bool is_zero(double v) { return -0.00000001 < v && v < 0.00000001; }
inline bool is_zero_or_neg(double v) { return v < 0.00000001; }

// Fixed-capacity ring of the last N values; push returns the value that fell out (if full).
class RingWindow {
 public:
  explicit RingWindow(std::size_t capacity) : buf_(capacity > 0 ? capacity : 1) {}
  bool full() const { return size_ == buf_.size(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return buf_.size(); }
  // Oldest value currently stored (valid when size() > 0).
  double oldest() const { return buf_[head_]; }
  // i = 0 is the oldest value.
  double operator[](std::size_t i) const { return buf_[(head_ + i) % buf_.size()]; }
  void push(double v) {
    if (full()) {
      buf_[head_] = v;
      head_ = (head_ + 1) % buf_.size();
    } else {
      buf_[(head_ + size_) % buf_.size()] = v;
      ++size_;
    }
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  std::vector<double> buf_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

// Sliding-window extreme with amortised O(1) updates. Ties resolve to the newest index, as in
// TA-Lib's AROON scan. Better(a, b) is true when a newer a evicts an older b.
template <class Better>
class MonotonicWindow {
 public:
  explicit MonotonicWindow(std::size_t window) : window_(window) {}
  void push(double v) {
    while (!q_.empty() && Better{}(v, q_.back().second)) q_.pop_back();
    q_.emplace_back(count_, v);
    ++count_;
    while (q_.front().first + window_ < count_) q_.pop_front();
  }
  double value() const { return q_.front().second; }
  // Bars since the extreme (0 = the newest bar).
  std::size_t age() const { return count_ - 1 - q_.front().first; }
  std::size_t count() const { return count_; }
  std::size_t window() const { return window_; }
  void clear() {
    q_.clear();
    count_ = 0;
  }

 private:
  std::size_t window_;
  std::size_t count_ = 0;
  std::deque<std::pair<std::size_t, double>> q_;
};

// >= / <= so that an equal newer value replaces the older one.
struct GreaterEq {
  bool operator()(double a, double b) const { return a >= b; }
};
struct LessEq {
  bool operator()(double a, double b) const { return a <= b; }
};
using RollingMax = MonotonicWindow<GreaterEq>;
using RollingMin = MonotonicWindow<LessEq>;

// True range as TA-Lib defines it (needs the previous close).
inline double true_range(double high, double low, double prev_close) {
  double tr = high - low;
  double a = std::fabs(high - prev_close);
  double b = std::fabs(low - prev_close);
  if (a > tr) tr = a;
  if (b > tr) tr = b;
  return tr;
}

}  // namespace finchat::technical
