// The kernels' scratch memory (Model.cpp routes halide_malloc and halide_free here).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace bertc::detail {

// Kernel scratch memory. Halide kernels ask for temporaries (packed weight panels, attention
// score tiles) through halide_malloc on every call; this replaces the runtime's weak definition
// with a pool that keeps freed blocks for reuse, so after the first request no inference touches
// the heap. Blocks are reused when at most twice the requested size.
class ScratchPool {
public:
  static ScratchPool& get() {
    static ScratchPool* pool = new ScratchPool; // never destroyed: kernels may run at exit
    return *pool;
  }

  void* allocate(size_t size) {
    size = (size + kAlignment - 1) / kAlignment * kAlignment;
    std::lock_guard<std::mutex> lock(mutex_);
    Block* best = nullptr;
    for (Block& b : blocks_)
      if (!b.inUse && b.size >= size && b.size <= 2 * size && (!best || b.size < best->size))
        best = &b;
    if (!best) {
      void* p = std::aligned_alloc(kAlignment, size);
      if (!p)
        return nullptr;
      blocks_.push_back({p, size, false});
      best = &blocks_.back();
      ++fresh_;
    }
    best->inUse = true;
    return best->ptr;
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
  std::mutex mutex_;
  std::vector<Block> blocks_;
  uint64_t fresh_ = 0;
};

} // namespace bertc::detail
