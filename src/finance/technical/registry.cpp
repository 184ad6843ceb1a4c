#include "finance/technical/registry.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/text.hpp"
#include "finance/technical/registry_entries.hpp"

namespace finchat::technical {

namespace {

using core::lower;

std::string format_number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

// Which columns an input kind needs, so a missing one is reported by name.
std::vector<std::pair<const char*, std::size_t>> needed_columns(Input input, const OhlcvView& d) {
  switch (input) {
    case Input::close: return {{"close", d.close.size()}};
    case Input::hl: return {{"high", d.high.size()}, {"low", d.low.size()}};
    case Input::hlc:
      return {{"high", d.high.size()}, {"low", d.low.size()}, {"close", d.close.size()}};
    case Input::ohlcv:
      return {{"high", d.high.size()},
              {"low", d.low.size()},
              {"close", d.close.size()},
              {"volume", d.volume.size()}};
    case Input::close_volume: return {{"close", d.close.size()}, {"volume", d.volume.size()}};
    case Input::close_benchmark:
      return {{"close", d.close.size()}, {"benchmark", d.benchmark.size()}};
    case Input::hlcv_session:
      return {{"high", d.high.size()},
              {"low", d.low.size()},
              {"close", d.close.size()},
              {"volume", d.volume.size()},
              {"session", d.session.size()}};
  }
  return {};
}

}  // namespace

double StreamingIndicator::value(std::string_view output) const {
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    if (outputs_[i] == output) return values_[i];
  }
  return std::nan("");
}

const Registry& Registry::instance() {
  static const Registry registry;
  return registry;
}

Registry::Registry() : entries_(make_registry_entries()) {}

const Registry::Entry* Registry::entry(std::string_view name) const {
  const std::string key = lower(name);
  for (const auto& e : entries_) {
    if (e->info.name == key) return e.get();
  }
  return nullptr;
}

const IndicatorInfo* Registry::find(std::string_view name) const {
  const Entry* e = entry(name);
  return e ? &e->info : nullptr;
}

std::vector<const IndicatorInfo*> Registry::list() const {
  std::vector<const IndicatorInfo*> out;
  for (const auto& e : entries_) out.push_back(&e->info);
  return out;
}

Result<Params> Registry::validate(std::string_view name, const Params& given) const {
  const IndicatorInfo* info = find(name);
  if (!info)
    return Error{ErrorKind::not_found, "unknown indicator '" + std::string(name) + "'", "name"};
  for (const auto& entry : given) {
    const auto& [key, value] = entry;
    auto it = std::find_if(info->params.begin(), info->params.end(),
                           [&entry](const ParamSpec& p) { return p.name == entry.first; });
    if (it == info->params.end()) {
      return Error::invalid("unknown parameter '" + key + "' for " + info->name, key);
    }
    if (!std::isfinite(value)) return Error::invalid("parameter '" + key + "' must be finite", key);
    if (it->integer && value != std::floor(value)) {
      return Error::invalid("parameter '" + key + "' must be a whole number", key);
    }
    if (value < it->min || value > it->max) {
      return Error::invalid("parameter '" + key + "' must be between " + format_number(it->min) +
                                " and " + format_number(it->max),
                            key);
    }
  }
  Params out;
  for (const auto& p : info->params) {
    auto it = given.find(p.name);
    out[p.name] = it != given.end() ? it->second : p.default_value;
  }
  if (info->name == "macd" && out["fast"] >= out["slow"]) {
    return Error::invalid("parameter 'fast' must be smaller than 'slow'", "fast");
  }
  return out;
}

Result<Params> Registry::parse(std::string_view name,
                               const std::map<std::string, std::string, std::less<>>& raw) const {
  Params given;
  for (const auto& [key, text] : raw) {
    double v = 0;
    const char* first = text.data();
    const char* last = first + text.size();
    auto [end, ec] = std::from_chars(first, last, v);
    if (ec != std::errc{} || end != last || text.empty()) {
      std::string message = "parameter '" + key;
      message += "' is not a number: '";
      message += text;
      message += "'";
      return Error::invalid(message, key);
    }
    given[key] = v;
  }
  return validate(name, given);
}

Result<std::vector<NamedSeries>> Registry::compute(std::string_view name, const Params& params,
                                                   const OhlcvView& data) const {
  auto checked = validate(name, params);
  if (!checked) return checked.error();
  const Entry* e = entry(name);
  if (!e) return Error::not_found("unknown indicator '" + std::string(name) + "'");
  const auto columns = needed_columns(e->info.input, data);
  const std::size_t n = columns.empty() ? 0 : columns.front().second;
  for (const auto& [column, size] : columns) {
    if (size != n) {
      return Error::invalid(std::string("column '") + column + "' has " + std::to_string(size) +
                                " values, expected " + std::to_string(n),
                            column);
    }
  }
  return e->batch(*checked, data);
}

Result<std::unique_ptr<StreamingIndicator>> Registry::make_stream(std::string_view name,
                                                                  const Params& params) const {
  auto checked = validate(name, params);
  if (!checked) return checked.error();
  const Entry* e = entry(name);
  if (!e) return Error::not_found("unknown indicator '" + std::string(name) + "'");
  return std::make_unique<StreamingIndicator>(e->info.outputs, e->stream(*checked));
}

std::string describe(const IndicatorInfo& info, const Params& params) {
  std::string out = info.name + "(";
  bool first = true;
  for (const auto& p : info.params) {
    auto it = params.find(p.name);
    if (!first) out += ",";
    first = false;
    out += p.name + "=" + format_number(it != params.end() ? it->second : p.default_value);
  }
  return out + ")";
}

nlohmann::json result_to_json(const IndicatorInfo& info, const Params& params,
                              const std::vector<NamedSeries>& result,
                              std::span<const int64_t> bar_times, std::size_t last_n) {
  nlohmann::json params_json = nlohmann::json::object();
  for (const auto& [k, v] : params) params_json[k] = v;
  nlohmann::json outputs = nlohmann::json::object();
  std::size_t first_bar = bar_times.size();
  for (const auto& ns : result) {
    nlohmann::json points = nlohmann::json::array();
    const std::size_t end = std::min(ns.series.end(), bar_times.size());
    std::size_t start = ns.series.begin;
    if (last_n > 0 && end > start + last_n) start = end - last_n;
    for (std::size_t bar = start; bar < end; ++bar) {
      points.push_back({{"t", bar_times[bar]}, {"v", ns.series.at_bar(bar)}});
    }
    first_bar = std::min(first_bar, ns.series.begin);
    outputs[ns.output] = std::move(points);
  }
  return {{"indicator", info.name},
          {"params", params_json},
          {"first_bar", first_bar},
          {"outputs", outputs}};
}

}  // namespace finchat::technical
