// Random draws whose values are fixed by the seed on every platform. std::mt19937_64 is specified
// exactly by the standard; std::uniform_*_distribution is not, so the draws are made here.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace bertc::fit {

class SeededRandom {
public:
  // `stream` separates independent uses of one seed (initialization, shuffling, dropout), so
  // that changing how many draws one makes does not change the others.
  explicit SeededRandom(std::uint64_t seed, std::uint64_t stream = 0);

  // Uniform in [0, 1) with 53 random bits.
  double uniform01();
  // Uniform in [0, n), without modulo bias. n > 0.
  std::uint64_t below(std::uint64_t n);
  // Fisher-Yates with below().
  void shuffle(std::vector<std::int64_t>& items);

private:
  std::mt19937_64 engine_;
};

} // namespace bertc::fit
