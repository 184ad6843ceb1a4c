// Chat load generator: N simulated users, each with its own conversation, sending a message
// every 5–15 s (uniform) and reading the streamed answer (SSE). Prints time to first token
// and full-answer latency (p50/p99) overall and per kind of question, errors, and the
// server's peak resident memory when its pid is given.
//   chat_load --port P --token BEARER [--users 1000] [--duration 60] [--server-pid PID]
#include <boost/asio.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace asio = boost::asio;
using asio::awaitable;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int port = 0;
  std::string token;
  int users = 1000;
  int duration_s = 60;
  double min_gap_s = 5;
  double max_gap_s = 15;
  int server_pid = 0;
};

struct Question {
  const char* kind;
  const char* text;
};

const std::vector<Question> kMix = {
    {"quote", "How is NOVA doing today?"},
    {"quote", "price of QBIT"},
    {"analysis", "What's CLDX's RSI?"},
    {"trends", "Is the market trending up?"},
    {"faq", "How do I reset my PIN?"},
    {"faq", "What's the fee for an international wire?"},
    {"smalltalk", "hello"},
    {"troubleshoot", "my card was declined"},
};

struct Sample {
  std::string kind;
  double ttft_ms = -1;
  double total_ms = 0;
  bool ok = false;
};

struct Stats {
  std::vector<Sample> samples;
  int connect_errors = 0;
  long peak_rss_kb = 0;
};

std::string request(const Options& o, const std::string& method, const std::string& target,
                    const std::string& body, bool stream) {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  r += "Authorization: Bearer " + o.token + "\r\n";
  r += "Content-Type: application/json\r\nConnection: close\r\n";
  if (stream) r += "Accept: text/event-stream\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return r;
}

// Sends one request on a fresh connection and reads until the server closes it. `first_token`
// is set when the first SSE token event arrives.
awaitable<std::string> exchange(const Options& o, const std::string& req,
                                Clock::time_point* first_token) {
  auto ex = co_await asio::this_coro::executor;
  tcp::socket sock(ex);
  co_await sock.async_connect(
      {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(o.port)},
      asio::use_awaitable);
  co_await asio::async_write(sock, asio::buffer(req), asio::use_awaitable);
  std::string data;
  char buf[8192];
  for (;;) {
    boost::system::error_code ec;
    size_t n = co_await sock.async_read_some(asio::buffer(buf),
                                             asio::redirect_error(asio::use_awaitable, ec));
    if (n) data.append(buf, n);
    if (first_token && *first_token == Clock::time_point{} &&
        data.find("event: token") != std::string::npos) {
      *first_token = Clock::now();
    }
    if (ec) break;
  }
  co_return data;
}

