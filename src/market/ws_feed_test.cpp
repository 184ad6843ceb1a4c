// Vendor WebSocket feeds against a local Beast server that replays recorded frames: auth and
// subscribe, gap / duplicate / out-of-order / malformed accounting, and a connection dropped
// mid-stream that the client must survive (reconnect, continue, drop the replayed frame).
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "market/ws_feed.hpp"

namespace finchat::market {
namespace {

namespace net = boost::asio;
namespace websocket = boost::beast::websocket;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

struct Line {
  bool to_client = true;
  std::string frame;
};

std::vector<Line> load_script(const std::string& path) {
  std::vector<Line> out;
  std::ifstream in(path);
  for (std::string s; std::getline(in, s);) {
    if (s.empty()) continue;
    auto j = nlohmann::json::parse(s);
    const auto& f = j["frame"];
    out.push_back(
        {j.value("_dir", "recv") == "recv", f.is_string() ? f.get<std::string>() : f.dump()});
  }
  return out;
}

bool carries_data(Vendor v, const std::string& frame) {
  auto p = parse_frame(v, frame);
  return !p || !p->trades.empty() || !p->quotes.empty() || !p->bars.empty() || !p->skipped.empty();
}

// Serves `connections` connections one after another. Each replays the handshake part (a
// "send" line waits for one client message); the first then sends data frames [0, drop_at)
// and drops the TCP connection without a close frame; later ones resend from drop_at - 1
// (one duplicate frame) to the end and wait for the client to leave.
class ReplayServer {
 public:
  ReplayServer(Vendor vendor, std::vector<Line> script, std::size_t drop_at, int connections = 2)
      : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}), connections_(connections) {
    std::size_t i = 0;
    for (; i < script.size(); ++i) {
      if (script[i].to_client && carries_data(vendor, script[i].frame)) break;
      handshake_.push_back(script[i]);
    }
    for (; i < script.size(); ++i) {
      if (script[i].to_client) data_.push_back(script[i].frame);
    }
    drop_at_ = std::min(drop_at, data_.size());
    thread_ = std::thread([this] { serve(); });
  }
  ~ReplayServer() {
    stopping_ = true;
    boost::system::error_code ec;
    tcp::socket poke(ioc_);
    poke.connect(acceptor_.local_endpoint(), ec);  // wakes a pending accept
    thread_.join();
  }
  std::string url() const {
    return "ws://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/stream";
  }
  const std::vector<std::string>& data() const { return data_; }
  std::size_t drop_at() const { return drop_at_; }

  std::mutex mu;
  std::vector<std::string> from_client;
  std::vector<std::string> targets;
  int served = 0;

