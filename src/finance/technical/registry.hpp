#pragma once
// Indicator lookup by name ("rsi", "macd", ...) with named, validated parameters. Backs the
// HTTP route /v1/market/indicators/{sym}?name=...&<param>=... and the market analysis code.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "finance/technical/series.hpp"

namespace finchat::technical {

struct ParamSpec {
  std::string name;
  double default_value;
  double min;
  double max;
  bool integer;  // periods must be whole numbers
};

enum class Input { close, hlc, hl, ohlcv, close_volume, close_benchmark, hlcv_session };

struct IndicatorInfo {
  std::string name;
  std::string description;
  Input input;
  std::vector<ParamSpec> params;
  std::vector<std::string> outputs;
};

using Params = std::map<std::string, double, std::less<>>;

// Column views over a bar history; unused columns may be empty. session and benchmark are only
// needed by vwap and beta/correl.
struct OhlcvView {
  Span open, high, low, close, volume;
  std::span<const int64_t> session;
  Span benchmark;
};

struct NamedSeries {
  std::string output;
  Series series;
};

// One bar for streaming evaluation.
struct BarInput {
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
  int64_t session = 0;
  double benchmark = 0;
};

class StreamingIndicator {
 public:
  using Step = std::function<bool(const BarInput&, std::vector<double>&)>;
  StreamingIndicator(std::vector<std::string> outputs, Step step)
      : outputs_(std::move(outputs)), values_(outputs_.size(), 0.0), step_(std::move(step)) {}
  // Returns true once the indicator has a value for this bar.
  bool update(const BarInput& bar) { return ready_ = step_(bar, values_); }
  bool ready() const { return ready_; }
  const std::vector<std::string>& outputs() const { return outputs_; }
  const std::vector<double>& values() const { return values_; }
  double value(std::string_view output) const;

 private:
  std::vector<std::string> outputs_;
  std::vector<double> values_;
  Step step_;
  bool ready_ = false;
};

class Registry {
 public:
  static const Registry& instance();

  const IndicatorInfo* find(std::string_view name) const;  // case-insensitive
  std::vector<const IndicatorInfo*> list() const;

  // Fills defaults, rejects unknown names, non-integers for periods and out-of-range values.
  // The Error's field names the offending parameter.
  Result<Params> validate(std::string_view name, const Params& given) const;
  // Same, from raw query-string values ("14").
  Result<Params> parse(std::string_view name,
                       const std::map<std::string, std::string, std::less<>>& raw) const;

  Result<std::vector<NamedSeries>> compute(std::string_view name, const Params& params,
                                           const OhlcvView& data) const;
  Result<std::unique_ptr<StreamingIndicator>> make_stream(std::string_view name,
                                                          const Params& params) const;

  struct Entry;

 private:
  Registry();
  const Entry* entry(std::string_view name) const;
  std::vector<std::shared_ptr<Entry>> entries_;
};

// A short, human-readable parameter summary such as "rsi(period=14)".
std::string describe(const IndicatorInfo& info, const Params& params);

// Response body for the indicators route: {"indicator", "params", "first_bar", "outputs":
// {name: [{"t": bar_time, "v": value}, ...]}}. bar_times[i] labels input bar i (e.g. its start
// in Unix ms); only bars where the indicator exists are listed. `last_n` > 0 keeps the newest n.
nlohmann::json result_to_json(const IndicatorInfo& info, const Params& params,
                              const std::vector<NamedSeries>& result,
                              std::span<const int64_t> bar_times, std::size_t last_n = 0);

}  // namespace finchat::technical
