#pragma once
// Server-Sent Events: a thread-safe outbox between a producer (a worker thread generating
// tokens, a market feed) and the connection that writes frames to the socket. A client
// that falls too far behind is dropped rather than buffered forever.
#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace finchat::http {

class SseStream {
 public:
  explicit SseStream(size_t max_buffered_bytes = 1 << 20) : max_bytes_(max_buffered_bytes) {}

  // Producer side. Returns false once the stream is closed or the client is gone/slow.
  bool send(std::string_view event, const nlohmann::json& data);
  bool send_raw(std::string_view event, std::string_view data);
  void close();  // no more events; the connection ends after flushing
  bool cancelled() const { return cancelled_.load(); }
  // Called (once) when the client disconnects or is dropped.
  void on_cancel(std::function<void()> fn);

  // Connection side.
  void set_notifier(std::function<void()> notify);
  std::string drain();  // all pending frames, concatenated
  bool finished() const;  // closed and drained
  void cancel();  // client went away
  bool overflowed() const { return overflowed_.load(); }

  static std::string frame(std::string_view event, std::string_view data);

 private:
  mutable std::mutex mu_;
  std::deque<std::string> frames_;
  size_t buffered_ = 0;
  size_t max_bytes_;
  bool closed_ = false;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> overflowed_{false};
  std::function<void()> notify_;
  std::function<void()> on_cancel_;
};

}  // namespace finchat::http
