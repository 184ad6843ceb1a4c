#include "http/server.hpp"

#include <openssl/ssl.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <list>
#include <map>
#include <mutex>
#include <thread>

#include "core/log.hpp"
#include "http/sse.hpp"

namespace finchat::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

namespace {

using BeastRequest = bhttp::request<bhttp::string_body>;

Request to_request(const BeastRequest& msg, const std::string& remote_ip, bool tls) {
  Request r;
  r.method = std::string(msg.method_string());
  r.target = std::string(msg.target());
  auto q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = parse_query(std::string_view(r.target).substr(q + 1));
  for (const auto& f : msg) {
    std::string name(f.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    r.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  r.body = msg.body();
  r.remote_ip = remote_ip;
  r.tls = tls;
  return r;
}

bhttp::response<bhttp::string_body> to_beast(Response& res, unsigned version, bool keep_alive,
                                             bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "finchat");
  for (auto& [k, v] : res.headers) out.set(k, v);
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  if (head) out.body().clear();
  return out;
}

Response problem_for_read_error(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) {
    return Response::problem(413, "Content Too Large", "request body exceeds the size limit");
  }
  if (ec == bhttp::error::header_limit) {
    return Response::problem(431, "Request Header Fields Too Large",
                             "request headers exceed the size limit");
  }
  return Response::problem(400, "Bad Request", "malformed HTTP request: " + ec.message());
}

template <class Stream>
auto& lowest(Stream& s) {
  return beast::get_lowest_layer(s);
}

}  // namespace

struct Server::Impl {
  HttpConfig cfg;
  std::shared_ptr<Pipeline> pipeline;
  asio::io_context ioc;
  asio::thread_pool workers;
  std::optional<tcp::acceptor> plain;
  std::optional<tcp::acceptor> secure;
  std::optional<asio::ssl::context> ssl_ctx;
  std::optional<asio::signal_set> signals;
  std::atomic<size_t> in_flight{0};
  std::atomic<bool> stopping{false};
  std::map<std::string, WsHandler> ws_routes;
  std::mutex sse_mu;
  std::list<std::weak_ptr<SseStream>> sse_streams;

  Impl(HttpConfig c, std::shared_ptr<Pipeline> p)
      : cfg(std::move(c)), pipeline(std::move(p)), ioc(cfg.io_threads),
        workers(static_cast<size_t>(cfg.worker_threads)) {}

