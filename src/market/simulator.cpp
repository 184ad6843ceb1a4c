#include "market/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace finchat::market {

namespace {
constexpr double kTradingDays = 252.0;
constexpr double kMinIdioVol = 0.02;

std::string factor_key(const InstrumentSpec& s) {
  if (!s.factor_sector.empty()) return s.factor_sector;
  return s.is_index ? std::string() : s.sector;
}

std::string field(std::size_t i, const char* name) {
  return "universe[" + std::to_string(i) + "]." + name;
}

Status validate(const SimulatorConfig& c) {
  if (c.universe.empty()) return Error::invalid("universe is empty", "universe");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < c.universe.size(); ++i) {
    const InstrumentSpec& s = c.universe[i];
    if (s.symbol.empty()) return Error::invalid("symbol is empty", field(i, "symbol"));
    if (!seen.insert(s.symbol).second) {
      return Error::invalid("duplicate symbol " + s.symbol, field(i, "symbol"));
    }
    if (!(s.start_price > 0))
      return Error::invalid("start_price must be > 0", field(i, "start_price"));
    if (!(s.annual_vol > 0) || s.annual_vol > 5) {
      return Error::invalid("annual_vol must be in (0, 5]", field(i, "annual_vol"));
    }
    if (!(s.avg_daily_volume >= 0)) {
      return Error::invalid("avg_daily_volume must be >= 0", field(i, "avg_daily_volume"));
    }
  }
  if (!(c.market_vol >= 0)) return Error::invalid("market_vol must be >= 0", "market_vol");
  if (!(c.sector_vol >= 0)) return Error::invalid("sector_vol must be >= 0", "sector_vol");
  if (!(c.vol_of_vol >= 0) || c.vol_of_vol > 2) {
    return Error::invalid("vol_of_vol must be in [0, 2]", "vol_of_vol");
  }
  if (!(c.vol_half_life_days > 0)) {
    return Error::invalid("vol_half_life_days must be > 0", "vol_half_life_days");
  }
  if (!(c.jump_intensity >= 0))
    return Error::invalid("jump_intensity must be >= 0", "jump_intensity");
  if (!(c.overnight_variance_share >= 0 && c.overnight_variance_share < 1)) {
    return Error::invalid("overnight_variance_share must be in [0, 1)", "overnight_variance_share");
  }
  if (!(c.volume_u_shape >= 1))
    return Error::invalid("volume_u_shape must be >= 1", "volume_u_shape");
  return {};
}
}  // namespace

Result<MarketSimulator> MarketSimulator::create(SimulatorConfig config) {
  if (config.universe.empty()) config.universe = default_universe();
  if (auto st = validate(config); !st) return st.error();
  auto calendar = MarketCalendar::create(config.calendar);
  if (!calendar) return calendar.error();
  MarketSimulator sim(std::move(config), std::move(*calendar));
  // Idiosyncratic variance is what remains of the target after factors and jumps.
  for (std::size_t i = 0; i < sim.config_.universe.size(); ++i) {
    const InstrumentSpec& s = sim.config_.universe[i];
    const double sector_var =
        factor_key(s).empty() ? 0.0 : std::pow(s.sector_loading * sim.config_.sector_vol, 2);
    const double jump_var =
        s.is_index ? 0.0 : sim.config_.jump_intensity * sim.config_.jump_sd * sim.config_.jump_sd;
    const double rest = s.annual_vol * s.annual_vol - std::pow(s.beta * sim.config_.market_vol, 2) -
                        sector_var - jump_var;
    if (rest < kMinIdioVol * kMinIdioVol) {
      return Error::invalid(s.symbol + ": annual_vol is too low for its factor loadings",
                            field(i, "annual_vol"));
    }
    sim.idio_vol_[i] = std::sqrt(rest);
  }
  return sim;
}

