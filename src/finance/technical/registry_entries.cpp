#include "finance/technical/registry_entries.hpp"

#include "finance/technical/directional.hpp"
#include "finance/technical/momentum.hpp"
#include "finance/technical/moving_average.hpp"
#include "finance/technical/statistic.hpp"
#include "finance/technical/volatility.hpp"
#include "finance/technical/volume.hpp"

namespace finchat::technical {

namespace {

using Entry = Registry::Entry;
using Step = StreamingIndicator::Step;

int ip(const Params& p, const char* name) { return static_cast<int>(p.at(name)); }

ParamSpec period(double def, double min = 2) { return {"period", def, min, 100000, true}; }

std::vector<NamedSeries> one(const char* name, Series s) { return {{name, std::move(s)}}; }

// Wraps a single-output stream whose update returns std::optional<double>.
template <class Stream, class Feed>
Step single(Stream stream, Feed feed) {
  return [stream, feed](const BarInput& b, std::vector<double>& out) mutable {
    auto v = feed(stream, b);
    if (!v) return false;
    out[0] = *v;
    return true;
  };
}

std::shared_ptr<Entry> make(IndicatorInfo info, decltype(Entry::batch) batch,
                            decltype(Entry::stream) stream) {
  return std::make_shared<Entry>(Entry{std::move(info), std::move(batch), std::move(stream)});
}

// Moving averages share a shape: close in, one output, one period.
template <class Stream>
std::shared_ptr<Entry> moving_average(const char* name, const char* what, Series (*fn)(Span, int)) {
  return make(
      {name, what, Input::close, {period(30)}, {"value"}},
      [fn](const Params& p, const OhlcvView& d) {
        return one("value", fn(d.close, ip(p, "period")));
      },
      [](const Params& p) {
        return single(Stream(ip(p, "period")),
                      [](Stream& s, const BarInput& b) { return s.update(b.close); });
      });
}

std::vector<std::shared_ptr<Entry>> averages_and_momentum() {
  std::vector<std::shared_ptr<Entry>> v;
  v.push_back(moving_average<SmaStream>("sma", "simple moving average", &sma));
  v.push_back(moving_average<EmaStream>("ema", "exponential moving average", &ema));
  v.push_back(moving_average<WmaStream>("wma", "weighted moving average", &wma));
  v.push_back(moving_average<DemaStream>("dema", "double exponential moving average", &dema));
  v.push_back(moving_average<TemaStream>("tema", "triple exponential moving average", &tema));
  v.push_back(make(
      {"rsi", "relative strength index (Wilder)", Input::close, {period(14)}, {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", rsi(d.close, ip(p, "period")));
      },
      [](const Params& p) {
        return single(RsiStream(ip(p, "period")),
                      [](RsiStream& s, const BarInput& b) { return s.update(b.close); });
      }));
  v.push_back(make(
      {"macd",
       "moving average convergence/divergence",
       Input::close,
       {{"fast", 12, 2, 100000, true},
        {"slow", 26, 2, 100000, true},
        {"signal", 9, 1, 100000, true}},
       {"macd", "signal", "hist"}},
      [](const Params& p, const OhlcvView& d) {
        auto m = macd(d.close, ip(p, "fast"), ip(p, "slow"), ip(p, "signal"));
        return std::vector<NamedSeries>{{"macd", m.macd}, {"signal", m.signal}, {"hist", m.hist}};
      },
      [](const Params& p) -> Step {
        return [s = MacdStream(ip(p, "fast"), ip(p, "slow"), ip(p, "signal"))](
                   const BarInput& b, std::vector<double>& out) mutable {
          auto m = s.update(b.close);
          if (!m) return false;
          out = {m->macd, m->signal, m->hist};
          return true;
        };
      }));
  v.push_back(make(
      {"stoch",
       "slow stochastic oscillator",
       Input::hlc,
       {{"fastk", 5, 1, 100000, true},
        {"slowk", 3, 1, 100000, true},
        {"slowd", 3, 1, 100000, true}},
       {"slowk", "slowd"}},
      [](const Params& p, const OhlcvView& d) {
        auto s = stoch(d.high, d.low, d.close, ip(p, "fastk"), ip(p, "slowk"), ip(p, "slowd"));
        return std::vector<NamedSeries>{{"slowk", s.slow_k}, {"slowd", s.slow_d}};
      },
      [](const Params& p) -> Step {
        return [s = StochStream(ip(p, "fastk"), ip(p, "slowk"), ip(p, "slowd"))](
                   const BarInput& b, std::vector<double>& out) mutable {
          auto v2 = s.update(b.high, b.low, b.close);
          if (!v2) return false;
          out = {v2->slow_k, v2->slow_d};
          return true;
        };
      }));
  v.push_back(make(
      {"willr", "Williams %R", Input::hlc, {period(14)}, {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", willr(d.high, d.low, d.close, ip(p, "period")));
      },
      [](const Params& p) {
        return single(WillrStream(ip(p, "period")), [](WillrStream& s, const BarInput& b) {
          return s.update(b.high, b.low, b.close);
        });
      }));
  v.push_back(make(
      {"cci", "commodity channel index", Input::hlc, {period(14)}, {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", cci(d.high, d.low, d.close, ip(p, "period")));
      },
      [](const Params& p) {
        return single(CciStream(ip(p, "period")), [](CciStream& s, const BarInput& b) {
          return s.update(b.high, b.low, b.close);
        });
      }));
  v.push_back(make(
      {"roc", "rate of change, percent", Input::close, {period(10, 1)}, {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", roc(d.close, ip(p, "period")));
      },
      [](const Params& p) {
        return single(RocStream(ip(p, "period")),
                      [](RocStream& s, const BarInput& b) { return s.update(b.close); });
      }));
  v.push_back(make(
      {"mom", "momentum (price difference)", Input::close, {period(10, 1)}, {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", mom(d.close, ip(p, "period")));
      },
      [](const Params& p) {
        return single(MomStream(ip(p, "period")),
                      [](MomStream& s, const BarInput& b) { return s.update(b.close); });
      }));
  return v;
}

// The directional family shares one stream; `pick` selects the output.
std::shared_ptr<Entry> directional_entry(const char* name, const char* what, Input input,
                                         Series DirectionalSeries::*member,
                                         std::optional<double> DirectionalValue::*field) {
  return make(
      {name, what, input, {period(14)}, {"value"}},
      [member](const Params& p, const OhlcvView& d) {
        Span close = d.close.empty() ? d.low : d.close;
        return one("value", directional(d.high, d.low, close, ip(p, "period")).*member);
      },
      [field, input](const Params& p) -> Step {
        return [s = DirectionalStream(ip(p, "period")), field, input](
                   const BarInput& b, std::vector<double>& out) mutable {
          auto v = s.update(b.high, b.low, input == Input::hl ? b.low : b.close);
          if (!(v.*field)) return false;
          out[0] = *(v.*field);
          return true;
        };
      });
}

std::vector<std::shared_ptr<Entry>> volatility_and_trend() {
  std::vector<std::shared_ptr<Entry>> v;
  v.push_back(make(
      {"bbands",
       "Bollinger Bands (SMA middle)",
       Input::close,
       {period(5), {"nbdevup", 2, 0, 100, false}, {"nbdevdn", 2, 0, 100, false}},
       {"upper", "middle", "lower"}},
      [](const Params& p, const OhlcvView& d) {
        auto b = bbands(d.close, ip(p, "period"), p.at("nbdevup"), p.at("nbdevdn"));
        return std::vector<NamedSeries>{
            {"upper", b.upper}, {"middle", b.middle}, {"lower", b.lower}};
      },
      [](const Params& p) -> Step {
        return [s = BbandsStream(ip(p, "period"), p.at("nbdevup"), p.at("nbdevdn"))](
                   const BarInput& b, std::vector<double>& out) mutable {
          auto v2 = s.update(b.close);
          if (!v2) return false;
          out = {v2->upper, v2->middle, v2->lower};
          return true;
        };
      }));
  v.push_back(make(
      {"stddev",
       "standard deviation (population)",
       Input::close,
       {period(5), {"nbdev", 1, 0, 100, false}},
       {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", stddev(d.close, ip(p, "period"), p.at("nbdev")));
      },
      [](const Params& p) {
        return single(StddevStream(ip(p, "period"), p.at("nbdev")),
                      [](StddevStream& s, const BarInput& b) { return s.update(b.close); });
      }));
  v.push_back(make(
      {"trange", "true range", Input::hlc, {}, {"value"}},
      [](const Params&, const OhlcvView& d) {
        return one("value", trange(d.high, d.low, d.close));
      },
      [](const Params&) {
        return single(AtrStream(1), [](AtrStream& s, const BarInput& b) {
          return s.update(b.high, b.low, b.close);
        });
      }));
  for (bool normalized : {false, true}) {
    v.push_back(make(
        {normalized ? "natr" : "atr",
         normalized ? "normalized average true range, percent" : "average true range",
         Input::hlc,
         {period(14, 1)},
         {"value"}},
        [normalized](const Params& p, const OhlcvView& d) {
          return one("value", normalized ? natr(d.high, d.low, d.close, ip(p, "period"))
                                         : atr(d.high, d.low, d.close, ip(p, "period")));
        },
        [normalized](const Params& p) {
          return single(AtrStream(ip(p, "period")), [normalized](AtrStream& s, const BarInput& b) {
            auto a = s.update(b.high, b.low, b.close);
            return (a && normalized) ? std::optional<double>(s.natr()) : a;
          });
        }));
  }
  using DS = DirectionalSeries;
  using DV = DirectionalValue;
  v.push_back(directional_entry("plus_dm", "plus directional movement", Input::hl, &DS::plus_dm,
                                &DV::plus_dm));
  v.push_back(directional_entry("minus_dm", "minus directional movement", Input::hl, &DS::minus_dm,
                                &DV::minus_dm));
  v.push_back(directional_entry("plus_di", "plus directional indicator", Input::hlc, &DS::plus_di,
                                &DV::plus_di));
  v.push_back(directional_entry("minus_di", "minus directional indicator", Input::hlc,
                                &DS::minus_di, &DV::minus_di));
  v.push_back(directional_entry("dx", "directional movement index", Input::hlc, &DS::dx, &DV::dx));
  v.push_back(
      directional_entry("adx", "average directional index", Input::hlc, &DS::adx, &DV::adx));
  v.push_back(directional_entry("adxr", "ADX rating", Input::hlc, &DS::adxr, &DV::adxr));
  v.push_back(make(
      {"aroon", "Aroon up/down and oscillator", Input::hl, {period(14)}, {"down", "up", "osc"}},
      [](const Params& p, const OhlcvView& d) {
        auto a = aroon(d.high, d.low, ip(p, "period"));
        return std::vector<NamedSeries>{{"down", a.down}, {"up", a.up}, {"osc", a.osc}};
      },
      [](const Params& p) -> Step {
        return [s = AroonStream(ip(p, "period"))](const BarInput& b,
                                                  std::vector<double>& out) mutable {
          auto a = s.update(b.high, b.low);
          if (!a) return false;
          out = {a->down, a->up, a->osc};
          return true;
        };
      }));
  return v;
}

std::vector<std::shared_ptr<Entry>> volume_and_statistics() {
  std::vector<std::shared_ptr<Entry>> v;
  v.push_back(make(
      {"obv", "on-balance volume", Input::close_volume, {}, {"value"}},
      [](const Params&, const OhlcvView& d) { return one("value", obv(d.close, d.volume)); },
      [](const Params&) -> Step {
        return [s = ObvStream()](const BarInput& b, std::vector<double>& out) mutable {
          out[0] = s.update(b.close, b.volume);
          return true;
        };
      }));
  v.push_back(make(
      {"ad", "Chaikin accumulation/distribution line", Input::ohlcv, {}, {"value"}},
      [](const Params&, const OhlcvView& d) {
        return one("value", ad(d.high, d.low, d.close, d.volume));
      },
      [](const Params&) -> Step {
        return [s = AdStream()](const BarInput& b, std::vector<double>& out) mutable {
          out[0] = s.update(b.high, b.low, b.close, b.volume);
          return true;
        };
      }));
  v.push_back(make(
      {"mfi", "money flow index", Input::ohlcv, {period(14)}, {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", mfi(d.high, d.low, d.close, d.volume, ip(p, "period")));
      },
      [](const Params& p) {
        return single(MfiStream(ip(p, "period")), [](MfiStream& s, const BarInput& b) {
          return s.update(b.high, b.low, b.close, b.volume);
        });
      }));
  v.push_back(make(
      {"vwap",
       "session volume-weighted average price (typical price)",
       Input::hlcv_session,
       {},
       {"value"}},
      [](const Params&, const OhlcvView& d) {
        return one("value", vwap(d.high, d.low, d.close, d.volume, d.session));
      },
      [](const Params&) -> Step {
        return [s = VwapStream()](const BarInput& b, std::vector<double>& out) mutable {
          out[0] = s.update(b.high, b.low, b.close, b.volume, b.session);
          return true;
        };
      }));
  v.push_back(make(
      {"beta",
       "beta of returns to the benchmark",
       Input::close_benchmark,
       {period(5, 1)},
       {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", beta(d.close, d.benchmark, ip(p, "period")));
      },
      [](const Params& p) {
        return single(BetaStream(ip(p, "period")), [](BetaStream& s, const BarInput& b) {
          return s.update(b.close, b.benchmark);
        });
      }));
  v.push_back(make(
      {"correl",
       "Pearson correlation to the benchmark",
       Input::close_benchmark,
       {period(30, 1)},
       {"value"}},
      [](const Params& p, const OhlcvView& d) {
        return one("value", correl(d.close, d.benchmark, ip(p, "period")));
      },
      [](const Params& p) {
        return single(CorrelStream(ip(p, "period")), [](CorrelStream& s, const BarInput& b) {
          return s.update(b.close, b.benchmark);
        });
      }));
  return v;
}

}  // namespace

std::vector<std::shared_ptr<Registry::Entry>> make_registry_entries() {
  std::vector<std::shared_ptr<Entry>> all;
  for (auto group : {averages_and_momentum(), volatility_and_trend(), volume_and_statistics()}) {
    all.insert(all.end(), group.begin(), group.end());
  }
  return all;
}

}  // namespace finchat::technical
