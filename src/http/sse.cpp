#include "http/sse.hpp"

namespace finchat::http {

std::string SseStream::frame(std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(event.size() + data.size() + 16);
  if (!event.empty()) {
    out += "event: ";
    out += event;
    out += '\n';
  }
  // Each line of data gets its own field, per the SSE grammar.
  size_t start = 0;
  while (true) {
    size_t nl = data.find('\n', start);
    out += "data: ";
    out += data.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += '\n';
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  out += '\n';
  return out;
}

bool SseStream::send(std::string_view event, const nlohmann::json& data) {
  return send_raw(event, data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

bool SseStream::send_raw(std::string_view event, std::string_view data) {
  std::function<void()> notify;
  bool dropped = false;
  {
    std::lock_guard lock(mu_);
    if (closed_ || cancelled_) return false;
    std::string f = frame(event, data);
    if (buffered_ + f.size() > max_bytes_) {
      overflowed_ = true;
      dropped = true;
    } else {
      buffered_ += f.size();
      frames_.push_back(std::move(f));
      notify = notify_;
    }
  }
  if (dropped) {
    cancel();
    return false;
  }
  if (notify) notify();
  return true;
}

void SseStream::close() {
  std::function<void()> notify;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    notify = notify_;
  }
  if (notify) notify();
}

void SseStream::on_cancel(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (!cancelled_) {
      on_cancel_ = std::move(fn);
      return;
    }
  }
  if (fn) fn();  // already cancelled: run it now
}

void SseStream::set_notifier(std::function<void()> notify) {
  std::lock_guard lock(mu_);
  notify_ = std::move(notify);
}

std::string SseStream::drain() {
  std::lock_guard lock(mu_);
  std::string out;
  for (auto& f : frames_) out += f;
  frames_.clear();
  buffered_ = 0;
  return out;
}

bool SseStream::finished() const {
  std::lock_guard lock(mu_);
  return (closed_ || cancelled_) && frames_.empty();
}

void SseStream::cancel() {
  std::function<void()> fn, notify;
  {
    std::lock_guard lock(mu_);
    if (cancelled_.exchange(true)) return;
    fn = std::move(on_cancel_);
    notify = notify_;
  }
  if (fn) fn();
  if (notify) notify();
}

}  // namespace finchat::http
