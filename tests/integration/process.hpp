#pragma once
// Starts `finchat serve` as a child process on a free port with its own data directory,
// and talks plain HTTP/1.1 to it.
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace finchat::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args = {});
  ~ServerProcess();
  bool wait_healthy(int seconds = 60);
  int port() const { return port_; }
  // Sends SIGTERM and returns the exit status (or -1 if it did not exit in time).
  int terminate(int seconds = 30);
  std::string log() const;
  const std::string& dir() const { return dir_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string dir_;
};

HttpResult http_request(int port, const std::string& method, const std::string& target,
                        const std::string& body = {},
                        const std::map<std::string, std::string>& headers = {});
std::string raw_exchange(int port, const std::string& bytes, int read_timeout_ms = 2000);
int free_port();

}  // namespace finchat::testing
