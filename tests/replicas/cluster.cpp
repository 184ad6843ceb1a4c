#include "cluster.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "files.hpp"
#include "store/redis.hpp"
#include "store/test_services.hpp"

namespace finchat::replicas {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
namespace fs = std::filesystem;

namespace {

std::string with_redis_db(const std::string& url, int db) {
  // redis://host:port[/n] -> redis://host:port/db
  auto host_start = url.find("://");
  auto slash = url.find('/', host_start == std::string::npos ? 0 : host_start + 3);
  return url.substr(0, slash) + "/" + std::to_string(db);
}

std::string find_line_value(const std::string& log, const std::string& role) {
  // "  customer: username demo  password XYZ"
  std::smatch m;
  std::regex re(role + R"(:\s+username \S+\s+password (\S+))");
  return std::regex_search(log, m, re) ? m[1].str() : std::string();
}

// Outside CI a missing tool or service skips; under CI it is a broken set-up.
std::nullptr_t unavailable(std::string& skip_reason, std::string why) {
  const char* ci = std::getenv("CI");
  if (ci && *ci) ADD_FAILURE() << why << " (CI is set: make test must provide it)";
  skip_reason = std::move(why);
  return nullptr;
}

}  // namespace

// --- HTTP ----------------------------------------------------------------------------------

Reply http_call(int port, const std::string& method, const std::string& target,
                const std::string& body, const std::map<std::string, std::string>& headers,
                int timeout_ms) {
  Reply out;
  try {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::milliseconds(timeout_ms));
    stream.connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::connection, "close");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    bhttp::read(stream, buf, parser);
    auto res = parser.release();
    out.status = res.result_int();
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(f.value());
    }
    out.body = res.body();
  } catch (const std::exception& e) {
    out.status = 0;
    out.error = e.what();
  }
  return out;
}

Reply json_call(int port, const std::string& method, const std::string& target,
                const std::string& json_body, const std::string& bearer) {
  return json_call(port, method, target, json_body, bearer, {});
}

Reply json_call(int port, const std::string& method, const std::string& target,
                const std::string& json_body, const std::string& bearer,
                const std::map<std::string, std::string>& extra_headers) {
  std::map<std::string, std::string> headers = extra_headers;
  if (!json_body.empty()) headers["Content-Type"] = "application/json";
  if (!bearer.empty()) headers["Authorization"] = "Bearer " + bearer;
  return http_call(port, method, target, json_body, headers);
}

std::string form_encode(const std::map<std::string, std::string>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += k + '=';
    for (unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        out += hex;
      }
    }
  }
  return out;
}

int pick_free_port() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

