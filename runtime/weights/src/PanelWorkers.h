// Load-time transforms that write whole weight panels share them out across the cores: panels
// are independent and each is one contiguous block, so no two threads write one cache line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace bertc::weights::detail {

// Calls work(firstPanel, endPanel) over [0, panels), on up to one thread per core; small jobs
// (under 2^18 values in all) stay on the caller's thread, where starting threads would cost more.
template <class Work> void forPanelRanges(std::int64_t panels, std::int64_t values, Work work) {
  const std::int64_t workers =
      std::min<std::int64_t>(std::max(1u, std::thread::hardware_concurrency()), values >> 18);
  if (workers <= 1) {
    work(std::int64_t(0), panels);
    return;
  }
  std::vector<std::thread> threads;
  for (std::int64_t w = 0; w < workers; ++w)
    threads.emplace_back(work, panels * w / workers, panels * (w + 1) / workers);
  for (std::thread& t : threads)
    t.join();
}

} // namespace bertc::weights::detail
