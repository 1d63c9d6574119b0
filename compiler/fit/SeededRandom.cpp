#include "fit/SeededRandom.h"

#include <utility>

namespace bertc::fit {
namespace {

// SplitMix64's finalizer: mixes (seed, stream) so that neighbouring seeds give unrelated engines.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

} // namespace

SeededRandom::SeededRandom(std::uint64_t seed, std::uint64_t stream)
    : engine_(mix(seed ^ mix(stream))) {}

double SeededRandom::uniform01() {
  return double(engine_() >> 11) * 0x1.0p-53;
}

std::uint64_t SeededRandom::below(std::uint64_t n) {
  // Reject the top partial block of 2^64 so every residue is equally likely.
  const std::uint64_t limit = std::uint64_t(0) - (std::uint64_t(0) - n) % n;
  std::uint64_t x = engine_();
  while (limit != 0 && x >= limit)
    x = engine_();
  return x % n;
}

void SeededRandom::shuffle(std::vector<std::int64_t>& items) {
  for (std::size_t i = items.size(); i > 1; --i)
    std::swap(items[i - 1], items[below(i)]);
}

} // namespace bertc::fit