 private:
  void serve() {
    for (int c = 0; c < connections_ && !stopping_; ++c) {
      tcp::socket sock(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(sock, ec);
      if (ec || stopping_) return;
      try {
        one(std::move(sock), c == 0);
      } catch (const std::exception&) {
        // the client went away
      }
    }
  }
  void one(tcp::socket sock, bool first) {
    boost::beast::flat_buffer buf;
    http::request<http::string_body> req;
    http::read(sock, buf, req);
    websocket::stream<tcp::socket> ws(std::move(sock));
    ws.accept(req);
    ws.text(true);
    {
      std::lock_guard lock(mu);
      targets.push_back(std::string(req.target()));
      ++served;
    }
    for (const auto& l : handshake_) {
      if (l.to_client) {
        ws.write(net::buffer(l.frame));
      } else {
        boost::beast::flat_buffer in;
        ws.read(in);
        std::lock_guard lock(mu);
        from_client.push_back(boost::beast::buffers_to_string(in.data()));
      }
    }
    const std::size_t from = first ? 0 : (drop_at_ > 0 ? drop_at_ - 1 : 0);
    const std::size_t to = first ? drop_at_ : data_.size();
    for (std::size_t i = from; i < to; ++i) ws.write(net::buffer(data_[i]));
    if (first) {
      ws.next_layer().shutdown(tcp::socket::shutdown_both);
      ws.next_layer().close();
      return;
    }
    boost::beast::flat_buffer in;
    for (;;) ws.read(in);  // until the client disconnects (throws)
  }

  net::io_context ioc_;
  tcp::acceptor acceptor_;
  int connections_;
  std::vector<Line> handshake_;
  std::vector<std::string> data_;
  std::size_t drop_at_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// What a single clean pass over the data frames would deliver.
std::vector<Tick> expected_ticks(Vendor v, const std::vector<std::string>& frames) {
  TickGuard guard;
  std::vector<Tick> out;
  for (const auto& f : frames) {
    auto p = parse_frame(v, f);
    if (!p) continue;
    for (const auto& t : p->trades) {
      if (guard.check(t).empty()) out.push_back(t);
    }
  }
  return out;
}

struct Received {
  std::mutex mu;
  std::vector<Tick> ticks;
};

VendorFeedOptions options_for(Vendor v, const std::string& url) {
  VendorFeedOptions o;
  o.vendor = v;
  o.url = url;
  o.key = "test-key";
  o.secret = "test-secret";
  o.symbols = {"AAPL", "NOVA", "NWBK"};
  o.backoff_initial_ms = 20;
  o.backoff_max_ms = 200;
  return o;
}

void run_replay(Vendor v, const std::string& path, std::size_t drop_at,
                std::map<std::string, uint64_t>* counts_out = nullptr,
                std::vector<std::string>* from_client = nullptr) {
  ReplayServer server(v, load_script(path), drop_at);
  ASSERT_FALSE(server.data().empty()) << path;
  auto expected = expected_ticks(v, server.data());
  ASSERT_FALSE(expected.empty()) << path;
  VendorWsFeed feed(options_for(v, server.url()));
  Received got;
  feed.subscribe([&](const Tick& t) {
    std::lock_guard lock(got.mu);
    got.ticks.push_back(t);
  });
  ASSERT_TRUE(feed.start().ok());
  ASSERT_TRUE(feed.wait_accepted(expected.size(), 20'000)) << path;
  // Let the resent frame and anything after it arrive before judging.
  for (int i = 0; i < 200; ++i) {
    std::lock_guard lock(server.mu);
    if (server.served == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto counts = feed.counts();
  feed.stop();
  std::lock_guard lock(got.mu);
  ASSERT_EQ(got.ticks.size(), expected.size()) << path;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(got.ticks[i].symbol, expected[i].symbol);
    EXPECT_DOUBLE_EQ(got.ticks[i].price, expected[i].price);
    EXPECT_EQ(got.ticks[i].ts_ms, expected[i].ts_ms);
  }
  EXPECT_GE(counts["reconnects"], 1u) << path;
  EXPECT_EQ(counts["accepted"], expected.size());
  if (counts_out) *counts_out = counts;
  if (from_client) {
    std::lock_guard slock(server.mu);
    *from_client = server.from_client;
    from_client->insert(from_client->end(), server.targets.begin(), server.targets.end());
  }
}

TEST(TickGuard, UnsequencedTicksAreJudgedByTimeAndContent) {
  TickGuard g;
  EXPECT_EQ(g.check({"A", 10, 1, 1000, 0, "alpaca"}), "");
  EXPECT_EQ(g.check({"A", 11, 1, 1000, 0, "alpaca"}), "");  // same ms, another trade
  EXPECT_EQ(g.check({"A", 10, 1, 1000, 0, "alpaca"}), "duplicate");
  EXPECT_EQ(g.check({"A", 9, 1, 999, 0, "alpaca"}), "out_of_order");
  EXPECT_EQ(g.check({"A", 0, 1, 1001, 0, "alpaca"}), "malformed");
  EXPECT_EQ(g.check({"B", 5, 1, 999, 0, "alpaca"}), "");  // per symbol
  EXPECT_EQ(g.check({"A", 12, 1, 1001, 0, "alpaca"}), "");
  auto c = g.counts();
  EXPECT_EQ(c["accepted"], 4u);
  EXPECT_EQ(c["duplicate"], 1u);
  EXPECT_EQ(c["out_of_order"], 1u);
  EXPECT_EQ(c["malformed"], 1u);
  EXPECT_EQ(c["gaps"], 0u);
}

TEST(TickGuard, SequencedTicksCountGapsAndDropRegressions) {
  TickGuard g;
  EXPECT_EQ(g.check({"A", 10, 1, 1000, 1, "polygon"}), "");
  EXPECT_EQ(g.check({"A", 10, 1, 1000, 4, "polygon"}), "");  // gap of 2, kept
  EXPECT_EQ(g.check({"A", 10, 1, 1000, 4, "polygon"}), "duplicate");
  EXPECT_EQ(g.check({"A", 10, 1, 1000, 2, "polygon"}), "out_of_order");
  auto c = g.counts();
  EXPECT_EQ(c["gaps"], 1u);
  EXPECT_EQ(c["missing"], 2u);
}

TEST(WsUrl, Parses) {
  auto u = parse_ws_url("wss://socket.polygon.io/stocks");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/stocks");
  u = parse_ws_url("ws://127.0.0.1:9000?x=1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, "9000");
  EXPECT_EQ(u->target, "/?x=1");
  EXPECT_FALSE(parse_ws_url("http://x").ok());
  EXPECT_FALSE(parse_ws_url("ws://host:port/").ok());
}

TEST(VendorOptions, KeyComesFromTheNamedVariable) {
  ::unsetenv("FINCHAT_TEST_NO_SUCH_KEY");
  auto missing = vendor_feed_options("polygon", "", "FINCHAT_TEST_NO_SUCH_KEY", "", {"AAPL"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "market.vendor_key_env");
  ::setenv("FINCHAT_TEST_VENDOR_KEY", "k-123", 1);
  auto ok = vendor_feed_options("polygon", "", "FINCHAT_TEST_VENDOR_KEY", "", {"AAPL"});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->key, "k-123");
  EXPECT_EQ(ok->url, "wss://socket.polygon.io/stocks");
  EXPECT_FALSE(vendor_feed_options("alpaca", "", "FINCHAT_TEST_VENDOR_KEY",
                                   "FINCHAT_TEST_NO_SUCH_KEY", {"A"})
                   .ok());
  EXPECT_FALSE(vendor_feed_options("bloomberg", "", "FINCHAT_TEST_VENDOR_KEY", "", {"A"}).ok());
}

TEST(VendorWsFeed, FixtureReplayCountsGapsAndDropsBadTicksAcrossAReconnect) {
  std::map<std::string, uint64_t> counts;
  std::vector<std::string> sent;
  run_replay(Vendor::polygon,
             std::string(FINCHAT_SOURCE_DIR) + "/src/market/testdata/polygon_reconnect.jsonl", 4,
             &counts, &sent);
  EXPECT_EQ(counts["gaps"], 1u);  // NOVA q 2 -> 5
  EXPECT_EQ(counts["missing"], 2u);
  EXPECT_GE(counts["duplicate"], 2u);  // the q=5 repeat, and the frame resent after reconnect
  EXPECT_GE(counts["out_of_order"], 1u);
  EXPECT_GE(counts["malformed"], 2u);  // the non-JSON frame and the trade with a text price
  ASSERT_GE(sent.size(), 2u);
  EXPECT_NE(sent[0].find("test-key"), std::string::npos) << sent[0];
  EXPECT_NE(sent[1].find("T.NOVA"), std::string::npos) << sent[1];
}

bool have_shared() {
  return std::filesystem::exists(std::string(FINCHAT_SHARED_DIR) + "/data/market_streams");
}

TEST(VendorWsFeed, RecordedAlpacaFrames) {
  if (!have_shared()) GTEST_SKIP() << "shared market_streams missing";
  std::vector<std::string> sent;
  run_replay(Vendor::alpaca,
             std::string(FINCHAT_SHARED_DIR) + "/data/market_streams/alpaca_v2_stocks.jsonl", 1,
             nullptr, &sent);
  ASSERT_GE(sent.size(), 2u);
  EXPECT_NE(sent[0].find("test-secret"), std::string::npos);
}

TEST(VendorWsFeed, RecordedPolygonFrames) {
  if (!have_shared()) GTEST_SKIP() << "shared market_streams missing";
  run_replay(Vendor::polygon,
             std::string(FINCHAT_SHARED_DIR) + "/data/market_streams/polygon_massive_stocks.jsonl",
             1);
}

TEST(VendorWsFeed, RecordedFinnhubFrames) {
  if (!have_shared()) GTEST_SKIP() << "shared market_streams missing";
  std::vector<std::string> sent;
  run_replay(Vendor::finnhub,
             std::string(FINCHAT_SHARED_DIR) + "/data/market_streams/finnhub_trades.jsonl", 1,
             nullptr, &sent);
  ASSERT_FALSE(sent.empty());
  EXPECT_NE(sent.back().find("token=test-key"), std::string::npos) << sent.back();
}

}  // namespace
}  // namespace finchat::market
