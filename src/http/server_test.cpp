// Real HTTP over loopback against a running Server.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <thread>

#include "http/sse.hpp"

namespace finchat::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    router->add("GET", "/healthz", Policy::open(),
                [](Request&) { return Response::json(200, {{"status", "ok"}}); },
                RouteOptions{false, false});
    router->add("POST", "/echo", Policy::open(), [](Request& r) {
      auto body = parse_json_body(r);
      if (!body) return Response::from_error(body.error());
      return Response::json(200, *body);
    });
    router->add("GET", "/boom", Policy::open(),
                [](Request&) -> Response { throw std::runtime_error("boom"); });
    router->add("GET", "/slow", Policy::open(), [](Request&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return Response::text(200, "done");
    });
    router->add("GET", "/events", Policy::open(), [](Request&) {
      auto sse = std::make_shared<SseStream>();
      std::thread([sse] {
        for (int i = 0; i < 3; ++i) sse->send("tick", nlohmann::json{{"i", i}});
        sse->close();
      }).detach();
      return Response::stream(sse);
    });
    router->add("GET", "/ws", Policy::open(), [](Request&) { return Response::no_content(); });
    pipeline = std::make_shared<Pipeline>(router, PipelineOptions{});
    HttpConfig cfg;
    cfg.port = 0;
    cfg.io_threads = 2;
    cfg.worker_threads = 2;
    cfg.idle_timeout_ms = 400;
    cfg.max_body_bytes = 4096;
    cfg.max_header_bytes = 2048;
    server = std::make_unique<Server>(cfg, pipeline);
    server->add_websocket("/ws", [](const Request&, const std::string& m) {
      return std::optional<std::string>("echo:" + m);
    });
    ASSERT_TRUE(server->start().ok());
    port = server->port();
    runner = std::thread([this] { server->run(); });
  }
  void TearDown() override {
    server->stop();
    runner.join();
  }

  bhttp::response<bhttp::string_body> send(bhttp::request<bhttp::string_body> req) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    req.set(bhttp::field::host, "localhost");
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1 << 20);
    bhttp::read(stream, buf, parser);
    return parser.release();
  }

  std::string raw(const std::string& bytes, std::chrono::milliseconds pause = {}) {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    asio::write(s, asio::buffer(bytes));
    if (pause.count()) std::this_thread::sleep_for(pause);
    std::string out;
    beast::error_code ec;
    char buf[4096];
    for (;;) {
      size_t n = s.read_some(asio::buffer(buf), ec);
      if (ec) break;
      out.append(buf, n);
    }
    return out;
  }

  std::shared_ptr<Pipeline> pipeline;
  std::unique_ptr<Server> server;
  std::thread runner;
  int port = 0;
};

TEST_F(ServerTest, HealthzKeepAlive) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  for (int i = 0; i < 3; ++i) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/healthz", 11};
    req.set(bhttp::field::host, "x");
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buf, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_TRUE(res.keep_alive());
    EXPECT_NE(res.body().find("ok"), std::string::npos);
  }
}

TEST_F(ServerTest, JsonEchoAndBadInput) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/echo", 11};
  req.set(bhttp::field::content_type, "application/json");
  req.body() = R"({"a":1})";
  auto res = send(req);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(nlohmann::json::parse(res.body())["a"], 1);

  req.body() = "{not json";
  res = send(req);
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json");

  req.set(bhttp::field::content_type, "text/plain");
  req.body() = "{}";
  EXPECT_EQ(send(req).result_int(), 415);
}

TEST_F(ServerTest, OversizedBodyAndHeadersRejected) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/echo", 11};
  req.set(bhttp::field::content_type, "application/json");
  req.body() = std::string(10000, 'x');
  auto res = send(req);
  EXPECT_EQ(res.result_int(), 413);
  bhttp::request<bhttp::string_body> big{bhttp::verb::get, "/healthz", 11};
  big.set("X-Big", std::string(5000, 'h'));
  EXPECT_EQ(send(big).result_int(), 431);
}

TEST_F(ServerTest, MalformedRequestGets400) {
  std::string out = raw("GARBAGE\r\n\r\n");
  EXPECT_NE(out.find("400"), std::string::npos) << out;
  EXPECT_NE(out.find("application/problem+json"), std::string::npos);
}

TEST_F(ServerTest, UnknownRouteIs404Problem) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/no/such/thing", 11};
  auto res = send(req);
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json");
}

TEST_F(ServerTest, SlowLorisCutOffAtIdleTimeout) {
  auto start = std::chrono::steady_clock::now();
  // Half a request line, then silence: the server must close the connection.
  std::string out = raw("GET /healthz HTTP/1.1\r\nHost: x\r\n", std::chrono::milliseconds(50));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(out, "");
  EXPECT_LT(waited, std::chrono::seconds(5));
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/healthz", 11};
  EXPECT_EQ(send(req).result_int(), 200) << "server still serving";
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerSurvives) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/boom", 11};
  auto res = send(req);
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_FALSE(res["X-Request-Id"].empty());
  bhttp::request<bhttp::string_body> ok{bhttp::verb::get, "/healthz", 11};
  EXPECT_EQ(send(ok).result_int(), 200);
}

TEST_F(ServerTest, ServerSentEventsStream) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/events", 11};
  auto res = send(req);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[bhttp::field::content_type], "text/event-stream");
  EXPECT_NE(res.body().find("event: tick\ndata: {\"i\":2}"), std::string::npos) << res.body();
}

TEST_F(ServerTest, WebSocketEcho) {
  asio::io_context ioc;
  beast::websocket::stream<tcp::socket> ws(ioc);
  ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  ws.handshake("localhost", "/ws");
  ws.write(asio::buffer(std::string("hello")));
  beast::flat_buffer buf;
  ws.read(buf);
  EXPECT_EQ(beast::buffers_to_string(buf.data()), "echo:hello");
  ws.close(beast::websocket::close_code::normal);
}

TEST_F(ServerTest, GracefulStopDrainsInFlight) {
  std::string result;
  std::thread client([&] {
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/slow", 11};
    result = send(req).body();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server->stop();
  client.join();
  EXPECT_EQ(result, "done");
}

}  // namespace
}  // namespace finchat::http
