// Benchmark inputs for bert-tune: uniform floats and ints from one fixed-seed engine per kernel,
// so every candidate schedule of a kernel runs on the same data.
#pragma once

#include <Halide.h>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

namespace bertc {

class BenchFill {
public:
  explicit BenchFill(uint64_t seed) : engine_(seed) {}

  // Floats uniform in [lo, hi).
  Halide::Buffer<> floats(std::vector<int> sizes, float lo, float hi) {
    Halide::Buffer<float> b(sizes);
    b.for_each_value([&](float& v) { v = lo + (hi - lo) * float(engine_() >> 40) * 0x1p-24f; });
    return b;
  }
  // Integers uniform in [lo, hi] of `type` (int8 weights, bf16 bit patterns, ...).
  Halide::Buffer<> typed(Halide::Type type, std::vector<int> sizes, int lo, int hi) {
    Halide::Buffer<> b(type, sizes);
    const int64_t n = int64_t(b.size_in_bytes() / size_t(type.bytes()));
    for (int64_t i = 0; i < n; ++i) {
      const int v = lo + int(engine_() % uint64_t(hi - lo + 1));
      if (type.bytes() == 1)
        reinterpret_cast<uint8_t*>(b.data())[i] = uint8_t(v);
      else
        reinterpret_cast<uint16_t*>(b.data())[i] = uint16_t(v);
    }
    return b;
  }
  Halide::Buffer<> ints(int n, const std::function<int(int)>& value) {
    Halide::Buffer<int32_t> b(n);
    for (int i = 0; i < n; ++i)
      b(i) = value(i);
    return b;
  }
  // Uniform in [0, n).
  int below(int n) { return int(engine_() % uint64_t(n)); }

private:
  std::mt19937_64 engine_;
};

} // namespace bertc