std::optional<Tokens> login(int port, const std::string& username, const std::string& password) {
  auto r = http_call(port, "POST", "/oauth/token",
                     form_encode({{"grant_type", "password"},
                                  {"client_id", "finchat-web"},
                                  {"username", username},
                                  {"password", password}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  if (r.status != 200) return std::nullopt;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("access_token")) return std::nullopt;
  return Tokens{j["access_token"].get<std::string>(), j.value("refresh_token", "")};
}

// --- Processes -----------------------------------------------------------------------------

Child::Child(const std::vector<std::string>& argv, const std::string& log_path) {
  // Everything the child needs is prepared before fork (the test process has threads).
  std::vector<std::string> args = argv;
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test
    if (log_fd >= 0) {
      dup2(log_fd, STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
    }
    execv(cargs[0], cargs.data());
    _exit(127);
  }
  if (log_fd >= 0) ::close(log_fd);
}

Child::~Child() { kill_now(); }

bool Child::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void Child::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

// --- PostgreSQL ----------------------------------------------------------------------------

std::unique_ptr<ScratchDatabase> ScratchDatabase::create(const std::string& server_url,
                                                         std::string& why) {
  auto db = std::unique_ptr<ScratchDatabase>(new ScratchDatabase());
  db->admin_url_ = server_url;
  crypto::init();
  auto suffix = crypto::random_bytes(6);
  db->name_ = "finchat_replicas_" + crypto::hex_encode(std::string(suffix.begin(), suffix.end()));
  if (!run_quietly("psql -w -X -q '" + server_url + "' -c 'CREATE DATABASE " + db->name_ + "'")) {
    why = "psql could not create a database on " + server_url;
    return nullptr;
  }
  auto slash = server_url.rfind('/');
  db->url_ = server_url.substr(0, slash + 1) + db->name_;
  return db;
}

ScratchDatabase::~ScratchDatabase() {
  if (!name_.empty()) {
    run_quietly("psql -w -X -q '" + admin_url_ + "' -c 'DROP DATABASE IF EXISTS " + name_ +
                " WITH (FORCE)'");
  }
}

// --- Replica -------------------------------------------------------------------------------

Replica::Replica(std::string name, const std::string& work_dir, ReplicaOptions options)
    : name_(std::move(name)), dir_(work_dir + "/" + name_), options_(std::move(options)) {
  fs::create_directories(dir_);
  port_ = pick_free_port();
}

Replica::~Replica() = default;

void Replica::start() {
  const std::string src = FINCHAT_SOURCE_DIR;
  const std::string shared = fs::path(dir_).parent_path().string();
  std::vector<std::string> args = {
      FINCHAT_BINARY, "serve", "--http.port", std::to_string(port_), "--data_dir", dir_, "--db.url",
      options_.db_url, "--redis.url", options_.redis_url,
      // One data key for every replica: it seals the signing keys and message columns.
      "--security.data_key", options_.data_key_b64, "--security.signing_key_dir", dir_ + "/keys.d",
      "--security.rate_limit_backend", "redis", "--security.rate_limit_rps", "1000",
      "--security.rate_limit_burst", "2000", "--security.login_rate_limit_per_min", "1000",
      "--http.static_dir", src + "/web/dist",
      // A small help centre keeps the readiness wait short (the full one takes minutes).
      "--support.kb_dir", shared + "/kb", "--support.faq_file", shared + "/faq.jsonl",
      "--support.encoder_epochs", "1", "--support.rerank_folds", "2",
      // No triage or intent training either: readiness would wait minutes for them.
      "--support.tickets_file", "", "--chat.intents_file", "", "--model.path", "", "--market.feed",
      options_.market_feed};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  child_ = std::make_unique<Child>(args, dir_ + "/server.log");
}

bool Replica::wait_status(const std::string& probe, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return false;
    if (http_call(port_, "GET", probe, {}, {}, 2000).status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  return false;
}

void Replica::kill_now() {
  if (child_) child_->kill_now();
}

bool Replica::running() { return child_ && child_->running(); }

std::string Replica::log() const { return read_text(dir_ + "/server.log"); }

// --- Cluster -------------------------------------------------------------------------------

std::unique_ptr<Cluster> Cluster::start(const ClusterOptions& options, std::string& skip_reason) {
  const char* pg = store::testing::service_url("FINCHAT_TEST_PG_URL");
  const char* redis = store::testing::service_url("FINCHAT_TEST_REDIS_URL");
  if (!pg || !redis) {
    skip_reason = "FINCHAT_TEST_PG_URL / FINCHAT_TEST_REDIS_URL not set (make test starts them)";
    return nullptr;
  }
  if (options.with_nginx && access(Nginx::binary(), X_OK) != 0) {
    return unavailable(skip_reason,
                       "nginx not installed at /usr/sbin/nginx (scripts/install-deps.sh --test)");
  }
  auto c = std::unique_ptr<Cluster>(new Cluster());
  c->dir_ = (fs::temp_directory_path() / ("finchat_replicas_" + new_uuid_v7())).string();
  fs::create_directories(c->dir_ + "/kb");
  {
    // The first FAQ entries of the bundled help centre: enough for a working FAQ skill.
    std::ifstream in(std::string(FINCHAT_SOURCE_DIR) + "/data/faq/faq.jsonl");
    std::ofstream out(c->dir_ + "/faq.jsonl");
    std::string line;
    for (int i = 0; i < 8 && std::getline(in, line); ++i) out << line << "\n";
  }
  std::string why;
  c->db_ = ScratchDatabase::create(pg, why);
  if (!c->db_) return unavailable(skip_reason, why);
  c->redis_url_ = with_redis_db(redis, options.redis_db);
  if (options.flush_redis_db) {
    auto client = store::RedisClient::connect(c->redis_url_);
    if (!client || !(*client)->command({"FLUSHDB"})) {
      return unavailable(skip_reason, "cannot reach Redis at " + c->redis_url_);
    }
  }
  crypto::init();
  auto key = crypto::random_bytes(32);
  std::string key_b64 = crypto::base64_encode(std::string(key.begin(), key.end()));
  for (int i = 0; i < options.replicas; ++i) {
    ReplicaOptions ro{c->db_->url(), c->redis_url_, key_b64, options.market_feed,
                      options.extra_args};
    c->replicas_.push_back(
        std::make_unique<Replica>(std::string(1, static_cast<char>('a' + i)), c->dir_, ro));
  }
  // Slow under sanitizers: generous waits, all replicas loading at the same time.
  c->replicas_[0]->start();
  if (!c->replicas_[0]->wait_status("/healthz", 120)) return c;
  for (size_t i = 1; i < c->replicas_.size(); ++i) c->replicas_[i]->start();
  for (auto& r : c->replicas_) {
    if (!r->wait_status("/readyz", 150)) return c;
  }
  if (options.with_nginx) {
    std::vector<int> ports;
    for (auto& r : c->replicas_) ports.push_back(r->port());
    c->nginx_ = std::make_unique<Nginx>(c->dir_, ports);
    if (!c->nginx_->wait_up(20)) return c;
  }
  c->ready_ = true;
  return c;
}

Cluster::~Cluster() {
  nginx_.reset();
  replicas_.clear();
  db_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string Cluster::demo_password() const {
  return find_line_value(replicas_.at(0)->log(), "customer");
}

std::string Cluster::admin_password() const {
  return find_line_value(replicas_.at(0)->log(), "admin");
}

std::string Cluster::logs() const {
  std::string out;
  for (const auto& r : replicas_) {
    std::string log = r->log();
    if (log.size() > 6000) log = "..." + log.substr(log.size() - 6000);
    out += "--- replica " + r->name() + " ---\n" + log;
  }
  if (nginx_) out += "--- nginx ---\n" + nginx_->error_log();
  return out;
}

}  // namespace finchat::replicas
