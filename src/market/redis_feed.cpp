#include "market/redis_feed.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

#include "core/log.hpp"

namespace finchat::market {

namespace {

template <class T>
bool parse_num(const std::string& s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size() && !s.empty();
}

std::string num(double v) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, p) : "nan";
}

}  // namespace

std::vector<std::string> tick_fields(const Tick& t) {
  return {"s",   t.symbol,
          "p",   num(t.price),
          "z",   num(t.size),
          "t",   std::to_string(t.ts_ms),
          "q",   std::to_string(t.sequence),
          "src", t.source};
}

Result<Tick> tick_from_fields(const std::vector<std::string>& fields) {
  if (fields.size() % 2 != 0) return Error::invalid("odd number of stream fields", "fields");
  Tick t;
  bool has_symbol = false, has_price = false, has_ts = false;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    const std::string& k = fields[i];
    const std::string& v = fields[i + 1];
    bool ok = true;
    if (k == "s") {
      t.symbol = v;
      has_symbol = !v.empty();
    } else if (k == "p") {
      ok = parse_num(v, t.price) && std::isfinite(t.price);
      has_price = ok;
    } else if (k == "z") {
      ok = parse_num(v, t.size);
    } else if (k == "t") {
      ok = parse_num(v, t.ts_ms);
      has_ts = ok;
    } else if (k == "q") {
      ok = parse_num(v, t.sequence);
    } else if (k == "src") {
      t.source = v;
    }
    if (!ok) return Error::invalid("bad value '" + v + "'", k);
  }
  if (!has_symbol || !has_price || !has_ts) {
    return Error::invalid("tick entry needs s, p and t", "fields");
  }
  return t;
}

Result<std::unique_ptr<RedisTickPublisher>> RedisTickPublisher::connect(const std::string& url,
                                                                        std::string stream,
                                                                        int64_t maxlen) {
  auto client = store::RedisClient::connect(url, std::chrono::milliseconds(2000));
  if (!client) return client.error();
  return std::unique_ptr<RedisTickPublisher>(
      new RedisTickPublisher(std::move(*client), std::move(stream), maxlen));
}

Status RedisTickPublisher::publish(const Tick& t) {
  std::vector<std::string> args = {"XADD", stream_, "MAXLEN", "~", maxlen_, "*"};
  for (auto& f : tick_fields(t)) args.push_back(std::move(f));
  auto r = client_->command(args);
  if (!r) return r.error();
  ++published_;
  return {};
}

Status RedisFeed::start() {
  if (running_) return {};
  // A socket timeout above the BLOCK time, so an idle stream is not mistaken for a dead link.
  auto client = store::RedisClient::connect(options_.url,
                                            std::chrono::milliseconds(options_.block_ms + 2000));
  if (!client) return client.error();
  client_ = std::move(*client);
  if (!options_.client_name.empty()) {
    if (auto named = client_->command({"CLIENT", "SETNAME", options_.client_name}); !named) {
      return named.error();
    }
  }
  // Pin "$" to a concrete id now: ticks added after start() returns are all delivered.
  auto last = client_->command({"XREVRANGE", options_.stream, "+", "-", "COUNT", "1"});
  if (!last) return last.error();
  last_id_ = "0-0";
  if (!last->elements.empty() && !last->elements[0].elements.empty()) {
    last_id_ = last->elements[0].elements[0].str;
  }
  running_ = true;
  thread_ = std::thread([this] { loop(); });
  return {};
}

void RedisFeed::stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::map<std::string, uint64_t> RedisFeed::counts() const {
  return {{"received", received_}, {"malformed", malformed_}, {"reconnects", reconnects_}};
}

void RedisFeed::backoff(int& delay_ms) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return !running_.load(); });
  delay_ms = std::min(delay_ms * 2, options_.backoff_max_ms);
}

void RedisFeed::loop() {
  int delay_ms = options_.backoff_initial_ms;
  bool failing = false;
  while (running_) {
    auto st = read_once(*client_);
    if (st) {
      if (failing) log::get("market")->info("redis feed: reconnected to {}", options_.stream);
      failing = false;
      delay_ms = options_.backoff_initial_ms;
      continue;
    }
    if (!failing) {
      log::get("market")->warn("redis feed: {}; retrying", st.error().message);
    }
    failing = true;
    ++reconnects_;
    backoff(delay_ms);
  }
}

Status RedisFeed::read_once(store::RedisClient& client) {
  auto r =
      client.command({"XREAD", "COUNT", std::to_string(options_.batch), "BLOCK",
                      std::to_string(options_.block_ms), "STREAMS", options_.stream, last_id_});
  if (!r) return r.error();
  if (r->type != store::RedisReply::Type::array) return {};  // BLOCK timed out
  std::vector<Tick> ticks;
  for (const auto& stream : r->elements) {
    if (stream.elements.size() < 2) continue;
    for (const auto& entry : stream.elements[1].elements) {
      if (entry.elements.size() < 2) continue;
      last_id_ = entry.elements[0].str;
      std::vector<std::string> fields;
      for (const auto& f : entry.elements[1].elements) fields.push_back(f.str);
      auto tick = tick_from_fields(fields);
      if (!tick) {
        ++malformed_;
        continue;
      }
      ++received_;
      ticks.push_back(std::move(*tick));
    }
  }
  emit_all(ticks);
  return {};
}

}  // namespace finchat::market
