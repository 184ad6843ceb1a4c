// End-to-end tick-to-SSE latency through the real HTTP server: a producer injects ticks at a
// fixed rate into MarketState + MarketService (what a feed callback does), and raw TCP clients
// hold /v1/market/stream open and timestamp every `tick` event they read. Prints p50/p90/p99/
// max latency and the delivery ratio. Not a Google Benchmark: run it directly, e.g.
//   build/<dir>/bench/market_sse_bench --symbols 100 --rate 1000 --clients 200 --seconds 10
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "api/market_routes.hpp"
#include "core/log.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"

namespace {

using namespace finchat;
using Steady = std::chrono::steady_clock;

struct Args {
  int symbols = 100;
  int rate = 1000;  // ticks per second, all symbols together
  int clients = 200;
  int per_client = 50;  // symbols each client subscribes to (the route's maximum)
  double seconds = 10;
  double warmup = 1;
};

Args parse_args(int argc, char** argv) {
  Args a;
  std::map<std::string, double*> dbl = {{"--seconds", &a.seconds}, {"--warmup", &a.warmup}};
  std::map<std::string, int*> ints = {{"--symbols", &a.symbols},
                                      {"--rate", &a.rate},
                                      {"--clients", &a.clients},
                                      {"--per-client", &a.per_client}};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (ints.count(argv[i])) *ints[argv[i]] = std::atoi(argv[i + 1]);
    if (dbl.count(argv[i])) *dbl[argv[i]] = std::atof(argv[i + 1]);
  }
  a.per_client = std::min(a.per_client, a.symbols);
  return a;
}

class AnyBearer : public http::Authenticator {
 public:
  Result<http::Principal> authenticate(const http::Request& r) override {
    std::string h = r.header("authorization");
    if (h.rfind("Bearer ", 0) != 0) return Error::unauthenticated("no token");
    std::string who = h.substr(7);
    return http::Principal{who, who, "customer", {}, "bench", "j-" + who, false};
  }
};

std::string symbol_name(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "S%03d", i);
  return buf;
}

int connect_client(int port, const std::string& symbols, int id) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::perror("connect");
    std::exit(1);
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::string req = "GET /v1/market/stream?symbols=" + symbols +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    "Authorization: Bearer c" +
                    std::to_string(id) + "\r\n\r\n";
  if (::send(fd, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) std::exit(1);
  return fd;
}

struct Reader {
  std::vector<int> fds;
  std::vector<std::string> buffers;
  std::vector<int64_t> latencies_us;
  uint64_t events = 0;
};

// Reads SSE frames from its share of the clients until `stop`; a tick's `size` is its index.
void read_loop(Reader& r, const std::vector<Steady::time_point>& sent, std::atomic<bool>& stop,
               Steady::time_point measure_from) {
  std::vector<pollfd> pfds;
  for (int fd : r.fds) pfds.push_back({fd, POLLIN, 0});
  r.buffers.assign(r.fds.size(), {});
  char chunk[65536];
  while (!stop) {
    if (::poll(pfds.data(), pfds.size(), 100) <= 0) continue;
    for (std::size_t i = 0; i < pfds.size(); ++i) {
      if (!(pfds[i].revents & POLLIN)) continue;
      ssize_t n = ::recv(pfds[i].fd, chunk, sizeof chunk, 0);
      if (n <= 0) continue;
      const auto now = Steady::now();
      std::string& buf = r.buffers[i];
      buf.append(chunk, static_cast<std::size_t>(n));
      std::size_t pos = 0;
      for (;;) {
        auto end = buf.find("\n\n", pos);
        if (end == std::string::npos) break;
        auto ev = buf.find("event: tick", pos);
        if (ev != std::string::npos && ev < end) {
          auto sz = buf.find("\"size\":", ev);
          if (sz != std::string::npos && sz < end) {
            const auto idx = static_cast<std::size_t>(std::strtod(buf.c_str() + sz + 7, nullptr));
            if (idx >= 1 && idx <= sent.size()) {
              ++r.events;
              const auto t0 = sent[idx - 1];
              if (t0 >= measure_from) {
                r.latencies_us.push_back(
                    std::chrono::duration_cast<std::chrono::microseconds>(now - t0).count());
              }
            }
          }
        }
        pos = end + 2;
      }
      buf.erase(0, pos);
    }
  }
}

