#include "market/ws_feed.hpp"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <cstdlib>

#include "core/log.hpp"

namespace finchat::market {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

struct VendorWsFeed::Session {
  std::function<void(const std::string&)> send;
  bool authenticated = false;
  bool auth_failed = false;
  std::string auth_error;
};

namespace {

std::string join(const std::vector<std::string>& items, const std::string& prefix) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += prefix;
    out += s;
  }
  return out;
}

void set_socket_timeouts(int fd, int ms) {
  timeval tv{ms / 1000, (ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  // Linux: bounds connect() too
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
}

}  // namespace

const char* default_vendor_url(Vendor v) {
  switch (v) {
    case Vendor::alpaca: return "wss://stream.data.alpaca.markets/v2/iex";
    case Vendor::polygon: return "wss://socket.polygon.io/stocks";
    case Vendor::finnhub: return "wss://ws.finnhub.io";
  }
  return "";
}

Result<WsUrl> parse_ws_url(const std::string& url) {
  WsUrl u;
  std::string rest;
  if (url.rfind("ws://", 0) == 0) {
    rest = url.substr(5);
  } else if (url.rfind("wss://", 0) == 0) {
    u.tls = true;
    rest = url.substr(6);
  } else {
    return Error::invalid("vendor URL must start with ws:// or wss://", "market.vendor_url");
  }
  const auto slash = rest.find_first_of("/?");
  std::string hostport = rest.substr(0, slash);
  if (slash != std::string::npos) u.target = rest.substr(slash);
  if (u.target.front() == '?') u.target = "/" + u.target;
  const auto colon = hostport.rfind(':');
  u.host = hostport.substr(0, colon);
  u.port = colon == std::string::npos ? (u.tls ? "443" : "80") : hostport.substr(colon + 1);
  if (u.host.empty() || u.port.empty() ||
      u.port.find_first_not_of("0123456789") != std::string::npos) {
    return Error::invalid("bad host or port in vendor URL", "market.vendor_url");
  }
  return u;
}

Result<VendorFeedOptions> vendor_feed_options(const std::string& vendor, const std::string& url,
                                              const std::string& key_env,
                                              const std::string& secret_env,
                                              std::vector<std::string> symbols) {
  auto v = parse_vendor(vendor);
  if (!v) return Error::invalid("unknown vendor '" + vendor + "'", "market.feed");
  VendorFeedOptions o;
  o.vendor = *v;
  o.url = url.empty() ? default_vendor_url(*v) : url;
  if (auto parsed = parse_ws_url(o.url); !parsed) return parsed.error();
  const char* key = key_env.empty() ? nullptr : std::getenv(key_env.c_str());
  if (!key || !*key) {
    return Error::invalid("the API key variable " + key_env + " is not set",
                          "market.vendor_key_env");
  }
  o.key = key;
  if (*v == Vendor::alpaca) {
    const char* secret = secret_env.empty() ? nullptr : std::getenv(secret_env.c_str());
    if (!secret || !*secret) {
      return Error::invalid("the API secret variable " + secret_env + " is not set",
                            "market.vendor_secret_env");
    }
    o.secret = secret;
  }
  o.symbols = std::move(symbols);
  return o;
}

VendorWsFeed::VendorWsFeed(VendorFeedOptions options) : options_(std::move(options)) {}

VendorWsFeed::~VendorWsFeed() { stop(); }

Status VendorWsFeed::start() {
  auto parsed = parse_ws_url(options_.url);
  if (!parsed) return parsed.error();
  url_ = *parsed;
  if (running_) return {};
  running_ = true;
  thread_ = std::thread([this] { loop(); });
  return {};
}

void VendorWsFeed::stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    running_ = false;
    // Unblocks a blocking read or write on the live connection; the session then ends.
    if (live_fd_ >= 0) ::shutdown(live_fd_, SHUT_RDWR);
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::map<std::string, uint64_t> VendorWsFeed::counts() const {
  std::lock_guard lock(mu_);
  auto out = guard_.counts();
  for (const auto& [k, v] : counters_) out[k] = v;
  return out;
}

bool VendorWsFeed::wait_accepted(uint64_t n, int timeout_ms) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [&] { return guard_.counts().at("accepted") >= n; });
}

void VendorWsFeed::backoff(int& delay_ms) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return !running_.load(); });
  delay_ms = std::min(delay_ms * 2, options_.backoff_max_ms);
}

void VendorWsFeed::handle_frame(const std::string& text, Session& session) {
  auto parsed = parse_frame(options_.vendor, text);
  std::vector<Tick> accepted;
  {
    std::lock_guard lock(mu_);
    ++counters_["frames"];
    if (!parsed) {
      guard_.count("malformed");
      log::get("market")->debug("{}: dropped frame: {}", source(), parsed.error().message);
      return;
    }
    if (!parsed->skipped.empty()) guard_.count("malformed", parsed->skipped.size());
    for (auto& t : parsed->trades) {
      if (guard_.check(t).empty()) accepted.push_back(std::move(t));
    }
  }
  for (const auto& s : parsed->skipped) log::get("market")->debug("{}: skipped {}", source(), s);
  for (const auto& c : parsed->control) {
    if (c.kind == "connected") {
      if (options_.vendor == Vendor::alpaca) {
        session.send(alpaca_auth_message(options_.key, options_.secret));
      } else if (options_.vendor == Vendor::polygon) {
        session.send(polygon_auth_message(options_.key));
      }
    } else if (c.kind == "authenticated" && !session.authenticated) {
      session.authenticated = true;
      if (options_.vendor == Vendor::alpaca) {
        session.send(alpaca_subscribe_message(options_.symbols, {}, {}));
      } else if (options_.vendor == Vendor::polygon) {
        session.send(polygon_subscribe_message({join(options_.symbols, "T.")}));
      }
    } else if (c.kind == "auth_failed") {
      session.auth_failed = true;
      session.auth_error = c.message;
    } else if (c.kind == "error") {
      log::get("market")->warn("{}: vendor error {}: {}", source(), c.code, c.message);
    }
  }
  if (!accepted.empty()) {
    emit_all(accepted);
    cv_.notify_all();
  }
}

