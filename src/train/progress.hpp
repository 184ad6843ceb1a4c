#pragma once
// Progress reporting: a redrawn bar with rate and ETA on a terminal, periodic log lines
// (every `log_every_s` seconds) when output is not a TTY.
#include <chrono>
#include <cstdio>
#include <string>

namespace finchat::train {

class Progress {
 public:
  Progress(std::string label, size_t total, double log_every_s = 5.0, FILE* out = stderr);
  void advance(size_t n = 1);
  void finish();
  // "12.3 files/s, ETA 00:42" style text for the current state (also used in tests).
  std::string status_text() const;
  bool is_tty() const { return tty_; }

 private:
  void draw();
  std::string label_;
  size_t total_, done_ = 0;
  double log_every_s_;
  FILE* out_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace finchat::train
