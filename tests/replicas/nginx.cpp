// nginx in front of the replicas: a generated configuration and the unprivileged binary.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cluster.hpp"
#include "core/ids.hpp"
#include "files.hpp"

namespace finchat::replicas {

namespace fs = std::filesystem;

// --- nginx ---------------------------------------------------------------------------------

const char* Nginx::binary() { return "/usr/sbin/nginx"; }

Nginx::Nginx(const std::string& work_dir, const std::vector<int>& upstream_ports)
    : dir_(work_dir + "/nginx") {
  fs::create_directories(dir_ + "/tmp");
  port_ = pick_free_port();
  std::string upstreams;
  for (int p : upstream_ports) {
    // One failure takes a replica out for 30 s, so a dead one is not retried per request.
    upstreams += "    server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=30s;\n";
  }
  // Every path nginx writes is under dir_. Temp-path directives are emitted only for the
  // modules this nginx has: nginx-light lacks some, and an unknown directive stops nginx.
  std::string module_temp;
  std::string version = [] {
    std::string out = "/tmp/finchat_nginx_V_" + new_uuid_v7();
    run_quietly(std::string(binary()) + " -V 2>" + out);
    std::string text = read_text(out);
    std::error_code ec;
    fs::remove(out, ec);
    return text;
  }();
  for (const char* m : {"fastcgi", "uwsgi", "scgi"}) {
    if (version.find(std::string("without-http_") + m + "_module") == std::string::npos) {
      module_temp += std::string("  ") + m + "_temp_path " + dir_ + "/tmp/" + m + ";\n";
    }
  }
  std::string conf = std::string(geteuid() == 0 ? "user root root;\n" : "") +
                     "daemon off;\n"
                     "master_process off;\n"
                     "worker_processes 1;\n"
                     "pid " +
                     dir_ +
                     "/nginx.pid;\n"
                     "error_log " +
                     dir_ +
                     "/error.log warn;\n"
                     "events { worker_connections 1024; }\n"
                     "http {\n"
                     "  access_log " +
                     dir_ +
                     "/access.log;\n"
                     "  client_body_temp_path " +
                     dir_ +
                     "/tmp/body;\n"
                     "  proxy_temp_path " +
                     dir_ + "/tmp/proxy;\n" + module_temp + "  upstream finchat {\n" + upstreams +
                     "  }\n"
                     "  server {\n"
                     "    listen 127.0.0.1:" +
                     std::to_string(port_) +
                     ";\n"
                     "    proxy_http_version 1.1;\n"
                     "    proxy_set_header Connection \"\";\n"
                     "    proxy_connect_timeout 2s;\n"
                     "    proxy_read_timeout 60s;\n"
                     "    proxy_buffering off;\n"
                     // A request that never reached a replica (refused, timed out) goes to the next
                     // one; nginx never replays a POST that a replica may already have acted on.
                     "    proxy_next_upstream error timeout;\n"
                     "    location / { proxy_pass http://finchat; }\n"
                     "  }\n"
                     "}\n";
  write_text(dir_ + "/nginx.conf", conf);
  child_ = std::make_unique<Child>(
      std::vector<std::string>{binary(), "-p", dir_, "-c", dir_ + "/nginx.conf"},
      dir_ + "/stderr.log");
}

Nginx::~Nginx() = default;

bool Nginx::wait_up(int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!child_->running()) return false;
    if (http_call(port_, "GET", "/healthz", {}, {}, 2000).status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

std::string Nginx::error_log() const {
  return read_text(dir_ + "/stderr.log") + read_text(dir_ + "/error.log");
}

}  // namespace finchat::replicas
