// The TLS listener: a real handshake over loopback, and plain HTTP refused on the TLS port.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <filesystem>
#include <thread>

#include "core/ids.hpp"
#include "http/server.hpp"

namespace finchat::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

int free_port() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() / ("finchat_tls_" + new_uuid_v7());
    std::filesystem::create_directories(dir);
    std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                      "-keyout " + (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() +
                      " -days 1 -subj /CN=localhost >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl CLI not available";
    auto router = std::make_shared<Router>();
    router->add("GET", "/healthz", Policy::open(), [](Request& r) {
      return Response::json(200, {{"tls", r.tls}});
    });
    HttpConfig cfg;
    cfg.port = 0;
    cfg.tls_port = free_port();
    cfg.tls_cert = (dir / "cert.pem").string();
    cfg.tls_key = (dir / "key.pem").string();
    cfg.idle_timeout_ms = 1000;
    server = std::make_unique<Server>(cfg, std::make_shared<Pipeline>(router, PipelineOptions{}));
    ASSERT_TRUE(server->start().ok());
    runner = std::thread([this] { server->run(); });
  }
  void TearDown() override {
    if (server) {
      server->stop();
      runner.join();
    }
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<Server> server;
  std::thread runner;
};

TEST_F(TlsTest, HandshakeServesHttpsWithHsts) {
  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);  // self-signed test certificate
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server->tls_port())));
  stream.handshake(asio::ssl::stream_base::client);
  EXPECT_GE(SSL_version(stream.native_handle()), TLS1_2_VERSION);
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/healthz", 11};
  req.set(bhttp::field::host, "localhost");
  bhttp::write(stream, req);
  beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buf, res);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_NE(res.body().find("\"tls\":true"), std::string::npos);
  EXPECT_FALSE(res["Strict-Transport-Security"].empty());
}

TEST_F(TlsTest, PlainHttpOnTlsPortIsRefused) {
  asio::io_context ioc;
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server->tls_port())));
  std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  asio::write(s, asio::buffer(req));
  std::string out;
  char buf[1024];
  beast::error_code ec;
  for (;;) {
    size_t n = s.read_some(asio::buffer(buf), ec);
    if (ec) break;
    out.append(buf, n);
  }
  EXPECT_EQ(out.find("HTTP/1.1 200"), std::string::npos) << "no HTTP answer over plain TCP";
}

TEST(TlsConfigTest, MissingCertificateIsAClearError) {
  auto router = std::make_shared<Router>();
  HttpConfig cfg;
  cfg.port = 0;
  cfg.tls_port = free_port();
  cfg.tls_cert = "/nonexistent/cert.pem";
  cfg.tls_key = "/nonexistent/key.pem";
  Server server(cfg, std::make_shared<Pipeline>(router, PipelineOptions{}));
  auto st = server.start();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("TLS"), std::string::npos);
}

}  // namespace
}  // namespace finchat::http