int status_of(const std::string& response) {
  if (response.size() < 12 || response.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::atoi(response.c_str() + 9);
}

std::string conversation_id(const std::string& response) {
  auto at = response.find("\"id\":\"");
  if (at == std::string::npos) return "";
  at += 6;
  return response.substr(at, response.find('"', at) - at);
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

awaitable<void> user(const Options& o, int index, Clock::time_point end, Stats& stats) {
  auto ex = co_await asio::this_coro::executor;
  std::mt19937 rng(static_cast<unsigned>(index) * 7919U + 17U);
  std::uniform_real_distribution<double> gap(o.min_gap_s, o.max_gap_s);
  asio::steady_timer timer(ex);
  // Spread the start over the first gap so the users do not all arrive together.
  timer.expires_after(
      std::chrono::milliseconds(static_cast<int>(gap(rng) * 1000 * index / o.users)));
  co_await timer.async_wait(asio::use_awaitable);
  std::string conv;
  try {
    auto created =
        co_await exchange(o, request(o, "POST", "/v1/conversations", "{}", false), nullptr);
    if (status_of(created) == 201 || status_of(created) == 200) conv = conversation_id(created);
  } catch (const std::exception&) {
  }
  if (conv.empty()) {
    ++stats.connect_errors;
    co_return;
  }
  while (Clock::now() < end) {
    const Question& q = kMix[rng() % kMix.size()];
    Sample s{q.kind};
    Clock::time_point first{};
    auto start = Clock::now();
    try {
      std::string body = std::string("{\"content\":\"") + q.text + "\"}";
      auto resp = co_await exchange(
          o, request(o, "POST", "/v1/conversations/" + conv + "/messages", body, true), &first);
      s.ok = status_of(resp) == 200 && resp.find("event: done") != std::string::npos;
    } catch (const std::exception&) {
      s.ok = false;
    }
    s.total_ms = ms(Clock::now() - start);
    if (first != Clock::time_point{}) s.ttft_ms = ms(first - start);
    stats.samples.push_back(s);
    auto wait = std::chrono::milliseconds(static_cast<int>(gap(rng) * 1000));
    if (Clock::now() + wait >= end) break;
    timer.expires_after(wait);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

long rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

awaitable<void> sample_memory(const Options& o, Clock::time_point end, Stats& stats) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (o.server_pid && Clock::now() < end) {
    stats.peak_rss_kb = std::max(stats.peak_rss_kb, rss_kb(o.server_pid));
    timer.expires_after(std::chrono::seconds(1));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void report(const Stats& stats, const Options& o) {
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> by_kind;
  int errors = stats.connect_errors;
  for (const auto& s : stats.samples) {
    if (!s.ok) {
      ++errors;
      continue;
    }
    auto& [ttft, total] = by_kind[s.kind];
    if (s.ttft_ms >= 0) ttft.push_back(s.ttft_ms);
    total.push_back(s.total_ms);
    auto& [all_ttft, all_total] = by_kind["ALL"];
    if (s.ttft_ms >= 0) all_ttft.push_back(s.ttft_ms);
    all_total.push_back(s.total_ms);
  }
  std::cout << "chat load: " << o.users << " users, " << o.duration_s << " s, a message every "
            << o.min_gap_s << "-" << o.max_gap_s << " s each\n";
  std::printf("%-13s %7s %10s %10s %10s %10s\n", "kind", "answers", "ttft p50", "ttft p99",
              "full p50", "full p99");
  for (const auto& [kind, v] : by_kind) {
    std::printf("%-13s %7zu %8.1fms %8.1fms %8.1fms %8.1fms\n", kind.c_str(), v.second.size(),
                percentile(v.first, 0.5), percentile(v.first, 0.99), percentile(v.second, 0.5),
                percentile(v.second, 0.99));
  }
  std::cout << "errors " << errors << " (of " << stats.samples.size() + stats.connect_errors
            << " requests)\n";
  if (o.server_pid) std::cout << "server peak RSS " << stats.peak_rss_kb / 1024 << " MiB\n";
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    std::string v = argv[i + 1];
    if (k == "--port")
      o.port = std::stoi(v);
    else if (k == "--token")
      o.token = v;
    else if (k == "--users")
      o.users = std::stoi(v);
    else if (k == "--duration")
      o.duration_s = std::stoi(v);
    else if (k == "--min-gap")
      o.min_gap_s = std::stod(v);
    else if (k == "--max-gap")
      o.max_gap_s = std::stod(v);
    else if (k == "--server-pid")
      o.server_pid = std::stoi(v);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  if (!o.port || o.token.empty()) {
    std::cerr << "usage: chat_load --port P --token BEARER [--users N] [--duration S] "
                 "[--min-gap S] [--max-gap S] [--server-pid PID]\n";
    return 2;
  }
  asio::io_context io(1);
  Stats stats;
  auto end = Clock::now() + std::chrono::seconds(o.duration_s);
  for (int i = 0; i < o.users; ++i) asio::co_spawn(io, user(o, i, end, stats), asio::detached);
  asio::co_spawn(io, sample_memory(o, end, stats), asio::detached);
  io.run();
  report(stats, o);
  return 0;
}
