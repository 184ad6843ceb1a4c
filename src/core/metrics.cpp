#include "core/metrics.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace finchat::metrics {

namespace {
void atomic_add(std::atomic<double>& a, double v) {
  double cur = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {
  }
}

std::string format_value(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  return fmt::format("{}", v);
}

std::string label_block(const std::vector<std::string>& names, const Labels& values,
                        const std::string& extra = {}) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (!out.empty()) out += ',';
    out += fmt::format("{}=\"{}\"", names[i], escape_label_value(values[i]));
  }
  if (!extra.empty()) {
    if (!out.empty()) out += ',';
    out += extra;
  }
  return out.empty() ? std::string{} : "{" + out + "}";
}

void render_header(std::string& out, const std::string& name, const std::string& help,
                   const char* type) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}
}  // namespace

void Counter::inc(double v) {
  if (v < 0) throw std::invalid_argument("counter increments must be non-negative");
  atomic_add(value_, v);
}

void Gauge::inc(double v) { atomic_add(value_, v); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, v);
}

std::vector<double> default_latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

template <class Metric>
Metric& Family<Metric>::with(const Labels& values) {
  if (values.size() != label_names_.size()) {
    throw std::invalid_argument("metric " + name_ + ": wrong number of label values");
  }
  std::lock_guard lock(mu_);
  auto it = children_.find(values);
  if (it == children_.end()) {
    std::unique_ptr<Metric> m;
    if constexpr (std::is_same_v<Metric, Histogram>) {
      m = std::make_unique<Histogram>(buckets_);
    } else {
      m = std::make_unique<Metric>();
    }
    it = children_.emplace(values, std::move(m)).first;
  }
  return *it->second;
}

template <class Metric>
std::vector<std::pair<Labels, Metric*>> Family<Metric>::children() const {
  std::lock_guard lock(mu_);
  std::vector<std::pair<Labels, Metric*>> out;
  for (const auto& [labels, m] : children_) out.emplace_back(labels, m.get());
  return out;
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

template <class F, class... Args>
static F& find_or_add(std::map<std::string, std::unique_ptr<F>>& m, const std::string& name,
                      Args&&... args) {
  auto it = m.find(name);
  if (it == m.end()) {
    it = m.emplace(name, std::make_unique<F>(name, std::forward<Args>(args)...)).first;
  }
  return *it->second;
}

Family<Counter>& Registry::counter(const std::string& name, const std::string& help,
                                   std::vector<std::string> label_names) {
  std::lock_guard lock(mu_);
  return find_or_add(counters_, name, help, std::move(label_names));
}

Family<Gauge>& Registry::gauge(const std::string& name, const std::string& help,
                               std::vector<std::string> label_names) {
  std::lock_guard lock(mu_);
  return find_or_add(gauges_, name, help, std::move(label_names));
}

Family<Histogram>& Registry::histogram(const std::string& name, const std::string& help,
                                       std::vector<std::string> label_names,
                                       std::vector<double> buckets) {
  std::lock_guard lock(mu_);
  return find_or_add(histograms_, name, help, std::move(label_names), std::move(buckets));
}

std::string Registry::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, fam] : counters_) {
    render_header(out, name, fam->help(), "counter");
    for (const auto& [labels, c] : fam->children()) {
      out += fmt::format("{}{} {}\n", name, label_block(fam->label_names(), labels),
                         format_value(c->value()));
    }
  }
  for (const auto& [name, fam] : gauges_) {
    render_header(out, name, fam->help(), "gauge");
    for (const auto& [labels, g] : fam->children()) {
      out += fmt::format("{}{} {}\n", name, label_block(fam->label_names(), labels),
                         format_value(g->value()));
    }
  }
  for (const auto& [name, fam] : histograms_) {
    render_header(out, name, fam->help(), "histogram");
    for (const auto& [labels, h] : fam->children()) {
      uint64_t cumulative = 0;
      const auto& b = h->bounds();
      for (size_t i = 0; i <= b.size(); ++i) {
        cumulative += h->bucket_count(i);
        std::string le = i < b.size() ? format_value(b[i]) : "+Inf";
        out += fmt::format("{}_bucket{} {}\n", name,
                           label_block(fam->label_names(), labels, "le=\"" + le + "\""),
                           cumulative);
      }
      auto lb = label_block(fam->label_names(), labels);
      out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, lb, format_value(h->sum()), name,
                         lb, h->count());
    }
  }
  return out;
}

Registry& registry() {
  static Registry r;
  return r;
}

std::string escape_label_value(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace finchat::metrics
