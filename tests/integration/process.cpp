#include "process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/ids.hpp"

namespace finchat::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

int free_port() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

std::string make_temp_dir(const std::string& prefix) {
  auto dir = std::filesystem::temp_directory_path() / (prefix + new_uuid_v7());
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::vector<std::string> data_dir_flags(const std::string& dir) {
  return {"--data_dir",
          dir,
          "--db.url",
          "sqlite:" + dir + "/finchat.db",
          "--security.data_key_file",
          dir + "/keys",
          "--security.signing_key_dir",
          dir + "/keys.d",
          "--http.static_dir",
          std::string(FINCHAT_SOURCE_DIR) + "/web/dist",
          "--support.kb_dir",
          std::string(FINCHAT_SOURCE_DIR) + "/data/kb",
          "--support.faq_file",
          std::string(FINCHAT_SOURCE_DIR) + "/data/faq/faq.jsonl"};
}

namespace {

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> extra_args)
    : ServerProcess(ServerOptions{std::move(extra_args), {}, {}}) {}

ServerProcess::ServerProcess(ServerOptions options) {
  port_ = free_port();
  owns_dir_ = options.dir.empty();
  dir_ = owns_dir_ ? make_temp_dir("finchat_it_") : options.dir;
  log_path_ = dir_ + "/server-" + std::to_string(port_) + ".log";
  std::vector<std::string> args = {FINCHAT_BINARY, "serve", "--http-port", std::to_string(port_)};
  auto data = data_dir_flags(dir_);
  args.insert(args.end(), data.begin(), data.end());
  args.insert(args.end(), options.args.begin(), options.args.end());
  pid_ = fork();
  if (pid_ == 0) {
    FILE* f = std::freopen(log_path_.c_str(), "w", stdout);
    (void)f;
    dup2(STDOUT_FILENO, STDERR_FILENO);
    for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
    auto argv = argv_of(args);
    execv(argv[0], argv.data());
    _exit(127);
  }
}

int run_finchat(const std::vector<std::string>& args, const std::string& stdin_text,
                std::string* output) {
  int in_pipe[2];
  int out_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) return -1;
  std::vector<std::string> full = {FINCHAT_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(out_pipe[1], STDERR_FILENO);
    close(in_pipe[1]);
    close(out_pipe[0]);
    auto argv = argv_of(full);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  // Small inputs: the child reads all of stdin before it writes much, so no deadlock.
  ssize_t written = write(in_pipe[1], stdin_text.data(), stdin_text.size());
  (void)written;
  close(in_pipe[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(out_pipe[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  close(out_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (owns_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

bool ServerProcess::wait_healthy(int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (http_request(port_, "GET", "/healthz").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

int ServerProcess::terminate(int seconds) {
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return -1;
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

bhttp::request<bhttp::string_body> make_request(const std::string& method,
                                                const std::string& target, const std::string& body,
                                                const std::map<std::string, std::string>& headers) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  return req;
}

HttpResult to_result(const bhttp::response<bhttp::string_body>& res) {
  HttpResult out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = res.body();
  return out;
}

}  // namespace

HttpResult http_request(int port, const std::string& method, const std::string& target,
                        const std::string& body,
                        const std::map<std::string, std::string>& headers) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  auto req = make_request(method, target, body, headers);
  // A server refusing an oversized body answers and closes before reading all of it: the
  // write then fails (broken pipe), but its answer is already there to read.
  beast::error_code write_ec;
  bhttp::write(stream, req, write_ec);
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  beast::error_code read_ec;
  bhttp::read(stream, buf, parser, read_ec);
  if (read_ec && !parser.is_header_done()) {
    throw beast::system_error(write_ec ? write_ec : read_ec);
  }
  return to_result(parser.release());
}

std::string raw_exchange(int port, const std::string& bytes, int read_timeout_ms) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  stream.expires_after(std::chrono::milliseconds(read_timeout_ms));
  beast::error_code write_ec;  // the server may close first (slow-loris, garbage): still read
  asio::write(stream.socket(), asio::buffer(bytes), write_ec);
  std::string out;
  char buf[4096];
  beast::error_code ec;
  for (;;) {
    size_t n = stream.socket().read_some(asio::buffer(buf), ec);
    if (ec) break;
    out.append(buf, n);
  }
  return out;
}

TlsResult https_request(int port, const std::string& method, const std::string& target,
                        const TlsClientOptions& options) {
  TlsResult out;
  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);  // self-signed test certificate
  if (options.allow_legacy) SSL_CTX_set_security_level(ctx.native_handle(), 0);
  if (options.min_version) SSL_CTX_set_min_proto_version(ctx.native_handle(), options.min_version);
  if (options.max_version) SSL_CTX_set_max_proto_version(ctx.native_handle(), options.max_version);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  beast::error_code ec;
  beast::get_lowest_layer(stream).connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)), ec);
  if (ec) {
    out.error = "connect: " + ec.message();
    return out;
  }
  stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) {
    out.error = "handshake: " + ec.message();
    return out;
  }
  out.handshake_ok = true;
  out.version = SSL_get_version(stream.native_handle());
  auto req = make_request(method, target, {}, {});
  bhttp::write(stream, req, ec);
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  if (!ec) bhttp::read(stream, buf, parser, ec);
  if (ec) {
    out.error = "exchange: " + ec.message();
    return out;
  }
  out.http = to_result(parser.release());
  stream.shutdown(ec);  // best effort
  return out;
}

}  // namespace finchat::testing
