#pragma once
// Vendor WebSocket feeds (Alpaca v2, Polygon, Finnhub) over Boost.Beast: ws:// (tests) or
// wss:// with OpenSSL. One background thread per feed connects, authenticates, subscribes to
// trades of the configured symbols and reads frames; on any failure it reconnects with
// exponential backoff. Ticks pass a TickGuard (gaps counted, duplicate / out-of-order /
// malformed dropped with a reason) before reaching subscribers.
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "market/feed.hpp"
#include "market/tick_guard.hpp"
#include "market/vendor.hpp"

namespace finchat::market {

struct VendorFeedOptions {
  Vendor vendor = Vendor::polygon;
  std::string url;  // ws://host:port/path or wss://host[:port]/path
  std::string key;  // the API key itself (read from an environment variable, never config)
  std::string secret;
  std::vector<std::string> symbols;
  int backoff_initial_ms = 250;
  int backoff_max_ms = 30'000;
  int connect_timeout_ms = 10'000;
};

// Builds options from configuration: `vendor` alpaca|polygon|finnhub, an empty URL means the
// vendor's public endpoint, and the key (and Alpaca's secret) come from the named variables.
Result<VendorFeedOptions> vendor_feed_options(const std::string& vendor, const std::string& url,
                                              const std::string& key_env,
                                              const std::string& secret_env,
                                              std::vector<std::string> symbols);
const char* default_vendor_url(Vendor v);

struct WsUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target = "/";
};
Result<WsUrl> parse_ws_url(const std::string& url);

class VendorWsFeed final : public Feed {
 public:
  explicit VendorWsFeed(VendorFeedOptions options);
  ~VendorWsFeed() override;

  Status start() override;
  void stop() override;
  bool running() const override { return running_; }
  std::string source() const override { return to_string(options_.vendor); }

  // TickGuard counts plus frames, connects, reconnects and disconnects.
  std::map<std::string, uint64_t> counts() const;
  // Waits until `n` ticks were accepted (for tests and the bench), false on timeout.
  bool wait_accepted(uint64_t n, int timeout_ms) const;

  struct Session;

 private:
  void loop();
  void handle_frame(const std::string& text, Session& session);
  void backoff(int& delay_ms);

  VendorFeedOptions options_;
  WsUrl url_;
  std::atomic<bool> running_{false};
  mutable std::mutex mu_;  // guards guard_, counters_, the live socket handle
  mutable std::condition_variable cv_;
  TickGuard guard_;
  std::map<std::string, uint64_t> counters_;
  int live_fd_ = -1;
  std::thread thread_;
};

Result<std::shared_ptr<Feed>> make_vendor_feed(const VendorFeedOptions& options);

}  // namespace finchat::market
