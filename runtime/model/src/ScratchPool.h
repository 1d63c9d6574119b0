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
// the heap. Sizes are rounded up to a power of two and a free block of the same size serves a
// request: the pool then needs, per size, only as many blocks as were ever in use at once, which
// a warm-up reaches whatever order threads take and return them (matching blocks of "at most
// twice the size", a request could take a larger block another size's request then lacked, so
// how many blocks a run needed depended on which thread came first: runtime.test saw 2 fresh
// allocations after warm-up once, on a loaded machine).
class ScratchPool {
public:
  static ScratchPool& get() {
    static ScratchPool* pool = new ScratchPool; // never destroyed: kernels may run at exit
    return *pool;
  }

  void* allocate(size_t size) {
    if (size > (SIZE_MAX >> 1))
      return nullptr; // no power of two holds it
    size_t rounded = kAlignment;
    while (rounded < size)
      rounded *= 2;
    size = rounded;
    std::lock_guard<std::mutex> lock(mutex_);
    Block* best = nullptr;
    for (Block& b : blocks_)
      if (!b.inUse && b.size == size) {
        best = &b;
        break;
      }
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
