#include "sse_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace finchat::replicas {

SseClient::SseClient(int port, const std::string& target, const std::string& bearer) : port_(port) {
  std::string request = "GET " + target +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        "Authorization: Bearer " +
                        bearer + "\r\n\r\n";
  thread_ = std::thread([this, request] { run(request); });
}

SseClient::~SseClient() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<SseEvent> SseClient::events() {
  std::lock_guard lock(mu_);
  return events_;
}

size_t SseClient::count(const std::string& name) {
  std::lock_guard lock(mu_);
  return static_cast<size_t>(std::count_if(events_.begin(), events_.end(),
                                           [&](const SseEvent& e) { return e.name == name; }));
}

int SseClient::status() {
  std::lock_guard lock(mu_);
  return status_;
}

std::string SseClient::error() {
  std::lock_guard lock(mu_);
  return error_;
}

void SseClient::run(std::string request) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(request.size())) {
    std::lock_guard lock(mu_);
    error_ = std::string("connect/send failed: ") + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return;
  }
  char buf[8192];
  while (!stop_) {
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, 100);
    if (ready <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      std::lock_guard lock(mu_);
      error_ = n == 0 ? "server closed the stream" : std::strerror(errno);
      break;
    }
    feed(std::string(buf, static_cast<size_t>(n)));
  }
  ::close(fd);
}

void SseClient::feed(const std::string& bytes) {
  std::lock_guard lock(mu_);
  raw_ += bytes;
  if (!head_done_) {
    auto end = raw_.find("\r\n\r\n");
    if (end == std::string::npos) return;
    std::string head = raw_.substr(0, end);
    raw_.erase(0, end + 4);
    head_done_ = true;
    if (head.size() > 12) status_ = std::atoi(head.c_str() + 9);  // "HTTP/1.1 200"
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    chunked_ = head.find("transfer-encoding: chunked") != std::string::npos;
  }
  if (!chunked_) {
    text_ += raw_;
    raw_.clear();
  } else {
    for (;;) {
      auto line_end = raw_.find("\r\n");
      if (line_end == std::string::npos) break;
      size_t size = std::strtoul(raw_.substr(0, line_end).c_str(), nullptr, 16);
      if (raw_.size() < line_end + 2 + size + 2) break;
      text_ += raw_.substr(line_end + 2, size);
      raw_.erase(0, line_end + 2 + size + 2);
      if (size == 0) break;
    }
  }
  parse_events();
}

// Events end with a blank line; "event:" names them, "data:" lines carry the payload.
void SseClient::parse_events() {
  for (;;) {
    auto end = text_.find("\n\n");
    if (end == std::string::npos) return;
    std::string block = text_.substr(0, end);
    text_.erase(0, end + 2);
    SseEvent e{"message", ""};
    bool has_data = false;
    size_t pos = 0;
    while (pos <= block.size()) {
      auto nl = block.find('\n', pos);
      std::string line = block.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? block.size() + 1 : nl + 1;
      if (line.rfind("event:", 0) == 0) {
        e.name = line.substr(line.size() > 6 && line[6] == ' ' ? 7 : 6);
      } else if (line.rfind("data:", 0) == 0) {
        if (has_data) e.data += '\n';
        e.data += line.substr(line.size() > 5 && line[5] == ' ' ? 6 : 5);
        has_data = true;
      }
    }
    if (has_data) events_.push_back(std::move(e));
  }
}

}  // namespace finchat::replicas
