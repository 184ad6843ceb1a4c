#pragma once
// Test harness for several `finchat serve` replicas sharing one PostgreSQL database and one
// Redis, optionally behind nginx (Debian's /usr/sbin/nginx, run unprivileged as a child
// process with everything under a temporary directory).
#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace finchat::replicas {

struct Reply {
  int status = 0;  // 0: no HTTP answer at all (refused, reset, timeout); see `error`
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string error;
};

// One HTTP/1.1 request on a fresh loopback connection (Connection: close).
Reply http_call(int port, const std::string& method, const std::string& target,
                const std::string& body = {},
                const std::map<std::string, std::string>& headers = {}, int timeout_ms = 30'000);
Reply json_call(int port, const std::string& method, const std::string& target,
                const std::string& json_body, const std::string& bearer = {});
// The same with extra request headers (e.g. Idempotency-Key).
Reply json_call(int port, const std::string& method, const std::string& target,
                const std::string& json_body, const std::string& bearer,
                const std::map<std::string, std::string>& extra_headers);
std::string form_encode(const std::map<std::string, std::string>& fields);
int pick_free_port();

// A child process whose stdout and stderr go to `log_path`.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& log_path);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  bool running();
  void kill_now();  // SIGKILL and reap
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// A fresh database on the shared PostgreSQL server (created and dropped with psql), so
// parallel test cases never see each other's rows.
class ScratchDatabase {
 public:
  static std::unique_ptr<ScratchDatabase> create(const std::string& server_url, std::string& why);
  ~ScratchDatabase();
  const std::string& url() const { return url_; }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

struct ReplicaOptions {
  std::string db_url;
  std::string redis_url;
  std::string data_key_b64;  // shared by every replica: it seals the signing keys in the DB
  std::string market_feed = "simulator";
  std::vector<std::string> extra_args;
};

class Replica {
 public:
  Replica(std::string name, const std::string& work_dir, ReplicaOptions options);
  ~Replica();
  void start();
  // Waits for /healthz (listening) or /readyz (every readiness check passed).
  bool wait_status(const std::string& probe, int seconds);
  void kill_now();
  bool running();
  int port() const { return port_; }
  const std::string& name() const { return name_; }
  std::string log() const;

 private:
  std::string name_;
  std::string dir_;
  ReplicaOptions options_;
  int port_ = 0;
  std::unique_ptr<Child> child_;
};

// nginx as a round-robin load balancer over `upstream_ports` that retries another replica
// on connect errors and timeouts (proxy_next_upstream error timeout).
class Nginx {
 public:
  Nginx(const std::string& work_dir, const std::vector<int>& upstream_ports);
  ~Nginx();
  bool wait_up(int seconds);
  int port() const { return port_; }
  std::string error_log() const;
  static const char* binary();

 private:
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<Child> child_;
};

struct ClusterOptions {
  int replicas = 2;
  bool with_nginx = true;
  // Redis logical database. Not 0: other suites run tight limits on the shared per-IP keys
  // there, and the generous limits here would refill their buckets. 15 is the tight test's.
  int redis_db = 14;
  bool flush_redis_db = false;  // start from empty buckets (reruns against the same Redis)
  std::string market_feed = "simulator";
  std::vector<std::string> extra_args;
};

// Replicas 0..n-1 on one scratch database; replica 0 starts first (migrations, signing key,
// demo users), the others once it listens, then all must become ready.
class Cluster {
 public:
  // Returns nullptr with `skip_reason` set when PostgreSQL/Redis/nginx are not available here
  // (under CI, where `make test` provides them, that is also recorded as a test failure).
  static std::unique_ptr<Cluster> start(const ClusterOptions& options, std::string& skip_reason);
  ~Cluster();
  Replica& replica(size_t i) { return *replicas_.at(i); }
  Nginx& nginx() { return *nginx_; }
  const std::string& work_dir() const { return dir_; }
  const std::string& redis_url() const { return redis_url_; }
  const std::string& db_url() const { return db_->url(); }
  // The demo customer's password, printed once by the first replica on first start.
  std::string demo_password() const;
  std::string admin_password() const;
  std::string logs() const;
  bool ready() const { return ready_; }

 private:
  Cluster() = default;
  std::string dir_;
  std::string redis_url_;
  std::unique_ptr<ScratchDatabase> db_;
  std::vector<std::unique_ptr<Replica>> replicas_;
  std::unique_ptr<Nginx> nginx_;
  bool ready_ = false;
};

// Password grant for the public web client; returns the parsed token response or nullopt.
struct Tokens {
  std::string access;
  std::string refresh;
};
std::optional<Tokens> login(int port, const std::string& username, const std::string& password);

}  // namespace finchat::replicas