MarketSimulator::MarketSimulator(SimulatorConfig config, MarketCalendar calendar)
    : config_(std::move(config)),
      calendar_(std::move(calendar)),
      idio_vol_(config_.universe.size(), 0.0),
      sector_of_(config_.universe.size(), 0),
      rng_(config_.seed),
      price_(config_.universe.size()),
      sequence_(config_.universe.size(), 0) {
  std::map<std::string, std::size_t> sectors{{"", 0}};
  for (std::size_t i = 0; i < config_.universe.size(); ++i) {
    const std::string key = factor_key(config_.universe[i]);
    auto it = sectors.emplace(key, sectors.size()).first;
    sector_of_[i] = it->second;
    price_[i] = config_.universe[i].start_price;
  }
  sector_count_ = sectors.size();
}

const InstrumentSpec* MarketSimulator::find(const std::string& symbol) const {
  for (const auto& s : config_.universe) {
    if (s.symbol == symbol) return &s;
  }
  return nullptr;
}

double MarketSimulator::implied_correlation(std::size_t i, std::size_t j) const {
  const InstrumentSpec& a = config_.universe[i];
  const InstrumentSpec& b = config_.universe[j];
  if (i == j) return 1.0;
  double cov = a.beta * b.beta * config_.market_vol * config_.market_vol;
  if (sector_of_[i] == sector_of_[j] && sector_of_[i] != 0) {
    cov += a.sector_loading * b.sector_loading * config_.sector_vol * config_.sector_vol;
  }
  return cov / (a.annual_vol * b.annual_vol);
}

double MarketSimulator::volume_intensity(double f) const {
  const double k = config_.volume_u_shape - 1.0;
  const double x = 2.0 * std::clamp(f, 0.0, 1.0) - 1.0;
  return (1.0 + k * x * x) / (1.0 + k / 3.0);
}

void MarketSimulator::step_vol_state(double dt_days) {
  const double var = config_.vol_of_vol * config_.vol_of_vol;
  const double phi = std::exp(-std::log(2.0) * dt_days / config_.vol_half_life_days);
  log_vol_ = phi * log_vol_ + std::sqrt(var * (1.0 - phi * phi)) * normal_(rng_);
}

std::vector<double> MarketSimulator::draw_returns(double dt) {
  const double m = std::exp(log_vol_ - config_.vol_of_vol * config_.vol_of_vol);
  const double sq = std::sqrt(dt);
  const double market = config_.market_vol * sq * normal_(rng_);
  std::vector<double> sector(sector_count_, 0.0);
  for (std::size_t k = 1; k < sector_count_; ++k)
    sector[k] = config_.sector_vol * sq * normal_(rng_);
  const double jump_p = 1.0 - std::exp(-config_.jump_intensity * dt);
  std::vector<double> r(config_.universe.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    const InstrumentSpec& s = config_.universe[i];
    const double diffusive = s.beta * market + s.sector_loading * sector[sector_of_[i]] +
                             idio_vol_[i] * sq * normal_(rng_);
    double jump = 0.0;
    const double u = uniform_(rng_);
    if (!s.is_index && u < jump_p) jump = config_.jump_sd * normal_(rng_);
    r[i] = (s.annual_drift - 0.5 * s.annual_vol * s.annual_vol) * dt + m * diffusive + jump;
  }
  return r;
}

Bar MarketSimulator::daily_bar(std::size_t i, double open, double close, double dt, int64_t day) {
  const InstrumentSpec& s = config_.universe[i];
  const double sd = s.annual_vol * std::sqrt(dt);
  // Wicks scale with the period's volatility; volume rises with the size of the move.
  const double high = std::max(open, close) * std::exp(0.6 * sd * std::fabs(normal_(rng_)));
  const double low = std::min(open, close) * std::exp(-0.6 * sd * std::fabs(normal_(rng_)));
  const double move = std::fabs(std::log(close / open)) / std::max(sd, 1e-12);
  const double noise = std::exp(0.25 * normal_(rng_) - 0.03125);
  const double volume = std::round(s.avg_daily_volume * noise * (1.0 + move) / 1.8);
  Bar b;
  b.start_ms = calendar_.day_start_ms(day);
  b.session = day;
  b.open = open;
  b.high = high;
  b.low = low;
  b.close = close;
  b.volume = volume;
  b.trades = static_cast<uint32_t>(std::min(volume / 100.0, 4e9));
  return b;
}

}  // namespace finchat::market
