#include "train/progress.hpp"

#include <unistd.h>

namespace finchat::train {

using Clock = std::chrono::steady_clock;

Progress::Progress(std::string label, size_t total, double log_every_s, FILE* out)
    : label_(std::move(label)),
      total_(total),
      log_every_s_(log_every_s),
      out_(out),
      tty_(::isatty(::fileno(out)) != 0),
      start_(Clock::now()),
      last_draw_(start_) {}

std::string Progress::status_text() const {
  const double secs = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = secs > 0 ? done_ / secs : 0;
  char buf[128];
  if (rate > 0 && total_ > done_) {
    const int eta = static_cast<int>((total_ - done_) / rate);
    std::snprintf(buf, sizeof(buf), "%zu/%zu, %.1f/s, ETA %02d:%02d", done_, total_, rate, eta / 60,
                  eta % 60);
  } else {
    std::snprintf(buf, sizeof(buf), "%zu/%zu, %.1f/s", done_, total_, rate);
  }
  return buf;
}

void Progress::draw() {
  if (tty_) {
    const int width = 30;
    const int filled = total_ ? static_cast<int>(width * done_ / total_) : width;
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(out_, "\r%s [%s] %s ", label_.c_str(), bar.c_str(), status_text().c_str());
  } else {
    std::fprintf(out_, "%s: %s\n", label_.c_str(), status_text().c_str());
  }
  std::fflush(out_);
}

void Progress::advance(size_t n) {
  done_ += n;
  const auto now = Clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  if ((tty_ && since > 0.1) || (!tty_ && since >= log_every_s_)) {
    last_draw_ = now;
    draw();
  }
}

void Progress::finish() {
  draw();
  if (tty_) std::fprintf(out_, "\n");
}

}  // namespace finchat::train
