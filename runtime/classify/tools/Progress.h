// A progress line on stderr (done/total, bar, rate, ETA), redrawn at most ten times a second.
// Disabled, it prints nothing: bert-classify enables it only for a file when stderr is a
// terminal, so pipes and logs never see control characters.
#pragma once

#include <chrono>
#include <cstddef>

namespace bertc::cli {

class Progress {
public:
  Progress(size_t total, bool enabled);
  void update(size_t done);
  void finish(); // the final line, then a newline

private:
  void draw(size_t done);

  size_t total_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, lastDraw_;
};

} // namespace bertc::cli
