// Random draws whose values are fixed by the seed on every platform. std::mt19937_64 is specified
// exactly by the standard; std::uniform_*_distribution is not, so the draws are made here.
#pragma once

#include "support/Hash.h"

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace bertc::support {

class SeededRandom {
public:
  // `stream` separates independent uses of one seed (initialization, shuffling, dropout), so
  // that changing how many draws one makes does not change the others.
  explicit SeededRandom(std::uint64_t seed, std::uint64_t stream = 0)
      : engine_(mix(seed ^ mix(stream))) {}

  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return double(engine_() >> 11) * 0x1.0p-53; }

  // Uniform in [0, n), without modulo bias. n > 0.
  std::uint64_t below(std::uint64_t n) {
    // Reject the top partial block of 2^64 so every residue is equally likely.
    const std::uint64_t limit = std::uint64_t(0) - (std::uint64_t(0) - n) % n;
    std::uint64_t x = engine_();
    while (limit != 0 && x >= limit)
      x = engine_();
    return x % n;
  }

  // Fisher-Yates with below().
  void shuffle(std::vector<std::int64_t>& items) {
    for (std::size_t i = items.size(); i > 1; --i)
      std::swap(items[i - 1], items[below(i)]);
  }

private:
  static std::uint64_t mix(std::uint64_t x) { return splitMix64(x + kGoldenGamma); }

  std::mt19937_64 engine_;
};

} // namespace bertc::support