double pct(std::vector<int64_t>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return static_cast<double>(v[k]) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse_args(argc, argv);
  log::get("http")->set_level(spdlog::level::warn);
  std::vector<market::InstrumentSpec> universe;
  for (int i = 0; i < a.symbols; ++i)
    universe.push_back({symbol_name(i), symbol_name(i), "Bench", {}});
  auto state = std::shared_ptr<market::MarketState>(
      market::MarketState::create(market::MarketCalendar::create({}).value()).value());
  auto service = std::make_shared<api::MarketService>(state, universe, "bench");
  auto router = std::make_shared<http::Router>();
  api::register_market_routes(*router, service);
  auto pipeline = std::make_shared<http::Pipeline>(router, http::PipelineOptions{});
  pipeline->set_authenticator(std::make_shared<AnyBearer>());
  HttpConfig hc;
  hc.port = 0;
  hc.idle_timeout_ms = 600'000;
  hc.request_timeout_ms = 600'000;
  http::Server server(hc, pipeline);
  if (auto st = server.start(); !st) {
    std::fprintf(stderr, "server: %s\n", st.error().message.c_str());
    return 1;
  }
  std::thread server_thread([&] { server.run(); });

  // Client c subscribes to a window of per_client symbols starting at c * per_client.
  const int readers_n = 2;
  std::vector<Reader> readers(readers_n);
  std::vector<int> subscribers_of(a.symbols, 0);
  for (int c = 0; c < a.clients; ++c) {
    std::string syms;
    for (int k = 0; k < a.per_client; ++k) {
      int s = (c * a.per_client + k) % a.symbols;
      ++subscribers_of[s];
      if (!syms.empty()) syms += ',';
      syms += symbol_name(s);
    }
    readers[c % readers_n].fds.push_back(connect_client(server.port(), syms, c));
  }
  for (int i = 0; i < 500 && service->subscribers() < static_cast<std::size_t>(a.clients); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::printf("clients subscribed: %zu of %d\n", service->subscribers(), a.clients);

  const std::size_t total = static_cast<std::size_t>(a.rate * (a.seconds + a.warmup));
  std::vector<Steady::time_point> sent(total);
  std::atomic<bool> stop{false};
  const auto start = Steady::now() + std::chrono::milliseconds(200);
  const auto measure_from =
      start + std::chrono::milliseconds(static_cast<int64_t>(a.warmup * 1000));
  std::vector<std::thread> reader_threads;
  for (auto& r : readers) {
    reader_threads.emplace_back([&, rp = &r] { read_loop(*rp, sent, stop, measure_from); });
  }
  std::vector<double> price(a.symbols, 100.0);
  uint64_t expected_measured = 0, expected_all = 0;
  const int64_t wall0 = SystemClock::instance().now_ms();
  for (std::size_t i = 0; i < total; ++i) {
    const auto due = start + std::chrono::nanoseconds(static_cast<int64_t>(i * 1e9 / a.rate));
    std::this_thread::sleep_until(due);
    const int s = static_cast<int>(i % static_cast<std::size_t>(a.symbols));
    price[s] *= 1.0 + ((i * 2654435761u) % 200 - 100) * 1e-6;
    market::Tick t{symbol_name(s),
                   price[s],
                   static_cast<double>(i + 1),
                   wall0 + static_cast<int64_t>(i * 1000 / a.rate),
                   0,
                   "bench"};
    sent[i] = Steady::now();
    state->on_tick(t);
    service->publish_tick(t);
    expected_all += subscribers_of[s];
    if (sent[i] >= measure_from) expected_measured += subscribers_of[s];
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  stop = true;
  for (auto& t : reader_threads) t.join();
  std::vector<int64_t> lat;
  uint64_t events = 0;
  for (auto& r : readers) {
    lat.insert(lat.end(), r.latencies_us.begin(), r.latencies_us.end());
    events += r.events;
  }
  const std::size_t measured = lat.size();
  std::printf(
      "symbols=%d rate=%d ticks/s clients=%d (x%d symbols) duration=%.1fs\n"
      "events delivered %lu of %lu (%.2f%%); measured %zu of %lu after warm-up\n"
      "tick->SSE latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
      a.symbols, a.rate, a.clients, a.per_client, a.seconds, static_cast<unsigned long>(events),
      static_cast<unsigned long>(expected_all),
      expected_all ? 100.0 * static_cast<double>(events) / static_cast<double>(expected_all) : 0.0,
      measured, static_cast<unsigned long>(expected_measured), pct(lat, 50), pct(lat, 90),
      pct(lat, 99), pct(lat, 100));
  for (auto& r : readers) {
    for (int fd : r.fds) ::close(fd);
  }
  server.stop();
  server_thread.join();
  return 0;
}
