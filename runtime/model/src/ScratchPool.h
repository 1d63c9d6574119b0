// The kernels' scratch memory (Model.cpp routes halide_malloc and halide_free here).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace bertc::detail {

// Kernel scratch memory. Halide kernels ask for temporaries (packed weight panels, attention
// score tiles) through halide_malloc on every call; this replaces the runtime's weak definition
// with a pool that keeps freed blocks for reuse, so once warm no inference touches the heap.
// Sizes are rounded up to a power of two and a free block of the same size serves a request.
// The first request of a size reserves one block per kernel thread: a caller's kernel runs at
// most that many tasks at once, each holding one block of a size (measured: 300 runs under load
// never held more), and growing one block at a time left the pool's size to whichever tasks
// happened to overlap — a loaded machine could reach a new overlap after any warm-up, and
// runtime.test saw 2 fresh allocations late. Concurrent callers may still grow the pool past it.
class ScratchPool {
public:
  static ScratchPool& get() {
    static ScratchPool* pool = new ScratchPool; // never destroyed: kernels may run at exit
    return *pool;
  }

  // bertc_set_num_threads passes its count here; before it, Halide's default (HL_NUM_THREADS,
  // else the processors online) is the thread count.
  void setThreads(int threads) {
    std::lock_guard<std::mutex> lock(mutex_);
    threads_ = size_t(threads);
  }

  void* allocate(size_t size) {
    if (size > (SIZE_MAX >> 1))
      return nullptr; // no power of two holds it
    size_t rounded = kAlignment;
    while (rounded < size)
      rounded *= 2;
    size = rounded;
    std::lock_guard<std::mutex> lock(mutex_);
    for (Block& b : blocks_)
      if (!b.inUse && b.size == size) {
        b.inUse = true;
        return b.ptr;
      }
    size_t sameSize = 0;
    for (const Block& b : blocks_)
      sameSize += b.size == size;
    size_t reserve = sameSize < threads_ ? threads_ - sameSize : 1;
    void* first = nullptr;
    for (size_t i = 0; i < reserve; ++i) {
      void* p = std::aligned_alloc(kAlignment, size); // pages cost memory once a kernel writes them
      if (!p)
        break;
      blocks_.push_back({p, size, first == nullptr});
      ++fresh_;
      if (!first)
        first = p;
    }
    return first;
  }

  void release(void* p) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Block& b : blocks_)
      if (b.ptr == p) {
        b.inUse = false;
        return;
      }
  }

  uint64_t freshAllocations() {
    std::lock_guard<std::mutex> lock(mutex_);
    return fresh_;
  }

private:
  static constexpr size_t kAlignment = 128; // what Halide's own halide_malloc guarantees
  struct Block {
    void* ptr;
    size_t size;
    bool inUse;
  };
  static size_t halideDefaultThreads() {
    for (const char* name : {"HL_NUM_THREADS", "HL_NUMTHREADS"})
      if (const char* v = std::getenv(name))
        if (int n = std::atoi(v); n > 0)
          return size_t(n);
    unsigned n = std::thread::hardware_concurrency();
    return n > 0 ? n : 1;
  }

  std::mutex mutex_;
  size_t threads_ = halideDefaultThreads();
  std::vector<Block> blocks_;
  uint64_t fresh_ = 0;
};

} // namespace bertc::detail