namespace {

// Connects the lowest layer, registering its descriptor so stop() can interrupt it.
template <class Socket>
Status connect_socket(Socket& sock, const tcp::resolver::results_type& endpoints, int timeout_ms,
                      const std::function<void(int)>& register_fd) {
  boost::system::error_code ec;
  for (const auto& ep : endpoints) {
    sock.close(ec);
    sock.open(ep.endpoint().protocol(), ec);
    if (ec) continue;
    set_socket_timeouts(sock.native_handle(), timeout_ms);
    register_fd(sock.native_handle());
    sock.connect(ep.endpoint(), ec);
    if (!ec) return {};
  }
  return Error::unavailable("cannot connect: " + ec.message());
}

// Forgets the registered descriptor before the socket that owns it is closed, so stop() can
// never shut down a reused descriptor number.
class FdRegistration {
 public:
  FdRegistration(std::mutex& mu, int& fd) : mu_(mu), fd_(fd) {}
  ~FdRegistration() {
    std::lock_guard lock(mu_);
    fd_ = -1;
  }
  FdRegistration(const FdRegistration&) = delete;
  FdRegistration& operator=(const FdRegistration&) = delete;

 private:
  std::mutex& mu_;
  int& fd_;
};

}  // namespace

void VendorWsFeed::loop() {
  int delay_ms = options_.backoff_initial_ms;
  bool first = true;
  while (running_) {
    {
      std::lock_guard lock(mu_);
      ++counters_[first ? "connects" : "reconnects"];
    }
    first = false;
    uint64_t frames_before = counts()["frames"];
    Status st = Error::unavailable("not connected");
    try {
      net::io_context ioc;
      tcp::resolver resolver(ioc);
      boost::system::error_code ec;
      auto endpoints = resolver.resolve(url_.host, url_.port, ec);
      if (ec) throw std::runtime_error("cannot resolve " + url_.host + ": " + ec.message());
      std::string target = url_.target;
      if (options_.vendor == Vendor::finnhub) {  // Finnhub authenticates with a URL token
        target += (target.find('?') == std::string::npos ? "?token=" : "&token=") + options_.key;
      }
      auto register_fd = [this](int fd) {
        std::lock_guard lock(mu_);
        live_fd_ = running_ ? fd : -1;
        if (!running_) ::shutdown(fd, SHUT_RDWR);
      };
      auto run = [&](auto& ws) -> Status {
        ws.handshake(url_.host, target);
        ws.text(true);
        Session session;
        session.send = [&ws](const std::string& text) { ws.write(net::buffer(text)); };
        if (options_.vendor == Vendor::finnhub) {
          for (const auto& s : options_.symbols) session.send(finnhub_subscribe_message(s));
        }
        boost::beast::flat_buffer buffer;
        while (running_) {
          buffer.clear();
          ws.read(buffer);
          handle_frame(boost::beast::buffers_to_string(buffer.data()), session);
          if (session.auth_failed)
            return Error::unauthenticated("authentication failed: " + session.auth_error);
        }
        return {};
      };
      if (url_.tls) {
        ssl::context ctx(ssl::context::tls_client);
        ctx.set_default_verify_paths();
        ctx.set_verify_mode(ssl::verify_peer);
        websocket::stream<ssl::stream<tcp::socket>> ws(ioc, ctx);
        FdRegistration registration(mu_, live_fd_);  // destroyed before the socket closes
        auto& tls = ws.next_layer();
        SSL_set_tlsext_host_name(tls.native_handle(), url_.host.c_str());
        tls.set_verify_callback(ssl::host_name_verification(url_.host));
        if (auto c = connect_socket(tls.next_layer(), endpoints, options_.connect_timeout_ms,
                                    register_fd);
            !c) {
          throw std::runtime_error(c.error().message);
        }
        tls.handshake(ssl::stream_base::client);
        st = run(ws);
      } else {
        websocket::stream<tcp::socket> ws(ioc);
        FdRegistration registration(mu_, live_fd_);  // destroyed before the socket closes
        if (auto c = connect_socket(ws.next_layer(), endpoints, options_.connect_timeout_ms,
                                    register_fd);
            !c) {
          throw std::runtime_error(c.error().message);
        }
        st = run(ws);
      }
    } catch (const std::exception& e) {
      st = Error::unavailable(e.what());
    }
    {
      std::lock_guard lock(mu_);
      live_fd_ = -1;
      ++counters_["disconnects"];
    }
    if (!running_) break;
    log::get("market")->warn("{} feed: {}; reconnecting in {} ms", source(), st.error().message,
                             delay_ms);
    // A session that delivered frames was healthy: start the backoff from the beginning.
    if (counts()["frames"] > frames_before + 1) delay_ms = options_.backoff_initial_ms;
    backoff(delay_ms);
  }
}

Result<std::shared_ptr<Feed>> make_vendor_feed(const VendorFeedOptions& options) {
  if (auto u = parse_ws_url(options.url); !u) return u.error();
  if (options.symbols.empty())
    return Error::invalid("no symbols to subscribe to", "market.symbols");
  return std::shared_ptr<Feed>(std::make_shared<VendorWsFeed>(options));
}

}  // namespace finchat::market
