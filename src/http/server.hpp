#pragma once
// The asynchronous HTTP/1.1 server on Boost.Beast/Asio (C++20 coroutines): N io threads,
// a worker pool for handlers that may block, keep-alive, TCP_NODELAY, header/body/idle
// limits, SSE, WebSocket upgrade, optional TLS, and graceful drain on stop().
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "core/config.hpp"
#include "http/pipeline.hpp"

namespace finchat::http {

// A WebSocket route answers each text message with zero or one reply.
using WsHandler = std::function<std::optional<std::string>(const Request&, const std::string&)>;

class Server {
 public:
  Server(HttpConfig config, std::shared_ptr<Pipeline> pipeline);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listeners (port 0 picks a free one). Fails with a clear error.
  Status start();
  int port() const;
  int tls_port() const;
  // Runs until stop() completes. Blocks the caller, which becomes one of the io threads.
  void run();
  // Stops accepting, waits for in-flight requests up to the drain timeout, then returns
  // from run(). Safe to call from any thread or a signal handler's strand.
  void stop();
  // Installs SIGTERM/SIGINT handling that calls stop().
  void stop_on_signals();

  void add_websocket(const std::string& path, WsHandler handler);
  size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace finchat::http
