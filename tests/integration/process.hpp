#pragma once
// Starts `finchat serve` as a child process on a free port with its own (or a shared) data
// directory, runs other `finchat` commands against that directory, and talks HTTP/1.1 (plain
// or over TLS) to it.
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace finchat::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct ServerOptions {
  std::vector<std::string> args;           // extra `serve` flags, after the data-dir flags
  std::string dir;                         // share this data dir (db, keys); empty: a new one
  std::map<std::string, std::string> env;  // extra environment for the child
};

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args = {});
  explicit ServerProcess(ServerOptions options);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool wait_healthy(int seconds = 60);
  int port() const { return port_; }
  // Sends SIGTERM and returns the exit status (or -1 if it did not exit in time).
  int terminate(int seconds = 30);
  std::string log() const;
  const std::string& dir() const { return dir_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  bool owns_dir_ = true;
  std::string dir_;
  std::string log_path_;
};

// A fresh directory under the temp dir (not removed automatically).
std::string make_temp_dir(const std::string& prefix);
// The config flags that point `finchat` at data directory `dir` (database, keys, bundled
// knowledge base and static files from the source tree).
std::vector<std::string> data_dir_flags(const std::string& dir);
// Runs `finchat <args>` with `stdin_text` on its stdin; returns the exit status and puts
// stdout+stderr into `output`.
int run_finchat(const std::vector<std::string>& args, const std::string& stdin_text,
                std::string* output);

HttpResult http_request(int port, const std::string& method, const std::string& target,
                        const std::string& body = {},
                        const std::map<std::string, std::string>& headers = {});
std::string raw_exchange(int port, const std::string& bytes, int read_timeout_ms = 2000);
int free_port();

// TLS client. Versions are OpenSSL constants (TLS1_VERSION ...); 0 leaves the default.
struct TlsClientOptions {
  int min_version = 0;
  int max_version = 0;
  // Lowers the client's OpenSSL security level so that it is able to offer TLS 1.0/1.1:
  // a refused handshake then shows the server's policy, not the client's.
  bool allow_legacy = false;
};
struct TlsResult {
  bool handshake_ok = false;
  std::string error;    // why the handshake or exchange failed
  std::string version;  // negotiated protocol, e.g. "TLSv1.3"
  HttpResult http;      // valid when handshake_ok and error is empty
};
TlsResult https_request(int port, const std::string& method, const std::string& target,
                        const TlsClientOptions& options = {});

}  // namespace finchat::testing
