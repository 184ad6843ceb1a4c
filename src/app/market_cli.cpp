// `finchat ingest prices FILE.csv...` (daily history into the store) and
// `finchat market publish` (the simulator's ticks into the Redis Stream that replicas read).
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "app/commands.hpp"
#include "app/context.hpp"
#include "market/bar_store.hpp"
#include "market/redis_feed.hpp"
#include "market/simulator_feed.hpp"

namespace finchat::app {

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

// Splits the command's own "--name value" flags from configuration flags.
Args take_flags(const Args& args, const std::vector<std::string>& own,
                std::map<std::string, std::string>& values) {
  Args rest;
  for (size_t i = 0; i < args.size(); ++i) {
    bool mine = false;
    for (const auto& name : own) {
      if (args[i] == "--" + name && i + 1 < args.size()) {
        values[name] = args[++i];
        mine = true;
      } else if (args[i].rfind("--" + name + "=", 0) == 0) {
        values[name] = args[i].substr(name.size() + 3);
        mine = true;
      }
    }
    if (!mine) rest.push_back(args[i]);
  }
  return rest;
}

int ingest_prices(const Args& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> own;
  Args rest = take_flags(args, {"symbol"}, own);
  Args files;
  Args flags;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i].rfind("--", 0) == 0) {
      flags.push_back(rest[i]);
      if (rest[i].find('=') == std::string::npos && i + 1 < rest.size()) flags.push_back(rest[++i]);
    } else {
      files.push_back(rest[i]);
    }
  }
  if (files.empty() || (own.count("symbol") && files.size() != 1)) {
    err << "usage: finchat ingest prices FILE.csv... [--symbol SYM] (one file with --symbol)\n";
    return 2;
  }
  int code = 0;
  auto ctx = open_for_command(flags, err, code);
  if (!ctx) return code;
  auto calendar = market::MarketCalendar::create({});
  if (!calendar) {
    err << "finchat: " << calendar.error().message << "\n";
    return 1;
  }
  std::vector<market::PriceImport> imports;
  for (const auto& f : files) imports.push_back({f, own.count("symbol") ? own["symbol"] : ""});
  market::DailyBarStore store(ctx->db);
  auto done = market::import_price_files(store, imports, *calendar);
  if (!done) {
    err << "finchat: " << done.error().message << " (nothing imported)\n";
    return 1;
  }
  for (const auto& s : *done) {
    out << s.symbol << ": " << s.bars << " daily bars " << s.first << " .. " << s.last << "\n";
  }
  return 0;
}

int publish(const Args& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> own;
  Args flags = take_flags(args, {"duration"}, own);
  auto cfg = load_config(flags);
  if (!cfg) {
    err << "finchat: configuration error: " << cfg.error().message << "\n";
    return 2;
  }
  if (cfg->redis.url.empty()) {
    err << "finchat: market publish needs redis.url\n";
    return 2;
  }
  double duration_s = 0;
  if (own.count("duration")) {
    try {
      duration_s = std::stod(own["duration"]);
    } catch (const std::exception&) {
      err << "finchat: --duration must be a number of seconds\n";
      return 2;
    }
  }
  market::SimulatorConfig sim_config;
  sim_config.seed = static_cast<uint64_t>(cfg->market.seed);
  sim_config.trade_outside_hours = true;
  auto sim = market::MarketSimulator::create(sim_config);
  if (!sim) {
    err << "finchat: " << sim.error().message << "\n";
    return 1;
  }
  auto publisher = market::RedisTickPublisher::connect(cfg->redis.url, cfg->market.redis_stream,
                                                       cfg->market.redis_maxlen);
  if (!publisher) {
    err << "finchat: " << publisher.error().message << "\n";
    return 1;
  }
  market::SimulatorFeed feed(std::move(sim.value()), SystemClock::instance(),
                             1000.0 / cfg->market.tick_interval_ms);
  (void)feed.history(SystemClock::instance().now_ms(), 1);  // position the live state at now
  std::atomic<uint64_t> failed{0};
  auto* pub = publisher->get();
  feed.subscribe([pub, &failed](const market::Tick& t) {
    if (!pub->publish(t)) ++failed;
  });
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  if (auto st = feed.start(); !st) {
    err << "finchat: " << st.error().message << "\n";
    return 1;
  }
  out << "publishing simulated ticks to " << cfg->market.redis_stream << " (MAXLEN ~"
      << cfg->market.redis_maxlen << "); Ctrl-C stops\n"
      << std::flush;
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(static_cast<int64_t>(duration_s * 1000));
  while (!g_stop && (duration_s <= 0 || std::chrono::steady_clock::now() < until)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  feed.stop();
  out << "published " << pub->published() << " ticks, " << failed << " failed\n";
  return failed > 0 && pub->published() == 0 ? 1 : 0;
}

}  // namespace

int cmd_market(const Args& args, std::ostream& out, std::ostream& err) {
  const std::string what = args.size() > 1 ? args[1] : "";
  Args rest(args.begin() + std::min<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(args.size())),
            args.end());
  if (args[0] == "ingest" && what == "prices") return ingest_prices(rest, out, err);
  if (args[0] == "market" && what == "publish") return publish(rest, out, err);
  err << "usage: finchat ingest prices FILE.csv... | finchat market publish [--duration S]\n";
  return 2;
}

}  // namespace finchat::app