  Status listen(std::optional<tcp::acceptor>& acc, int port) {
    beast::error_code ec;
    auto addr = asio::ip::make_address(cfg.host, ec);
    if (ec) return Error::invalid("http.host is not an IP address: " + cfg.host, "http.host");
    tcp::endpoint ep(addr, static_cast<unsigned short>(port));
    acc.emplace(ioc);
    acc->open(ep.protocol(), ec);
    if (!ec) acc->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acc->bind(ep, ec);
    if (!ec) acc->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Error::unavailable("cannot listen on " + cfg.host + ":" + std::to_string(port) +
                                ": " + ec.message());
    }
    return {};
  }

  Status setup_tls() {
    try {
      ssl_ctx.emplace(asio::ssl::context::tls_server);
      ssl_ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
      SSL_CTX_set_min_proto_version(ssl_ctx->native_handle(), TLS1_2_VERSION);
      SSL_CTX_set_cipher_list(ssl_ctx->native_handle(),
                              "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:!RC4:!3DES");
      ssl_ctx->use_certificate_chain_file(cfg.tls_cert);
      ssl_ctx->use_private_key_file(cfg.tls_key, asio::ssl::context::pem);
    } catch (const std::exception& e) {
      return Error::invalid(std::string("TLS setup failed (http.tls_cert/http.tls_key): ") + e.what(),
                            "http.tls_cert");
    }
    return {};
  }

  awaitable<void> accept_loop(tcp::acceptor& acc, bool tls) {
    for (;;) {
      beast::error_code ec;
      tcp::socket sock =
          co_await acc.async_accept(asio::make_strand(ioc), asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (!acc.is_open() || stopping) co_return;
        continue;
      }
      sock.set_option(tcp::no_delay(true), ec);
      auto ex = sock.get_executor();
      if (tls) {  // NOLINT(bugprone-branch-clone): the branches spawn different coroutines
        asio::co_spawn(ex, serve_tls(std::move(sock)), asio::detached);
      } else {
        asio::co_spawn(ex, serve_plain(std::move(sock)), asio::detached);
      }
    }
  }

  static std::string peer_ip(const tcp::socket& s) {
    beast::error_code ec;
    auto ep = s.remote_endpoint(ec);
    return ec ? std::string("unknown") : ep.address().to_string();
  }

  awaitable<void> serve_plain(tcp::socket sock) {
    std::string ip = peer_ip(sock);
    beast::tcp_stream stream(std::move(sock));
    bool upgraded = co_await serve_connection(stream, ip, false);
    if (!upgraded) {
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  awaitable<void> serve_tls(tcp::socket sock) {
    std::string ip = peer_ip(sock);
    asio::ssl::stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(sock)), *ssl_ctx);
    lowest(stream).expires_after(std::chrono::milliseconds(cfg.idle_timeout_ms));
    beast::error_code ec;
    co_await stream.async_handshake(asio::ssl::stream_base::server,
                                    asio::redirect_error(use_awaitable, ec));
    if (ec) {
      log::get("http")->debug("TLS handshake from {} failed: {}", ip, ec.message());
      co_return;  // plain HTTP on the TLS port ends here
    }
    bool upgraded = co_await serve_connection(stream, ip, true);
    if (!upgraded) {
      lowest(stream).expires_after(std::chrono::seconds(2));
      co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ec));
    }
  }

  template <class Stream>
  awaitable<Response> dispatch(Stream& stream, Request& req) {
    in_flight++;
    Response res;
    if (pipeline->should_offload(req)) {
      res = co_await asio::co_spawn(
          workers, [&]() -> awaitable<Response> { co_return pipeline->handle(req); },
          use_awaitable);
    } else {
      res = pipeline->handle(req);
    }
    (void)stream;
    in_flight--;
    co_return res;
  }

  // Returns true when the connection was handed to a WebSocket session.
  template <class Stream>
  awaitable<bool> serve_connection(Stream& stream, const std::string& ip, bool tls) {
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(cfg.max_header_bytes));
      parser.body_limit(static_cast<std::uint64_t>(cfg.max_body_bytes));
      // One deadline for the whole request: a slow-loris client is cut off here.
      lowest(stream).expires_after(std::chrono::milliseconds(cfg.idle_timeout_ms));
      beast::error_code ec;
      co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::eof || ec == asio::error::connection_reset ||
          ec == asio::error::operation_aborted) {
        co_return false;
      }
      if (ec) {
        Request bad;
        bad.remote_ip = ip;
        Response res = problem_for_read_error(ec);
        res.set_header("X-Request-Id", accept_or_generate_request_id(""));
        add_security_headers(res, tls);
        auto out = to_beast(res, 11, false, false);
        lowest(stream).expires_after(std::chrono::seconds(5));
        co_await bhttp::async_write(stream, out, asio::redirect_error(use_awaitable, ec));
        co_return false;
      }
      BeastRequest msg = parser.release();
      Request req = to_request(msg, ip, tls);
      if (websocket::is_upgrade(msg)) {
        co_return co_await upgrade_websocket(stream, msg, req);
      }
      Response res = co_await dispatch(stream, req);
      if (res.sse) {
        co_await stream_events(stream, msg.version(), res);
        co_return false;
      }
      bool keep_alive = msg.keep_alive() && !stopping;
      auto out = to_beast(res, msg.version(), keep_alive, req.method == "HEAD");
      lowest(stream).expires_after(std::chrono::milliseconds(cfg.request_timeout_ms));
      co_await bhttp::async_write(stream, out, asio::redirect_error(use_awaitable, ec));
      if (ec || !keep_alive) co_return false;
    }
  }

  template <class Stream>
  awaitable<void> stream_events(Stream& stream, unsigned version, Response& res) {
    auto sse = res.sse;
    register_sse(sse);
    bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(res.status), version};
    head.set(bhttp::field::server, "finchat");
    for (auto& [k, v] : res.headers) head.set(k, v);
    head.chunked(true);
    head.keep_alive(false);
    bhttp::response_serializer<bhttp::empty_body> sr{head};
    beast::error_code ec;
    lowest(stream).expires_after(std::chrono::milliseconds(cfg.request_timeout_ms));
    co_await bhttp::async_write_header(stream, sr, asio::redirect_error(use_awaitable, ec));
    auto wake = std::make_shared<asio::steady_timer>(lowest(stream).get_executor());
    auto ex = lowest(stream).get_executor();
    sse->set_notifier([wake, ex] { asio::post(ex, [wake] { wake->cancel(); }); });
    auto last_write = std::chrono::steady_clock::now();
    while (!ec) {
      std::string pending = sse->drain();
      if (pending.empty() && sse->finished()) break;
      if (pending.empty() && std::chrono::steady_clock::now() - last_write > std::chrono::seconds(15)) {
        pending = ": keep-alive\n\n";  // detects dead clients and keeps proxies open
      }
      if (!pending.empty()) {
        lowest(stream).expires_after(std::chrono::seconds(30));
        co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(pending)),
                                   asio::redirect_error(use_awaitable, ec));
        last_write = std::chrono::steady_clock::now();
        continue;
      }
      wake->expires_after(std::chrono::seconds(15));
      beast::error_code wait_ec;
      co_await wake->async_wait(asio::redirect_error(use_awaitable, wait_ec));
    }
    sse->set_notifier({});
    if (ec) {
      sse->cancel();  // the client went away: producers stop
    } else {
      co_await asio::async_write(stream, bhttp::make_chunk_last(),
                                 asio::redirect_error(use_awaitable, ec));
    }
  }

  void register_sse(const std::shared_ptr<SseStream>& s) {
    std::lock_guard lock(sse_mu);
    sse_streams.remove_if([](const auto& w) { return w.expired(); });
    sse_streams.push_back(s);
  }

  template <class Stream>
  awaitable<bool> upgrade_websocket(Stream& stream, BeastRequest& msg, Request& req) {
    auto it = ws_routes.find(req.path);
    Response check = co_await dispatch(stream, req);  // auth and policy of the GET route
    beast::error_code ec;
    if (it == ws_routes.end() || check.status >= 300) {
      if (it == ws_routes.end() && check.status < 300) {
        check = Response::problem(404, "Not Found", "no WebSocket endpoint at " + req.path);
      }
      auto out = to_beast(check, msg.version(), false, false);
      co_await bhttp::async_write(stream, out, asio::redirect_error(use_awaitable, ec));
      co_return false;
    }
    websocket::stream<Stream> ws(std::move(stream));
    lowest(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws.read_message_max(static_cast<std::uint64_t>(cfg.max_body_bytes));
    co_await ws.async_accept(msg, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return true;
    beast::flat_buffer buf;
    for (;;) {
      co_await ws.async_read(buf, asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      std::string text = beast::buffers_to_string(buf.data());
      buf.consume(buf.size());
      std::optional<std::string> reply;
      try {
        reply = it->second(req, text);
      } catch (const std::exception& e) {
        log::get("http")->error("websocket handler failed: {}", e.what());
        break;
      }
      if (reply) {
        ws.text(true);
        co_await ws.async_write(asio::buffer(*reply), asio::redirect_error(use_awaitable, ec));
        if (ec) break;
      }
    }
    co_return true;
  }

  awaitable<void> drain() {
    beast::error_code ec;
    if (plain) plain->close(ec);
    if (secure) secure->close(ec);
    {
      std::lock_guard lock(sse_mu);
      for (auto& w : sse_streams) {
        if (auto s = w.lock()) s->close();
      }
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(cfg.drain_timeout_ms);
    asio::steady_timer t(ioc);
    while (in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
      t.expires_after(std::chrono::milliseconds(20));
      co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    if (in_flight > 0) log::get("http")->warn("drain timeout with {} requests in flight", in_flight.load());
    ioc.stop();
  }
};

Server::Server(HttpConfig config, std::shared_ptr<Pipeline> pipeline)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(pipeline))) {}

Server::~Server() {
  impl_->workers.join();
}

Status Server::start() {
  if (auto st = impl_->listen(impl_->plain, impl_->cfg.port); !st) return st;
  if (impl_->cfg.tls_port != 0) {
    if (auto st = impl_->setup_tls(); !st) return st;
    if (auto st = impl_->listen(impl_->secure, impl_->cfg.tls_port); !st) return st;
  }
  asio::co_spawn(impl_->ioc, impl_->accept_loop(*impl_->plain, false), asio::detached);
  if (impl_->secure) {
    asio::co_spawn(impl_->ioc, impl_->accept_loop(*impl_->secure, true), asio::detached);
  }
  return {};
}

int Server::port() const { return impl_->plain ? impl_->plain->local_endpoint().port() : 0; }
int Server::tls_port() const { return impl_->secure ? impl_->secure->local_endpoint().port() : 0; }

void Server::run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->cfg.io_threads; ++i) {
    threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  if (impl_->stopping.exchange(true)) return;
  asio::co_spawn(impl_->ioc, impl_->drain(), asio::detached);
}

void Server::stop_on_signals() {
  impl_->signals.emplace(impl_->ioc, SIGTERM, SIGINT);
  impl_->signals->async_wait([this](const beast::error_code& ec, int sig) {
    if (ec) return;
    log::get("http")->info("signal {} received: draining", sig);
    stop();
  });
}

void Server::add_websocket(const std::string& path, WsHandler handler) {
  impl_->ws_routes[path] = std::move(handler);
}

size_t Server::in_flight() const { return impl_->in_flight.load(); }

}  // namespace finchat::http
