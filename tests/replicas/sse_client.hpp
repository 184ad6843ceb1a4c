#pragma once
// A server-sent-events client for tests: GETs a stream on a background thread, undoes the
// chunked framing and collects the events until it is destroyed.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace finchat::replicas {

struct SseEvent {
  std::string name;
  std::string data;
};

class SseClient {
 public:
  SseClient(int port, const std::string& target, const std::string& bearer);
  ~SseClient();
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  std::vector<SseEvent> events();
  size_t count(const std::string& name);
  int status();  // HTTP status once the head arrived, else 0
  std::string error();

 private:
  void run(std::string request);
  void feed(const std::string& bytes);
  void parse_events();

  int port_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::string raw_;   // bytes not yet de-framed
  std::string text_;  // de-chunked body not yet split into events
  bool head_done_ = false;
  bool chunked_ = false;
  int status_ = 0;
  std::string error_;
  std::vector<SseEvent> events_;
  std::thread thread_;
};

}  // namespace finchat::replicas
