#include "core/metrics.hpp"

#include <gtest/gtest.h>

namespace finchat::metrics {
namespace {

TEST(MetricsTest, RendersCountersWithLabels) {
  Registry r;
  r.counter("http_requests_total", "Requests", {"route", "status"}).with({"/a", "200"}).inc(2);
  std::string text = r.render();
  EXPECT_NE(text.find("# TYPE http_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find("http_requests_total{route=\"/a\",status=\"200\"} 2"), std::string::npos)
      << text;
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Registry r;
  auto& h = r.histogram("lat_seconds", "Latency", {}, {0.1, 1.0}).get();
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  std::string text = r.render();
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.1\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"1\"} 2"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"+Inf\"} 3"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_count 3"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_sum 5.55"), std::string::npos);
}

TEST(MetricsTest, GaugeAndEscaping) {
  Registry r;
  auto& g = r.gauge("inflight", "In flight", {"name"}).with({"a\"b\\c\nd"});
  g.inc(3);
  g.dec();
  std::string text = r.render();
  EXPECT_NE(text.find("inflight{name=\"a\\\"b\\\\c\\nd\"} 2"), std::string::npos) << text;
}

TEST(MetricsTest, WrongLabelCountThrows) {
  Registry r;
  auto& fam = r.counter("c", "c", {"a"});
  EXPECT_THROW(fam.with({}), std::invalid_argument);
  EXPECT_THROW(fam.with({"x"}).inc(-1), std::invalid_argument);
}

}  // namespace
}  // namespace finchat::metrics
