#pragma once
// Test helpers: bar histories as columns, loaded from the TA-Lib CSV or generated randomly.
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "finance/technical/registry.hpp"

namespace finchat::technical::testing {

struct Columns {
  std::vector<double> open, high, low, close, volume, benchmark;
  std::vector<int64_t> session;

  OhlcvView view() const { return {open, high, low, close, volume, session, benchmark}; }
  BarInput bar(std::size_t i) const {
    return {open[i], high[i], low[i], close[i], volume[i], session[i], benchmark[i]};
  }
  std::size_t size() const { return close.size(); }
};

inline std::string shared_dir() { return FINCHAT_SHARED_DIR; }

// idx,open,high,low,close,volume; returns empty columns when the file is missing.
inline Columns load_talib_bars(const std::string& path) {
  Columns c;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::vector<double> v;
    while (std::getline(ss, cell, ',')) v.push_back(std::stod(cell));
    if (v.size() < 6) continue;
    c.open.push_back(v[1]);
    c.high.push_back(v[2]);
    c.low.push_back(v[3]);
    c.close.push_back(v[4]);
    c.volume.push_back(v[5]);
    c.session.push_back(static_cast<int64_t>(c.close.size() / 5));
    c.benchmark.push_back(100.0 + 0.5 * v[4] + static_cast<double>(c.close.size() % 7));
  }
  return c;
}

// A random walk with occasional flat bars and repeated highs, which exercise tie handling.
inline Columns random_bars(std::size_t n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Columns c;
  double price = 100.0, bench = 50.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double open = price;
    const double flat = unit(rng) < 0.05 ? 0.0 : 1.0;
    price = std::max(1.0, price + flat * step(rng));
    bench = std::max(1.0, bench + 0.3 * flat * step(rng) + 0.2 * (price - open));
    const double hi = std::max(open, price) + flat * unit(rng);
    const double lo = std::min(open, price) - flat * unit(rng);
    c.open.push_back(open);
    c.high.push_back(hi);
    c.low.push_back(lo);
    c.close.push_back(price);
    c.volume.push_back(std::floor(1000 + 5000 * unit(rng)));
    c.session.push_back(static_cast<int64_t>(i / 40));
    c.benchmark.push_back(bench);
  }
  return c;
}

}  // namespace finchat::technical::testing
