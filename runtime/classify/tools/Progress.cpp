#include "Progress.h"

#include <cstdio>
#include <string>

namespace bertc::cli {

Progress::Progress(size_t total, bool enabled)
    : total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()),
      lastDraw_(start_) {}

void Progress::update(size_t done) {
  const auto now = std::chrono::steady_clock::now();
  if (!enabled_ || now - lastDraw_ < std::chrono::milliseconds(100))
    return;
  lastDraw_ = now;
  draw(done);
}

void Progress::finish() {
  if (!enabled_)
    return;
  draw(total_);
  std::fputc('\n', stderr);
}

void Progress::draw(size_t done) {
  constexpr int kWidth = 30;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ ? double(done) / double(total_) : 1.0;
  const double rate = seconds > 0 ? double(done) / seconds : 0.0;
  const long eta = rate > 0 ? long(double(total_ - done) / rate + 0.5) : 0;
  std::string bar(size_t(fraction * kWidth), '=');
  bar.resize(kWidth, ' ');
  std::fprintf(stderr, "\r[%s] %zu/%zu %3d%%  %.1f texts/s  ETA %ld:%02ld ", bar.c_str(), done,
               total_, int(fraction * 100), rate, eta / 60, eta % 60);
  std::fflush(stderr);
}

} // namespace bertc::cli
