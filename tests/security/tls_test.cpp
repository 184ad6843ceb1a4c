// TLS listener of the real binary: a self-signed certificate made at test time, TLS 1.2+
// handshakes succeed, TLS 1.0/1.1 clients and plain HTTP on the TLS port get no HTTP answer.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <cstdlib>
#include <filesystem>

#include "security_env.hpp"

namespace finchat::testing {
namespace {

class TlsServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(make_temp_dir("finchat_tls_"));
    std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
        "-nodes -days 2 -subj /CN=127.0.0.1 -keyout " +
        *dir_ + "/key.pem -out " + *dir_ + "/cert.pem >" + *dir_ + "/openssl.log 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl CLI failed: " << cmd;
    tls_port_ = free_port();
    server_ = new ServerProcess(
        ServerOptions{{"--http.tls_port", std::to_string(tls_port_), "--http.tls_cert",
                       *dir_ + "/cert.pem", "--http.tls_key", *dir_ + "/key.pem"},
                      *dir_,
                      {}});
    ready_ = server_->wait_healthy();
    if (!ready_) ADD_FAILURE() << server_->log();
  }
  static void TearDownTestSuite() {
    delete server_;
    std::error_code ec;
    std::filesystem::remove_all(*dir_, ec);
    delete dir_;
  }
  void SetUp() override {
    if (!ready_) FAIL() << "TLS server did not start";
  }

  static inline std::string* dir_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline int tls_port_ = 0;
  static inline bool ready_ = false;
};

TEST_F(TlsServer, ModernClientsGetHttpsWithHsts) {
  auto r = https_request(tls_port_, "GET", "/healthz");
  ASSERT_TRUE(r.handshake_ok) << r.error << "\n" << server_->log();
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.http.status, 200);
  EXPECT_TRUE(r.version == "TLSv1.3" || r.version == "TLSv1.2") << r.version;
  EXPECT_NE(r.http.header("strict-transport-security"), "");

  auto tls12 = https_request(tls_port_, "GET", "/healthz", {0, TLS1_2_VERSION, false});
  ASSERT_TRUE(tls12.handshake_ok) << tls12.error;
  EXPECT_EQ(tls12.version, "TLSv1.2");
  EXPECT_EQ(tls12.http.status, 200);
}

TEST_F(TlsServer, LegacyProtocolsAreRefused) {
  for (int version : {TLS1_VERSION, TLS1_1_VERSION}) {
    auto r = https_request(tls_port_, "GET", "/healthz", {version, version, true});
    EXPECT_FALSE(r.handshake_ok) << "TLS version 0x" << std::hex << version << " negotiated "
                                 << r.version;
    EXPECT_EQ(r.http.status, 0);
  }
}

TEST_F(TlsServer, PlainHttpOnTheTlsPortGetsNoHttpResponse) {
  std::string reply =
      raw_exchange(tls_port_, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 3000);
  EXPECT_EQ(reply.find("HTTP/1."), std::string::npos) << reply;
  EXPECT_EQ(reply.find("\"ok\""), std::string::npos) << reply;
  // The plain listener keeps working beside it.
  EXPECT_EQ(http_request(server_->port(), "GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace finchat::testing
